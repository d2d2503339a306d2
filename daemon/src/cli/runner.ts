import { Command } from "commander";
import { toWardenError } from "../../../protocol/src/errors";
import { WardenPaths, resolvePaths } from "../config";
import { Output } from "./output";

export interface CommandContext {
  paths: WardenPaths;
  out: Output;
  /** Parsed options (commander's camelCase names). */
  opts: Record<string, unknown>;
  /** Positional arguments, as given. */
  args: readonly unknown[];
}

/**
 * Gives every command the same edges: a `--json` flag, paths from the environment,
 * and one place where errors become a one-line message and an exit code.
 */
export class CommandRunner {
  exitCode = 0;

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  define(cmd: Command, action: (ctx: CommandContext) => number | Promise<number>): Command {
    cmd.option("--json", "print machine-readable JSON instead of text");
    cmd.action(async () => {
      const opts = cmd.opts<Record<string, unknown>>();
      const out = new Output(opts["json"] === true);
      try {
        this.exitCode = await action({ paths: resolvePaths(this.env), out, opts, args: cmd.processedArgs });
      } catch (err) {
        this.exitCode = out.fail(toWardenError(err));
      }
    });
    return cmd;
  }
}

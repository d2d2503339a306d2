import { Command } from "commander";
import { HOOK_AGENT_KINDS } from "../../../protocol/src/agent-kinds";
import { runHookMain } from "../hook/main";
import { CommandRunner } from "./runner";

/**
 * `warden hook KIND` (claude-code, codex, …): the command hook, for agents configured by hand.
 * `warden connect` writes the lean entry (dist/daemon/src/hook/main.js) instead, which
 * starts faster; both run the same code. Every failure is exit 2 (a deny).
 */
export function registerHookCommand(program: Command, run: CommandRunner): void {
  program
    .command("hook")
    .description("answer one agent hook call (hook JSON on stdin): exit 0 allows, exit 2 with a reason on stderr denies")
    .argument("<agent>", HOOK_AGENT_KINDS.join(" | "))
    .option("--workspace <dir>", "the workspace (default: CLAUDE_PROJECT_DIR, else the input's cwd)")
    .option("--home <dir>", "WARDEN_HOME of the daemon to ask (default: the environment's)")
    .option("--timeout <seconds>", "deny when no decision arrives in time (default 170)")
    .option("--json", "accepted for symmetry: the answer is always the agent's own JSON")
    .action(async (agent: string, opts: Record<string, unknown>) => {
      const args = [agent];
      for (const key of ["workspace", "home", "timeout"]) {
        const v = opts[key];
        if (typeof v === "string") args.push(`--${key}`, v);
      }
      const answer = await runHookMain(args, process.env, process.stdin);
      process.stdout.write(answer.stdout);
      process.stderr.write(answer.stderr);
      run.exitCode = answer.exitCode;
    });
}

import { Command } from "commander";
import { WardenError } from "../../../protocol/src/errors";
import { connectDaemon } from "../../../protocol/src/ws-transport";
import { StdioBridge } from "../broker/stdio-bridge";
import { EXIT } from "./exit-codes";
import { workspaceOption } from "./option-values";
import { CommandRunner } from "./runner";

/**
 * `warden mcp [--workspace DIR]`: the broker's tools for an MCP client that starts
 * servers over stdio (Claude Code, Codex). The agent's token comes from
 * WARDEN_TOKEN, as the client's MCP config passes it; stdout carries MCP frames
 * only, and every problem goes to stderr.
 */
export function registerMcpCommand(program: Command, run: CommandRunner, env: NodeJS.ProcessEnv = process.env): void {
  run.define(
    program
      .command("mcp")
      .description("serve Warden's tools (files, commands, git, HTTP; executed and audited by the daemon) to an MCP client over stdio; the agent token is read from WARDEN_TOKEN")
      .option("--workspace <dir>", "the agent's workspace (default: the current directory)"),
    async ({ paths, opts }) => {
      const token = env["WARDEN_TOKEN"];
      if (token === undefined || token.trim() === "") {
        throw new WardenError("unauthenticated", "WARDEN_TOKEN is not set: give the MCP server the agent's token ('warden token issue NAME') in its environment");
      }
      const workspace = workspaceOption(opts);
      const connect = async () => {
        try {
          return await connectDaemon({ socketPath: paths.socket }, { token: token.trim() });
        } catch (err) {
          if (err instanceof WardenError && err.code === "not_running") {
            throw new WardenError("not_running", `the Warden daemon is not running (WARDEN_HOME ${paths.home}); start it with 'warden daemon start'`);
          }
          throw err;
        }
      };
      const bridge = await StdioBridge.open(connect, workspace);
      await bridge.serve(process.stdin, process.stdout);
      return EXIT.ok;
    },
  );
}

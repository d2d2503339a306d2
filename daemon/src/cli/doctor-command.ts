import { Command } from "commander";
import { Check, checkDaemonAndAgents, checkNode, checkPolicy, checkState } from "./doctor-checks";
import { EXIT } from "./exit-codes";
import { workspaceOption } from "./option-values";
import { CommandRunner } from "./runner";

/** Extra checks other parts of Warden contribute (the keychain), run after the built-in ones. */
export type ExtraCheck = () => Promise<Check>;

const MARK: Record<Check["status"], string> = { ok: "ok  ", warn: "warn", fail: "FAIL" };

/** `warden doctor`: what is wrong with this machine's Warden, and what to do about it. */
export function registerDoctorCommand(program: Command, run: CommandRunner, env: NodeJS.ProcessEnv, extra: readonly ExtraCheck[] = []): void {
  run.define(
    program
      .command("doctor")
      .description("check Node, Warden's state, the daemon, the policy and this workspace's agents, and say what to fix")
      .option("--workspace <dir>", "the workspace whose policy and agents to check (default: the current directory)"),
    async ({ paths, out, opts }) => {
      const workspace = workspaceOption(opts);
      const checks: Check[] = [checkNode(), checkState(paths), checkPolicy(workspace, env), ...(await checkDaemonAndAgents(paths, workspace))];
      for (const e of extra) checks.push(await e());
      const failed = checks.filter((c) => c.status === "fail").length;
      const lines = checks.map((c) => `${MARK[c.status]}  ${c.name.padEnd(18)} ${c.detail}${c.fix !== null ? `\n      fix: ${c.fix}` : ""}`);
      out.result(`${lines.join("\n")}\n${failed === 0 ? "No problems that stop Warden." : `${failed} problem(s) to fix.`}`, { ok: failed === 0, checks });
      return failed === 0 ? EXIT.ok : EXIT.failure;
    },
  );
}

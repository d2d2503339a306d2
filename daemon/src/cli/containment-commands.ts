import readline from "node:readline";
import { Command } from "commander";
import { ContainmentResult } from "../../../protocol/src/containment-methods";
import { WardenError } from "../../../protocol/src/errors";
import { EXIT } from "./exit-codes";
import { workspaceOption } from "./option-values";
import { CommandRunner } from "./runner";
import { withDaemon } from "./session";

const WORKSPACE_HELP = "the workspace (default: the current directory)";

/** `warden agent contain|restore` and the machine-wide kill switch `warden contain --all`. */
export function registerContainmentCommands(program: Command, agent: Command, run: CommandRunner): void {
  const nameOf = (args: readonly unknown[]): string => (typeof args[0] === "string" ? args[0] : "");

  run.define(
    agent
      .command("contain")
      .description("stop an agent now: suspend it, revoke its tokens and grants, deny its pending approvals, kill its processes, snapshot the log")
      .argument("<name>")
      .option("--workspace <dir>", WORKSPACE_HELP)
      .option("--reason <text>", "why (recorded, and shown in the incident folder's manifest)"),
    async ({ paths, out, opts, args }) => {
      const r = await withDaemon(paths, (c) =>
        c.request("agents/contain", { workspace: workspaceOption(opts), name: nameOf(args), ...(typeof opts["reason"] === "string" ? { reason: opts["reason"] } : {}) }, { timeoutMs: 120_000 }),
      );
      out.result(describeContainment(r), r);
      return EXIT.ok;
    },
  );

  run.define(
    agent
      .command("restore")
      .description("return a contained agent to service, with a new token (recorded with who and why)")
      .argument("<name>")
      .requiredOption("--reason <text>", "why it may return (recorded)")
      .option("--confirm <name>", "repeat the agent's name to confirm (asked for on a terminal when missing)")
      .option("--ttl <duration>", "lifetime of the new token (default 1h)")
      .option("--workspace <dir>", WORKSPACE_HELP),
    async ({ paths, out, opts, args }) => {
      const name = nameOf(args);
      const confirm = typeof opts["confirm"] === "string" ? opts["confirm"] : await askConfirmation(name, out.json);
      const r = await withDaemon(paths, (c) =>
        c.request("agents/restore", {
          workspace: workspaceOption(opts),
          name,
          confirm,
          reason: String(opts["reason"]),
          ...(typeof opts["ttl"] === "string" ? { ttl: opts["ttl"] } : {}),
        }),
      );
      out.result(`Agent ${r.agent.name} is back in service. New token (shown once, expires ${r.info.expiresAt}):\n${r.token}`, r);
      return EXIT.ok;
    },
  );

  run.define(
    program
      .command("contain")
      .description("kill switch: contain every active or suspended agent on this machine")
      .option("--all", "required: contain every agent (for one agent use 'warden agent contain NAME')")
      .option("--reason <text>", "why (recorded)"),
    async ({ paths, out, opts }) => {
      if (opts["all"] !== true) throw new WardenError("invalid_params", "say --all to contain every agent, or use 'warden agent contain NAME' for one");
      const r = await withDaemon(paths, (c) => c.request("agents/contain-all", typeof opts["reason"] === "string" ? { reason: opts["reason"] } : {}, { timeoutMs: 600_000 }));
      out.result(r.contained.length === 0 ? "No active or suspended agents to contain." : r.contained.map(describeContainment).join("\n\n"), r);
      return EXIT.ok;
    },
  );
}

function describeContainment(r: ContainmentResult): string {
  return [
    `Agent ${r.agent.name} (${r.agent.workspace}) is contained${r.changed ? "" : " (it already was)"}.`,
    `  tokens revoked: ${r.tokensRevoked}; grants revoked: ${r.grantsRevoked}; approvals denied: ${r.approvalsDenied}; processes killed: ${r.processesKilled} (stopped in ${r.stoppedInMs.toFixed(1)} ms)`,
    `  evidence: ${r.snapshot.folder} (log head #${r.snapshot.headSeq} ${r.snapshot.headHash.slice(0, 16)}…, chain ${r.snapshot.verified ? "verified" : "NOT verified"})`,
    `  report: warden incident report ${r.agent.name} --workspace ${r.agent.workspace}`,
    `  return to service: warden agent restore ${r.agent.name} --workspace ${r.agent.workspace} --reason "…"`,
  ].join("\n");
}

/** The explicit human step: typing the agent's name at a terminal. */
async function askConfirmation(name: string, json: boolean): Promise<string> {
  if (json || process.stdin.isTTY !== true) throw new WardenError("invalid_params", `pass --confirm ${name} to confirm the restore (no terminal to ask on)`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await new Promise<string>((resolve) => rl.question(`Type the agent's name (${name}) to return it to service: `, (a) => resolve(a.trim())));
  } finally {
    rl.close();
  }
}

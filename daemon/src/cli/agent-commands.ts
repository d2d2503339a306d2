import { Command } from "commander";
import { AGENT_KIND_NAMES } from "../../../protocol/src/agent-kinds";
import { AgentInfo } from "../../../protocol/src/agents";
import { WardenError } from "../../../protocol/src/errors";
import { TokenInfo } from "../../../protocol/src/methods";
import { EXIT } from "./exit-codes";
import { CommandRunner } from "./runner";
import { withDaemon } from "./session";
import { workspaceOption } from "./option-values";

const WORKSPACE_HELP = "the workspace (default: the current directory), identified by its real path";

export function registerAgentCommands(program: Command, run: CommandRunner): void {
  const agent = program.command("agent").description("manage agent identities (each agent acts as itself, never as you)");
  const nameOf = (args: readonly unknown[]): string => (typeof args[0] === "string" ? args[0] : "");

  run.define(
    agent
      .command("add")
      .description("create an agent identity in a workspace")
      .argument("<name>", "lower-case name, unique in the workspace (e.g. claude-refactor)")
      .requiredOption("--kind <kind>", AGENT_KIND_NAMES.join(" | "))
      .requiredOption("--owner <who>", "the person accountable for this agent")
      .requiredOption("--purpose <text>", "what the agent is for")
      .option("--role <role>", "reader | writer | admin", "writer")
      .option("--expires <duration>", "the identity ends after this long (e.g. 30d)")
      .option("--workspace <dir>", WORKSPACE_HELP),
    async ({ paths, out, opts, args }) => {
      const params = {
        workspace: workspaceOption(opts),
        name: nameOf(args),
        kind: String(opts["kind"]),
        owner: String(opts["owner"]),
        purpose: String(opts["purpose"]),
        role: String(opts["role"]),
        ...(typeof opts["expires"] === "string" ? { expires: opts["expires"] } : {}),
      };
      const { agent: created } = await withDaemon(paths, (c) => c.request("agents/add", checkedAddParams(params)));
      out.result(`Created agent ${created.name} (${created.kind}, role ${created.role}) in ${created.workspace}.\nIssue it a token with: warden token issue ${created.name}`, { agent: created });
      return EXIT.ok;
    },
  );

  run.define(
    agent.command("list").description("list agent identities").option("--workspace <dir>", WORKSPACE_HELP).option("--all", "every workspace"),
    async ({ paths, out, opts }) => {
      const params = opts["all"] === true ? {} : { workspace: workspaceOption(opts) };
      const { agents } = await withDaemon(paths, (c) => c.request("agents/list", params));
      out.result(agents.length === 0 ? "No agents." : agents.map(describeAgentLine).join("\n"), { agents });
      return EXIT.ok;
    },
  );

  run.define(
    agent.command("show").description("show one identity and its tokens").argument("<name>").option("--workspace <dir>", WORKSPACE_HELP),
    async ({ paths, out, opts, args }) => {
      const r = await withDaemon(paths, (c) => c.request("agents/show", { workspace: workspaceOption(opts), name: nameOf(args) }));
      out.result(`${describeAgent(r.agent)}\n  tokens:\n${r.tokens.map(describeToken).join("\n") || "    none"}`, r);
      return EXIT.ok;
    },
  );

  for (const [verb, description] of [
    ["suspend", "stop an agent for now: its tokens stop working until it is resumed"],
    ["revoke", "end an identity for good and revoke all its tokens"],
  ] as const) {
    run.define(
      agent.command(verb).description(description).argument("<name>").option("--reason <text>", "why (recorded)").option("--workspace <dir>", WORKSPACE_HELP),
      async ({ paths, out, opts, args }) => {
        const params = { workspace: workspaceOption(opts), name: nameOf(args), ...(typeof opts["reason"] === "string" ? { reason: opts["reason"] } : {}) };
        const r = await withDaemon(paths, (c) => (verb === "suspend" ? c.request("agents/suspend", params) : c.request("agents/revoke", params)));
        out.result(`Agent ${r.agent.name} is now ${r.agent.status}.`, r);
        return EXIT.ok;
      },
    );
  }

  run.define(
    agent.command("resume").description("return a suspended agent to service").argument("<name>").option("--workspace <dir>", WORKSPACE_HELP),
    async ({ paths, out, opts, args }) => {
      const r = await withDaemon(paths, (c) => c.request("agents/resume", { workspace: workspaceOption(opts), name: nameOf(args) }));
      out.result(`Agent ${r.agent.name} is active again. Its old tokens work again if not expired; issue a new one with: warden token issue ${r.agent.name}`, r);
      return EXIT.ok;
    },
  );

  const token = program.command("token").description("issue and revoke short-lived agent tokens");
  run.define(
    token
      .command("issue")
      .description("issue a token for an agent; it is printed once and only its hash is kept")
      .argument("<agent>")
      .option("--ttl <duration>", "lifetime, at most 24h", "1h")
      .option("--workspace <dir>", WORKSPACE_HELP),
    async ({ paths, out, opts, args }) => {
      const r = await withDaemon(paths, (c) => c.request("tokens/issue", { workspace: workspaceOption(opts), name: nameOf(args), ttl: String(opts["ttl"]) }));
      out.info(`Token ${r.info.id} for ${r.info.agent}, valid until ${r.info.expiresAt}. It is shown once; keep it out of the repository.`);
      out.result(r.token, r);
      return EXIT.ok;
    },
  );
  run.define(
    token.command("revoke").description("revoke one token by its id").argument("<token-id>"),
    async ({ paths, out, args }) => {
      const r = await withDaemon(paths, (c) => c.request("tokens/revoke", { tokenId: nameOf(args) }));
      out.result(r.revoked ? "Token revoked." : "No live token with that id.", r);
      return r.revoked ? EXIT.ok : EXIT.failure;
    },
  );
}

/** Narrows the CLI's strings to the declared types, naming the bad flag (the daemon validates again). */
function checkedAddParams(p: { workspace: string; name: string; kind: string; owner: string; purpose: string; role: string; expires?: string }) {
  const kinds = AGENT_KIND_NAMES;
  const roles = ["reader", "writer", "admin"] as const;
  const kind = kinds.find((k) => k === p.kind);
  const role = roles.find((r) => r === p.role);
  if (kind === undefined) throw new WardenError("bad_config", `--kind '${p.kind}' is not one of ${kinds.join(", ")}`);
  if (role === undefined) throw new WardenError("bad_config", `--role '${p.role}' is not one of ${roles.join(", ")}`);
  return { ...p, kind, role };
}


function describeAgentLine(a: AgentInfo): string {
  return `${a.name.padEnd(20)} ${a.kind.padEnd(12)} ${a.role.padEnd(7)} ${effectiveStatus(a).padEnd(10)} owner ${a.owner}  (${a.workspace})`;
}

function describeAgent(a: AgentInfo): string {
  return [
    `agent ${a.name} (${a.id})`,
    `  workspace: ${a.workspace}`,
    `  kind:      ${a.kind}`,
    `  role:      ${a.role}`,
    `  status:    ${effectiveStatus(a)}${a.statusReason !== null ? ` (${a.statusReason})` : ""}`,
    `  owner:     ${a.owner}`,
    `  purpose:   ${a.purpose}`,
    `  created:   ${a.createdAt} by ${a.createdBy}`,
    `  expires:   ${a.expiresAt ?? "never (until revoked)"}`,
  ].join("\n");
}

function describeToken(t: TokenInfo): string {
  return `    ${t.id}  ${t.state.padEnd(8)} issued ${t.issuedAt} by ${t.issuedBy}, expires ${t.expiresAt}`;
}

function effectiveStatus(a: AgentInfo): string {
  return a.status === "active" && a.expiresAt !== null && Date.parse(a.expiresAt) <= Date.now() ? "expired" : a.status;
}

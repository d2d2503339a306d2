import { Command } from "commander";
import { AGENT_KINDS, HOOK_AGENT_KINDS } from "../../../protocol/src/agent-kinds";
import { WardenError } from "../../../protocol/src/errors";
import { agentContext } from "../agents/context";
import { parseHookAgent, programOf } from "../agents/registry";
import { AgentContext, AgentPlugin } from "../agents/types";
import { WardenPaths } from "../config";
import { runForeground } from "../connect/agent-run";
import { ensureAgent, findAgent, defaultAgentName, requireUsable } from "../connect/agent-identity";
import { removeIfEmpty } from "../connect/agent-files";
import { EXIT } from "./exit-codes";
import { CommandRunner } from "./runner";
import { connectToDaemon, withDaemon } from "./session";
import { workspaceOption } from "./option-values";

const WORKSPACE_HELP = "the workspace (default: the current directory)";
const AGENT_HELP = "the agent identity's name (default: the agent kind, e.g. claude-code)";
const KINDS_HELP = HOOK_AGENT_KINDS.join(" | ");

export function registerConnectCommands(program: Command, run: CommandRunner): void {
  run.define(
    program
      .command("connect")
      .description(
        [
          "gate an agent through Warden in this workspace: creates its identity if missing and writes its hooks, shell gate and MCP server.",
          ...AGENT_KINDS.flatMap((k) => (k.connects !== null ? [`${k.displayName}: ${k.connects}`] : [])),
          "Start the agent with 'warden run'.",
        ].join("\n"),
      )
      .argument("<agent>", KINDS_HELP)
      .option("--workspace <dir>", WORKSPACE_HELP)
      .option("--agent <name>", AGENT_HELP)
      .option("--owner <who>", "the person accountable for a new identity (default: your user name)")
      .option("--purpose <text>", "what a new identity is for"),
    async ({ paths, out, opts, args }) => {
      const plugin = parseHookAgent(args[0]);
      const kind = plugin.kind;
      const workspace = workspaceOption(opts);
      const name = stringOpt(opts, "agent") ?? defaultAgentName(kind);
      const { agent, created, listen } = await withDaemon(paths, async (c) => {
        const status = await c.request("daemon/status", {});
        const owner = stringOpt(opts, "owner");
        const purpose = stringOpt(opts, "purpose");
        const r = await ensureAgent(c, { workspace, name, kind, ...(owner !== undefined ? { owner } : {}), ...(purpose !== undefined ? { purpose } : {}) });
        return { ...r, listen: status.listen };
      });
      const ctx = agentContext(agent, paths.home, listen);
      const files = plugin.connect(ctx);
      const how = listen !== null ? `HTTP hooks to ${listen}` : "command hooks (the daemon has no TCP listener)";
      out.result(
        [
          `${created ? "Created" : "Reusing"} agent ${agent.name} (${agent.kind}) in ${workspace}; ${how}.`,
          ...files.map((f) => `  wrote ${f}`),
          `Start it with: warden run ${kind} --workspace ${workspace}${name !== kind ? ` --agent ${name}` : ""} -- ${programOf(kind)} …`,
        ].join("\n"),
        { agent, created, transport: listen !== null ? "http" : "command", listen, files, codexHome: plugin.agentHome(ctx) },
      );
      return EXIT.ok;
    },
  );

  run.define(
    program
      .command("disconnect")
      .description("remove what 'warden connect' wrote for an agent in this workspace (and only that)")
      .argument("<agent>", KINDS_HELP)
      .option("--workspace <dir>", WORKSPACE_HELP)
      .option("--agent <name>", AGENT_HELP)
      .option("--revoke", "also revoke the agent identity and all its tokens"),
    async ({ paths, out, opts, args }) => {
      const plugin = parseHookAgent(args[0]);
      const workspace = workspaceOption(opts);
      const name = stringOpt(opts, "agent") ?? defaultAgentName(plugin.kind);
      const agent = await withDaemon(paths, (c) => findAgent(c, workspace, name));
      const ctx = agent !== null ? agentContext(agent, paths.home, null) : null;
      const { removed, files } = plugin.disconnect({ workspace, home: paths.home, agent: ctx });
      if (ctx !== null) removeIfEmpty(ctx.dir);
      let revoked = false;
      if (opts["revoke"] === true) {
        if (agent === null) throw new WardenError("not_found", `no agent '${name}' in ${workspace} to revoke`);
        await withDaemon(paths, (c) => c.request("agents/revoke", { workspace, name, reason: "warden disconnect --revoke" }));
        revoked = true;
      }
      out.result(
        [`Removed ${removed} Warden ${removed === 1 ? "entry" : "entries"} for ${name} in ${workspace}.`, ...files.map((f) => `  changed ${f}`), ...(revoked ? [`Agent ${name} is revoked.`] : [])].join("\n"),
        { agent: name, removed, files, revoked },
      );
      return EXIT.ok;
    },
  );

  run.define(
    program
      .command("run")
      .description(
        "run an agent with a fresh session token (in WARDEN_TOKEN, never in a file); the token is revoked when the agent exits.\n" +
          "Example: warden run claude-code -- claude -p 'fix the tests'",
      )
      .argument("<agent>", KINDS_HELP)
      .argument("<command...>", "the agent's command line, after --")
      .option("--workspace <dir>", WORKSPACE_HELP)
      .option("--agent <name>", AGENT_HELP)
      .option("--ttl <duration>", "session token lifetime, at most 24h", "1h"),
    async ({ paths, out, opts, args }) => {
      const plugin = parseHookAgent(args[0]);
      const kind = plugin.kind;
      const command = Array.isArray(args[1]) ? args[1].filter((a): a is string => typeof a === "string") : [];
      if (command.length === 0) throw new WardenError("bad_config", "no agent command: put it after --, e.g. warden run claude-code -- claude");
      const workspace = workspaceOption(opts);
      const name = stringOpt(opts, "agent") ?? defaultAgentName(kind);
      const { ctx, token, tokenId, expiresAt } = await withDaemon(paths, async (c) => {
        const agent = await findAgent(c, workspace, name);
        if (agent === null) throw new WardenError("not_found", `no agent '${name}' in ${workspace}; run 'warden connect ${kind} --workspace ${workspace}' first`);
        requireUsable(agent, kind);
        const status = await c.request("daemon/status", {});
        const wired = agentContext(agent, paths.home, status.listen);
        requireConnected(plugin, wired);
        const issued = await c.request("tokens/issue", { workspace, name, ttl: String(opts["ttl"]) });
        return { ctx: wired, token: issued.token, tokenId: issued.info.id, expiresAt: issued.info.expiresAt };
      });
      const launch = plugin.launch(ctx, command, token, process.env);
      const info = { agent: name, workspace, tokenId, expiresAt, command };
      process.stderr.write(out.json ? `${JSON.stringify({ event: "started", ...info })}\n` : `warden: running ${command[0] ?? ""} as agent ${name} in ${workspace} (token ${tokenId}, expires ${expiresAt})\n`);
      let code: number;
      try {
        code = await runForeground(launch.file, launch.args, launch.env);
      } finally {
        await revokeQuietly(paths, tokenId, out.json);
      }
      return code;
    },
  );
}

/** Refuses to start an agent whose gate is missing or was written for another daemon address. */
function requireConnected(plugin: AgentPlugin, ctx: AgentContext): void {
  const state = plugin.wiringState(ctx);
  if (state === "current") return;
  const what = state === "absent" ? "are missing" : "are out of date (the daemon's address or Warden's install moved)";
  const { kind } = plugin;
  throw new WardenError("conflict", `Warden's settings for ${kind} agent ${ctx.agent.name} in ${ctx.workspace} ${what}; run 'warden connect ${kind} --workspace ${ctx.workspace}${ctx.agent.name !== kind ? ` --agent ${ctx.agent.name}` : ""}' first`);
}

async function revokeQuietly(paths: WardenPaths, tokenId: string, json: boolean): Promise<void> {
  try {
    const client = await connectToDaemon(paths);
    try {
      await client.request("tokens/revoke", { tokenId });
    } finally {
      client.close();
    }
    process.stderr.write(json ? `${JSON.stringify({ event: "revoked", tokenId })}\n` : `warden: session token ${tokenId} revoked\n`);
  } catch (err) {
    process.stderr.write(`warden: could not revoke session token ${tokenId} (${err instanceof Error ? err.message : String(err)}); revoke it with 'warden token revoke ${tokenId}'\n`);
  }
}

function stringOpt(opts: Record<string, unknown>, key: string): string | undefined {
  const v = opts[key];
  return typeof v === "string" ? v : undefined;
}

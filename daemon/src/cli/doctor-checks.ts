import fs from "node:fs";
import { WardenClient } from "../../../protocol/src/client";
import { toWardenError } from "../../../protocol/src/errors";
import { WardenPaths } from "../config";
import { isHookAgentKind } from "../../../protocol/src/agent-kinds";
import { agentContext } from "../agents/context";
import { pluginFor } from "../agents/registry";
import { loadPolicySet } from "../policy/policy-set";
import { readToken } from "../state/home";
import { connectToDaemon } from "./session";

export type CheckStatus = "ok" | "warn" | "fail";

export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
  /** What to do about it; null when nothing needs doing. */
  fix: string | null;
}

/** The Node range in package.json `engines` (>=20.19 <25): a daemon on another Node cannot load its native module. */
const MIN_MAJOR = 20;
const MIN_MINOR = 19;
const MAX_MAJOR = 24;

export function checkNode(version: string = process.version): Check {
  const [major = 0, minor = 0] = version.replace(/^v/, "").split(".").map(Number);
  const ok = (major > MIN_MAJOR || (major === MIN_MAJOR && minor >= MIN_MINOR)) && major <= MAX_MAJOR;
  return ok
    ? { name: "node", status: major === 20 ? "warn" : "ok", detail: `${version}${major === 20 ? " (end of life since April 2026)" : ""}`, fix: major === 20 ? "move to Node 22 or 24 when you can (reinstall so better-sqlite3 is rebuilt for it)" : null }
    : { name: "node", status: "fail", detail: `${version} is outside Warden's supported range (>=20.19 <25)`, fix: "install Node 20.19+, 22 or 24 and reinstall Warden" };
}

/** The state directory and token: owner-only, as the daemon demands before it starts. */
export function checkState(paths: WardenPaths): Check {
  if (!fs.existsSync(paths.home)) return { name: "state", status: "warn", detail: `${paths.home} does not exist yet`, fix: "warden daemon start creates it" };
  try {
    const mode = fs.statSync(paths.home).mode & 0o777;
    if ((mode & 0o077) !== 0) return { name: "state", status: "fail", detail: `${paths.home} has mode ${mode.toString(8)}`, fix: `chmod 700 '${paths.home}'` };
    if (fs.existsSync(paths.token)) readToken(paths.token);
    return { name: "state", status: "ok", detail: `${paths.home} (owner-only)`, fix: null };
  } catch (err) {
    return { name: "state", status: "fail", detail: toWardenError(err).message, fix: "see the message; a token that others could read must be deleted (a new one is made at the next start)" };
  }
}

export function checkPolicy(workspace: string, env: NodeJS.ProcessEnv): Check {
  const result = loadPolicySet(workspace, env);
  if (!result.ok) {
    const first = result.problems[0];
    return { name: "policy", status: "fail", detail: `${result.problems.length} problem(s); first: ${first === undefined ? "" : `${first.file}:${first.line}:${first.column}: ${first.message}`}`, fix: "warden policy check shows them all" };
  }
  const files = result.set.layers.map((l) => `${l.layer} ${l.file}`).join(", ");
  return { name: "policy", status: "ok", detail: files, fix: null };
}

/** The daemon, its loopback listener (HTTP hooks), and each connected agent's wiring in this workspace. */
/** Commands Warden runs are held by the OS only where a sandbox works; without one they run with all of the user's power. */
export function sandboxCheck(sandbox: { available: boolean; detail: string } | undefined): Check {
  if (sandbox === undefined) return { name: "sandbox", status: "warn", detail: "the daemon does not report an OS sandbox (an older Warden)", fix: "restart the daemon from this install" };
  if (sandbox.available) return { name: "sandbox", status: "ok", detail: `commands Warden runs are held in an OS sandbox (${sandbox.detail})`, fix: null };
  return {
    name: "sandbox",
    status: "warn",
    detail: `no OS sandbox: commands Warden allows run with all of your power (policy sandbox.mode "preferred"), or are denied ("required"): ${sandbox.detail}`,
    fix: "install bubblewrap (apt-get install bubblewrap) and restart the daemon",
  };
}

export async function checkDaemonAndAgents(paths: WardenPaths, workspace: string): Promise<Check[]> {
  let client: WardenClient;
  try {
    client = await connectToDaemon(paths, 3000);
  } catch (err) {
    return [{ name: "daemon", status: "fail", detail: toWardenError(err).message, fix: "warden daemon start --listen 127.0.0.1:7391" }];
  }
  try {
    const status = await client.request("daemon/status", {});
    const checks: Check[] = [
      { name: "daemon", status: "ok", detail: `pid ${status.pid}, version ${status.version}, audit head #${status.audit.headSeq}`, fix: null },
      status.listen === null
        ? { name: "listener", status: "warn", detail: "no loopback listener: Claude Code gets command hooks (a process per tool call)", fix: "restart with 'warden daemon start --listen 127.0.0.1:7391' and run 'warden connect' again" }
        : { name: "listener", status: "ok", detail: status.listen, fix: null },
      sandboxCheck(status.sandbox),
    ];
    const verify = await client.request("audit/verify", {});
    checks.push(
      verify.ok
        ? { name: "audit log", status: "ok", detail: `${verify.checked} records verified`, fix: null }
        : { name: "audit log", status: "fail", detail: `broken at record ${verify.firstBadSeq ?? "?"}: ${verify.problem ?? ""}`, fix: "warden audit verify; keep the file for investigation" },
    );
    const { agents } = await client.request("agents/list", { workspace });
    for (const agent of agents) {
      // MCP-only kinds have no settings of their own to check.
      if (!isHookAgentKind(agent.kind)) continue;
      const state = pluginFor(agent.kind).wiringState(agentContext(agent, paths.home, status.listen));
      const reconnect = `warden connect ${agent.kind} --workspace ${workspace} --agent ${agent.name}`;
      checks.push(
        agent.status !== "active"
          ? { name: `agent ${agent.name}`, status: "warn", detail: `${agent.status}${agent.statusReason !== null ? `: ${agent.statusReason}` : ""}`, fix: agent.status === "contained" ? `warden agent restore ${agent.name} --reason … --confirm ${agent.name}` : null }
          : state === "current"
            ? { name: `agent ${agent.name}`, status: "ok", detail: `${agent.kind} hooks, shell gate and MCP server in place`, fix: null }
            : { name: `agent ${agent.name}`, status: "fail", detail: `${agent.kind} wiring is ${state === "absent" ? "missing" : "out of date (the daemon's address or Warden's install moved)"}`, fix: reconnect },
      );
    }
    return checks;
  } finally {
    client.close();
  }
}

import fs from "node:fs";
import { Action, DecisionResult } from "../../../protocol/src/actions";
import { JsonValue } from "../../../protocol/src/json";
import { builtin, FileContext, fileSubject } from "./file-subject";
import { parseHttpTarget, needsExplicitRule } from "./http";
import { decideSubject, MatchOptions, PolicySet, strictest } from "./layers";
import { decideShell } from "./shell-decision";
import { ShellParser } from "./shell/types";
import { Actor } from "./subject";
import { BROKER_MCP_SERVER } from "../../../protocol/src/http-routes";

export interface EngineContext {
  /** The workspace's real path. */
  workspace: string;
  /** Where the agent runs commands; defaults to the workspace. */
  cwd?: string;
  /** The agent acting, or null when a human asks what an agent would get. */
  actor: Actor | null;
  wardenHome: string;
  home: string;
  caseInsensitive: boolean;
  shell: ShellParser;
}

/** Role separation that no policy can lift: readers read. */
const WRITING_KINDS = new Set(["file.write", "file.delete", "git.commit", "git.push", "policy.change"]);

/**
 * Decides one normalised action: built-in protections first (they settle it, and no
 * rule can lift them), then every policy layer, strictest wins. Never throws for
 * any input: a failure to decide is a deny with the reason.
 */
export function decideAction(set: PolicySet, action: Action, ctx: EngineContext): DecisionResult {
  try {
    return decide(set, action, ctx);
  } catch (err) {
    return builtin("deny", "internal-error", `Warden could not decide this action (${err instanceof Error ? err.message : String(err)}), so it is refused`);
  }
}

function decide(set: PolicySet, action: Action, ctx: EngineContext): DecisionResult {
  const match: MatchOptions = { actor: ctx.actor, home: ctx.home, caseInsensitive: ctx.caseInsensitive };
  const files: FileContext = { workspace: ctx.workspace, home: ctx.home, wardenHome: ctx.wardenHome, caseInsensitive: ctx.caseInsensitive, ...(ctx.cwd !== undefined ? { cwd: ctx.cwd } : {}) };
  if (ctx.actor?.role === "reader" && WRITING_KINDS.has(action.kind)) {
    return builtin("deny", "reader-role", `${ctx.actor.name} has the reader role: it may not ${action.kind}`);
  }
  switch (action.kind) {
    case "file.read":
    case "file.write":
    case "file.delete": {
      const f = fileSubject(action.kind, action.target, files);
      const decided = "builtin" in f ? f.builtin : decideSubject(set, f.subject, match);
      // Attack: writing nothing over a file with content deletes what it held; decided as the deletion it is.
      if (action.kind === "file.write" && action.details["bytes"] === 0 && "subject" in f && f.subject.kind === "file.write" && hasContent(f.subject.real)) {
        const del = fileSubject("file.delete", action.target, files);
        return strictest([decided, "builtin" in del ? del.builtin : decideSubject(set, del.subject, match)]) ?? decided;
      }
      return decided;
    }
    case "shell.exec":
      return decideShell(action.target, set, ctx.shell, files, match);
    case "http.request": {
      const target = parseHttpTarget(action.target);
      // Attack: SSRF tricks (userinfo, odd IP encodings, non-HTTP schemes) slipping past host rules.
      if (!target.ok) return builtin("deny", "bad-url", `the URL is refused: ${target.reason}`);
      const method = text(action.details["method"]) ?? "GET";
      return decideSubject(
        set,
        { kind: "http.request", scheme: target.scheme, host: target.host, port: target.port, method: method.toUpperCase(), path: target.path, explicitOnly: needsExplicitRule(target) },
        match,
      );
    }
    case "git.push": {
      const remote = text(action.details["remote"]);
      const branch = text(action.details["branch"]);
      if (remote === null || branch === null) return builtin("ask", "push-unknown-target", "the push does not say which remote and branch; asking");
      return decideSubject(set, { kind: "git.push", remote, branch, force: action.details["force"] === true }, match);
    }
    case "mcp.call": {
      const server = text(action.details["server"]);
      const tool = text(action.details["tool"]);
      if (server === null || tool === null) return builtin("deny", "bad-mcp-call", "the MCP call does not name its server and tool");
      // Warden's own broker decides, executes and audits each of its calls itself (by the
      // action it amounts to), so the gate lets the call through to it rather than asking twice.
      if (server === BROKER_MCP_SERVER) return builtin("allow", "warden-broker", "a call to Warden's own tools: the broker decides it by the action it amounts to");
      return decideSubject(set, { kind: "mcp.call", server, tool }, match);
    }
    case "secret.use": {
      const name = text(action.details["name"]);
      if (name === null) return builtin("deny", "bad-secret-use", "the secret use does not name the secret");
      return decideSubject(set, { kind: "secret.use", name }, match);
    }
    case "policy.change":
      // Attack: an agent loosening the rules that bind it.
      if (ctx.actor !== null) return builtin("deny", "policy-change", "only a human changes policy");
      return decideSubject(set, { kind: "policy.change" }, match);
    case "tool.unknown":
      return decideSubject(set, { kind: "tool.unknown", tool: action.tool }, match);
    case "git.commit":
    case "web.search":
      return decideSubject(set, { kind: action.kind }, match);
  }
}

function text(v: JsonValue | undefined): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

function hasContent(real: string): boolean {
  try {
    const st = fs.statSync(real);
    return st.isFile() && st.size > 0;
  } catch {
    return false;
  }
}

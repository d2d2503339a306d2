import path from "node:path";
import { WardenError } from "../../../../protocol/src/errors";
import { CommandContext, hookArgv, shellJoin, splitSimple } from "../../hook/entry-points";
import { SHELL_GATE_FILE } from "./shell-gate-script";
import { JsonObject, isObject } from "../../connect/json-file";
import { HOOK_ROUTE } from "../../../../protocol/src/http-routes";

/**
 * Warden's entries in a workspace's `.claude/settings.local.json` (never the team's
 * `.claude/settings.json`). Claude Code ignores unknown keys in a hook, but VS Code's
 * agent reads the same files, so nothing extra is added to mark them: Warden's own
 * entries are recognised by what they are (a hook posting to Warden's hook route
 * with the WARDEN_TOKEN header, or a command running Warden's hook entry), and
 * everything else in the file is kept as it is.
 */

export const CLAUDE_HOOK_EVENTS = ["PreToolUse", "PostToolUse", "UserPromptSubmit", "PermissionRequest"] as const;
/** Above the daemon's 120 s wait for a person's approval and the hook's own 170 s deadline. */
export const HOOK_TIMEOUT_SECONDS = 180;
const AUTH_HEADER = "Bearer $WARDEN_TOKEN";

export interface ClaudeWiring extends CommandContext {
  /** The daemon's loopback TCP listener (host:port), or null: then command hooks. */
  listen: string | null;
  /** The shell gate program (CLAUDE_CODE_SHELL_PREFIX). */
  gate: string;
}

export function wardenHook(w: ClaudeWiring): JsonObject {
  if (w.listen !== null) {
    return {
      type: "http",
      url: `http://${w.listen}${HOOK_ROUTE}`,
      headers: { Authorization: AUTH_HEADER },
      allowedEnvVars: ["WARDEN_TOKEN"],
      timeout: HOOK_TIMEOUT_SECONDS,
      onFailure: "block",
    };
  }
  return { type: "command", command: shellJoin(hookArgv("claude-code", w)), timeout: HOOK_TIMEOUT_SECONDS };
}

function group(event: string, hook: JsonObject): JsonObject {
  return event === "UserPromptSubmit" ? { hooks: [hook] } : { matcher: "*", hooks: [hook] };
}

/** Adds (or refreshes) Warden's hooks and shell gate, keeping every other setting. */
export function connectClaude(settings: JsonObject | null, w: ClaudeWiring, file: string): JsonObject {
  const out = disconnectClaude(settings ?? {}, file).settings;
  const hooks = objectField(out, "hooks", file);
  for (const event of CLAUDE_HOOK_EVENTS) {
    const list = arrayField(hooks, event, file, "hooks.");
    list.push(group(event, wardenHook(w)));
    hooks[event] = list;
  }
  out["hooks"] = hooks;
  const env = objectField(out, "env", file);
  const prefix = env["CLAUDE_CODE_SHELL_PREFIX"];
  if (prefix !== undefined && !isWardenGate(prefix)) {
    throw new WardenError("conflict", `${file} already sets env.CLAUDE_CODE_SHELL_PREFIX to ${JSON.stringify(prefix)}; Warden's shell gate cannot be chained with another prefix. Remove that setting and run 'warden connect claude-code' again.`, { path: file });
  }
  env["CLAUDE_CODE_SHELL_PREFIX"] = w.gate;
  out["env"] = env;
  return out;
}

/** Removes exactly Warden's entries; containers left empty by that go too. */
export function disconnectClaude(settings: JsonObject, file: string): { settings: JsonObject; removed: number } {
  const out: JsonObject = structuredClone(settings);
  let removed = 0;
  if (isObject(out["hooks"])) {
    const hooks = out["hooks"];
    for (const [event, list] of Object.entries(hooks)) {
      if (!Array.isArray(list)) continue;
      const kept: unknown[] = [];
      for (const g of list) {
        if (!isObject(g) || !Array.isArray(g["hooks"])) {
          kept.push(g);
          continue;
        }
        const inner = g["hooks"].filter((h) => !isWardenHook(h));
        removed += g["hooks"].length - inner.length;
        if (inner.length > 0 || inner.length === g["hooks"].length) kept.push({ ...g, hooks: inner });
      }
      if (kept.length > 0) hooks[event] = kept;
      else delete hooks[event];
    }
    if (Object.keys(hooks).length === 0) delete out["hooks"];
  } else if (out["hooks"] !== undefined) {
    throw new WardenError("conflict", `${file}: "hooks" is not an object; fix the file and run the command again`, { path: file });
  }
  if (isObject(out["env"]) && isWardenGate(out["env"]["CLAUDE_CODE_SHELL_PREFIX"])) {
    delete out["env"]["CLAUDE_CODE_SHELL_PREFIX"];
    removed++;
    if (Object.keys(out["env"]).length === 0) delete out["env"];
  }
  return { settings: out, removed };
}

/** Whether the settings hold Warden's entries exactly as `connect` would write them now. */
export function claudeState(settings: JsonObject | null, w: ClaudeWiring): "current" | "stale" | "absent" {
  if (settings === null) return "absent";
  const want = stable(wardenHook(w));
  const hooks = isObject(settings["hooks"]) ? settings["hooks"] : {};
  let found = 0;
  let current = 0;
  for (const list of Object.values(hooks)) {
    if (!Array.isArray(list)) continue;
    for (const g of list) {
      if (!isObject(g) || !Array.isArray(g["hooks"])) continue;
      for (const h of g["hooks"]) {
        if (!isWardenHook(h)) continue;
        found++;
        if (stable(h) === want) current++;
      }
    }
  }
  const env = isObject(settings["env"]) ? settings["env"] : {};
  const gate = env["CLAUDE_CODE_SHELL_PREFIX"];
  if (found === 0 && !isWardenGate(gate)) return "absent";
  const everyEvent = CLAUDE_HOOK_EVENTS.every((e) => Array.isArray(hooks[e]) && hooks[e].some((g) => isObject(g) && Array.isArray(g["hooks"]) && g["hooks"].some((h) => stable(h) === want)));
  return everyEvent && current === found && gate === w.gate ? "current" : "stale";
}

export function isWardenHook(h: unknown): boolean {
  if (!isObject(h)) return false;
  if (h["type"] === "http" && typeof h["url"] === "string") {
    const headers = h["headers"];
    try {
      return new URL(h["url"]).pathname === HOOK_ROUTE && isObject(headers) && headers["Authorization"] === AUTH_HEADER;
    } catch {
      return false;
    }
  }
  if (h["type"] === "command" && typeof h["command"] === "string") {
    const words = splitSimple(h["command"]);
    return words !== null && words.length >= 3 && (words[1] ?? "").endsWith(`${path.sep}hook${path.sep}main.js`) && words[2] === "claude-code";
  }
  return false;
}

function isWardenGate(v: unknown): boolean {
  return typeof v === "string" && path.basename(v) === SHELL_GATE_FILE && v.includes(`${path.sep}agents${path.sep}`);
}

function objectField(o: JsonObject, key: string, file: string): JsonObject {
  const v = o[key];
  if (v === undefined) return {};
  if (!isObject(v)) throw new WardenError("conflict", `${file}: "${key}" is not an object; fix the file and run the command again`, { path: file });
  return v;
}

function arrayField(o: JsonObject, key: string, file: string, where: string): unknown[] {
  const v = o[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new WardenError("conflict", `${file}: "${where}${key}" is not a list; fix the file and run the command again`, { path: file });
  return v;
}

/** JSON with keys in a fixed order, for comparing entries. */
export function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stable(v[k])}`).join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

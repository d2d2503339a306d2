import fs from "node:fs";
import path from "node:path";
import { WardenError } from "../../../../protocol/src/errors";
import { CommandContext, hookArgv, mcpArgv, shellJoin, splitSimple } from "../../hook/entry-points";
import { HOOK_TIMEOUT_SECONDS } from "../claude-code/settings";
import { CODEX_EVENT_LABELS, codexHookHash, codexHookKey } from "./trust";
import { JsonObject, isObject, readJsonObject, removeFile, writeFileAtomic, writeJsonObject } from "../../connect/json-file";
import { BROKER_MCP_SERVER, MCP_ROUTE } from "../../../../protocol/src/http-routes";

/**
 * The CODEX_HOME Warden keeps for one agent identity (Codex reads hooks and MCP
 * servers per user, not per workspace): `hooks.json` with Warden's command hooks,
 * and a marked block at the end of `config.toml` with the `warden` MCP server and
 * the trust Codex requires before it runs a hook. Everything outside Warden's
 * entries (a model provider the user adds, say) is kept.
 */

export const CODEX_HOOK_EVENTS = Object.keys(CODEX_EVENT_LABELS);
const BEGIN = "# >>> warden connect codex: written by Warden, replaced by connect, removed by disconnect >>>";
const END = "# <<< warden connect codex <<<";

export interface CodexWiring extends CommandContext {
  listen: string | null;
  codexHome: string;
}

export function hooksFileOf(codexHome: string): string {
  return path.join(codexHome, "hooks.json");
}

export function configFileOf(codexHome: string): string {
  return path.join(codexHome, "config.toml");
}

function wardenCodexHook(w: CodexWiring): JsonObject {
  return { type: "command", command: shellJoin(hookArgv("codex", w)), timeout: HOOK_TIMEOUT_SECONDS };
}

/** Writes (or refreshes) Warden's hooks, trust and MCP server. Returns the files written. */
export function connectCodex(w: CodexWiring): string[] {
  fs.mkdirSync(w.codexHome, { recursive: true, mode: 0o700 });
  const hooksFile = hooksFileOf(w.codexHome);
  const configFile = configFileOf(w.codexHome);
  const userConfig = splitConfig(readText(configFile), configFile).user;
  const hooks = withWardenHooks(stripWardenHooks(readJsonObject(hooksFile) ?? {}, hooksFile), w, hooksFile);
  refuseConflicts(userConfig, configFile, hooksFile);
  writeJsonObject(hooksFile, hooks, 0o600);
  writeFileAtomic(configFile, joinConfig(userConfig === "" ? header(w) : userConfig, wardenBlock(w, hooks, hooksFile)), 0o600);
  return [hooksFile, configFile];
}

/** Removes exactly Warden's entries; files left with nothing of the user's go too. */
export function disconnectCodex(codexHome: string): number {
  const hooksFile = hooksFileOf(codexHome);
  const configFile = configFileOf(codexHome);
  let removed = 0;
  const hooks = readJsonObject(hooksFile);
  if (hooks !== null) {
    const stripped = stripWardenHooks(hooks, hooksFile);
    removed += countHooks(hooks) - countHooks(stripped);
    if (Object.keys(stripped).length === 0 || (Object.keys(stripped).length === 1 && isObject(stripped["hooks"]) && Object.keys(stripped["hooks"]).length === 0)) removeFile(hooksFile);
    else writeJsonObject(hooksFile, stripped);
  }
  const text = readText(configFile);
  if (text !== "") {
    const { user, block } = splitConfig(text, configFile);
    if (block !== null) removed++;
    if (user.split("\n").every((l) => l.trim() === "" || l.startsWith("# Warden: "))) removeFile(configFile);
    else writeFileAtomic(configFile, user.endsWith("\n") ? user : `${user}\n`);
  }
  try {
    fs.rmdirSync(codexHome);
  } catch {
    // the user's own files (auth, sessions) stay, and so does the folder
  }
  return removed;
}

export function codexState(w: CodexWiring): "current" | "stale" | "absent" {
  const hooksFile = hooksFileOf(w.codexHome);
  const configFile = configFileOf(w.codexHome);
  const hooks = readJsonObject(hooksFile);
  const { block } = splitConfig(readText(configFile), configFile);
  if ((hooks === null || countHooks(hooks) === countHooks(stripWardenHooks(hooks, hooksFile))) && block === null) return "absent";
  if (hooks === null) return "stale";
  const rebuilt = withWardenHooks(stripWardenHooks(hooks, hooksFile), w, hooksFile);
  return JSON.stringify(rebuilt) === JSON.stringify(hooks) && block === wardenBlock(w, hooks, hooksFile) ? "current" : "stale";
}

function withWardenHooks(file: JsonObject, w: CodexWiring, hooksFile: string): JsonObject {
  const out: JsonObject = structuredClone(file);
  const events = out["hooks"] === undefined ? {} : out["hooks"];
  if (!isObject(events)) throw new WardenError("conflict", `${hooksFile}: "hooks" is not an object; fix the file and run the command again`, { path: hooksFile });
  for (const event of CODEX_HOOK_EVENTS) {
    const list = events[event] === undefined ? [] : events[event];
    if (!Array.isArray(list)) throw new WardenError("conflict", `${hooksFile}: "hooks.${event}" is not a list; fix the file and run the command again`, { path: hooksFile });
    list.push({ hooks: [wardenCodexHook(w)] });
    events[event] = list;
  }
  out["hooks"] = events;
  return out;
}

function stripWardenHooks(file: JsonObject, hooksFile: string): JsonObject {
  const out: JsonObject = structuredClone(file);
  const events = out["hooks"];
  if (events === undefined) return out;
  if (!isObject(events)) throw new WardenError("conflict", `${hooksFile}: "hooks" is not an object; fix the file and run the command again`, { path: hooksFile });
  for (const [event, list] of Object.entries(events)) {
    if (!Array.isArray(list)) continue;
    const kept = list.flatMap((g: unknown) => {
      if (!isObject(g) || !Array.isArray(g["hooks"])) return [g];
      const inner = g["hooks"].filter((h) => !isWardenCodexHook(h));
      return inner.length > 0 || g["hooks"].length === 0 ? [{ ...g, hooks: inner }] : [];
    });
    if (kept.length > 0) events[event] = kept;
    else delete events[event];
  }
  return out;
}

function countHooks(file: JsonObject): number {
  const events = isObject(file["hooks"]) ? file["hooks"] : {};
  return Object.values(events).reduce<number>((n, list) => n + (Array.isArray(list) ? list.filter(isObject).reduce<number>((m, g) => m + (Array.isArray(g["hooks"]) ? g["hooks"].length : 0), 0) : 0), 0);
}

function isWardenCodexHook(h: unknown): boolean {
  if (!isObject(h) || typeof h["command"] !== "string") return false;
  const words = splitSimple(h["command"]);
  return words !== null && words.length >= 3 && (words[1] ?? "").endsWith(`${path.sep}hook${path.sep}main.js`) && words[2] === "codex";
}

/** The block Warden owns in config.toml: the MCP server, and trust for exactly its own hooks. */
function wardenBlock(w: CodexWiring, hooks: JsonObject, hooksFile: string): string {
  const lines = [BEGIN, `[mcp_servers.${BROKER_MCP_SERVER}]`];
  if (w.listen !== null) {
    lines.push(`url = ${toml(`http://${w.listen}${MCP_ROUTE}`)}`, `bearer_token_env_var = "WARDEN_TOKEN"`);
  } else {
    const [command, ...args] = mcpArgv(w);
    lines.push(`command = ${toml(command ?? "")}`, `args = [${args.map(toml).join(", ")}]`, `env_vars = ["WARDEN_TOKEN"]`, `env = { WARDEN_HOME = ${toml(w.home)} }`);
  }
  // The broker decides every call itself (asking a human where policy says so); Codex's own
  // prompt for MCP tools would only ask again, and under approval_policy "never" refuse outright.
  lines.push(`default_tools_approval_mode = "approve"`);
  const events = isObject(hooks["hooks"]) ? hooks["hooks"] : {};
  for (const event of CODEX_HOOK_EVENTS) {
    const list = events[event];
    if (!Array.isArray(list)) continue;
    list.forEach((g: unknown, gi) => {
      if (!isObject(g) || !Array.isArray(g["hooks"])) return;
      g["hooks"].forEach((h: unknown, hi) => {
        if (!isWardenCodexHook(h) || !isObject(h) || typeof h["command"] !== "string" || typeof h["timeout"] !== "number") return;
        const matcher = typeof g["matcher"] === "string" && g["matcher"] !== "" && g["matcher"] !== "*" ? g["matcher"] : null;
        lines.push(`[hooks.state.${toml(codexHookKey(hooksFile, event, gi, hi))}]`, `trusted_hash = ${toml(codexHookHash(event, matcher, { command: h["command"], timeout: h["timeout"] }))}`);
      });
    });
  }
  lines.push(END);
  return lines.join("\n");
}

function header(w: CodexWiring): string {
  return [
    `# Warden: the CODEX_HOME 'warden run codex' uses for this agent in ${w.workspace}.`,
    "# Warden: add your own Codex settings (model provider, …) above Warden's block; they are kept.",
    "",
  ].join("\n");
}

/** Splits config.toml into the user's text and Warden's block; refuses a damaged block rather than guess. */
function splitConfig(text: string, file: string): { user: string; block: string | null } {
  const lines = text.split("\n");
  const begins = lines.filter((l) => l === BEGIN).length;
  const ends = lines.filter((l) => l === END).length;
  if (begins === 0 && ends === 0) return { user: text, block: null };
  const b = lines.indexOf(BEGIN);
  const e = lines.indexOf(END);
  if (begins !== 1 || ends !== 1 || e < b) {
    throw new WardenError("conflict", `${file}: Warden's marked block is damaged (its begin and end lines do not pair up); restore or delete both marker lines, then run the command again`, { path: file });
  }
  const user = [...lines.slice(0, b), ...lines.slice(e + 1)].join("\n").replace(/\n+$/, "\n");
  return { user: user === "\n" ? "" : user, block: lines.slice(b, e + 1).join("\n") };
}

function joinConfig(user: string, block: string): string {
  return `${user}${user === "" || user.endsWith("\n") ? "" : "\n"}${user === "" ? "" : "\n"}${block}\n`;
}

/** Tables Warden writes must not also be the user's: TOML refuses a table defined twice. */
function refuseConflicts(user: string, file: string, hooksFile: string): void {
  for (const line of user.split("\n")) {
    const t = line.trim();
    if (/^\[\s*mcp_servers\s*\.\s*("warden"|warden)\s*[\].]/.test(t) || (t.startsWith("[hooks.state") && t.includes(hooksFile))) {
      throw new WardenError("conflict", `${file} already defines ${t} outside Warden's block; remove it and run the command again`, { path: file });
    }
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    if (err instanceof Error && "code" in err && err.code === "ENOENT") return "";
    throw err;
  }
}

/** A TOML basic string: JSON's escapes are all valid TOML escapes. */
function toml(s: string): string {
  return JSON.stringify(s);
}

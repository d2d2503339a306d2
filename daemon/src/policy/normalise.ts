import { z } from "zod";
import { Action } from "../../../protocol/src/actions";
import { WardenError } from "../../../protocol/src/errors";
import { describeIssues } from "../../../protocol/src/frames";
import { JsonValue, isBoundedJson } from "../../../protocol/src/json";

/**
 * Turns an agent's own tool call into Warden actions. A call can be several
 * actions (a patch that touches three files); the caller decides each and keeps
 * the strictest. A tool Warden does not know becomes `tool.unknown`, which the
 * policy can address and which nothing allows by default. Malformed input for a
 * known tool is an error (the caller denies), never a guess.
 */
export function normaliseToolCall(tool: string, input: Record<string, unknown>): Action[] {
  // Own keys only. Attack: a tool named "toString" or "constructor" reaching Object.prototype.
  const shape = Object.hasOwn(KNOWN, tool) ? KNOWN[tool] : undefined;
  if (shape !== undefined) return shape(input, tool);
  const mcp = /^mcp__(.+?)__(.+)$/.exec(tool);
  if (mcp !== null) return [act("mcp.call", `${mcp[1]}/${mcp[2]}`, tool, { server: mcp[1] ?? "", tool: mcp[2] ?? "", input: json(input) })];
  return [act("tool.unknown", tool, tool, { input: json(input) })];
}

const str = z.string().max(256 * 1024);

const KNOWN: Record<string, (input: Record<string, unknown>, tool: string) => Action[]> = {
  // Claude Code
  Bash: (i, t) => [act("shell.exec", field(i, t, "command", str), t, {})],
  Read: (i, t) => [act("file.read", field(i, t, "file_path", str), t, {})],
  Write: (i, t) => {
    const content = field(i, t, "content", z.string());
    return [act("file.write", field(i, t, "file_path", str), t, { bytes: Buffer.byteLength(content) })];
  },
  Edit: (i, t) => [act("file.write", field(i, t, "file_path", str), t, { edit: true })],
  MultiEdit: (i, t) => [act("file.write", field(i, t, "file_path", str), t, { edit: true })],
  NotebookEdit: (i, t) => [act("file.write", field(i, t, "notebook_path", str), t, { edit: true })],
  Glob: (i, t) => [act("file.read", optional(i, t, "path") ?? ".", t, { pattern: field(i, t, "pattern", str) })],
  Grep: (i, t) => [act("file.read", optional(i, t, "path") ?? ".", t, { pattern: field(i, t, "pattern", str) })],
  LS: (i, t) => [act("file.read", field(i, t, "path", str), t, {})],
  WebFetch: (i, t) => [act("http.request", field(i, t, "url", str), t, { method: "GET" })],
  WebSearch: (i, t) => [act("web.search", field(i, t, "query", str), t, {})],
  // Loads the schemas of deferred tools (WebFetch, NotebookEdit, mcp__…) so they can be called; it
  // runs nothing and reads no file, and each tool it loads is decided when called. The starter allows it, logged.
  ToolSearch: (i, t) => [act("tool.unknown", t, t, { query: field(i, t, "query", str) })],
  // Codex CLI
  exec_command: (i, t) => [act("shell.exec", commandLine(i, t), t, {})],
  shell: (i, t) => [act("shell.exec", commandLine(i, t), t, {})],
  apply_patch: (i, t) => patchActions(field(i, t, "input", z.string()), t),
};

function act(kind: Action["kind"], target: string, tool: string, details: Record<string, JsonValue>): Action {
  return { kind, target, tool, details };
}

function field<T>(input: Record<string, unknown>, tool: string, name: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(input[name]);
  if (!parsed.success) throw new WardenError("invalid_params", `${tool}: tool_input.${name}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function optional(input: Record<string, unknown>, tool: string, name: string): string | undefined {
  return input[name] === undefined || input[name] === null ? undefined : field(input, tool, name, str);
}

/** Codex sends `cmd` as a string or an argv array; an argv is quoted so the shell analyser sees the same words. */
function commandLine(input: Record<string, unknown>, tool: string): string {
  const cmd = input["cmd"] ?? input["command"];
  if (typeof cmd === "string") return cmd;
  const argv = z.array(z.string()).min(1).safeParse(cmd);
  if (!argv.success) throw new WardenError("invalid_params", `${tool}: tool_input.cmd must be a string or a list of strings`);
  return argv.data.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
}

/** Codex's patch format names each file it adds, updates, moves or deletes. */
function patchActions(patch: string, tool: string): Action[] {
  const actions: Action[] = [];
  for (const line of patch.split("\n")) {
    const m = /^\*\*\* (Add File|Update File|Delete File|Move to): (.+)$/.exec(line.trimEnd());
    if (m === null) continue;
    const target = m[2] ?? "";
    actions.push(act(m[1] === "Delete File" ? "file.delete" : "file.write", target, tool, { patch: m[1] ?? "" }));
  }
  if (actions.length === 0) throw new WardenError("invalid_params", `${tool}: the patch names no file`);
  return actions;
}

function json(value: unknown): JsonValue {
  return isBoundedJson(value) ? value : null;
}

import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { WardenClient } from "../../protocol/src/client";
import { TokenFactory } from "../../daemon/src/secrets/detect/token-fixtures";
import { TempWarden } from "./helpers/warden-home";

interface Reply {
  status: number;
  body: unknown;
}

/** POSTs raw bytes to the daemon's loopback listener with exactly the headers given. */
function post(address: string, route: string, body: string, headers: Record<string, string>): Promise<Reply> {
  const [host, port] = address.split(":");
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port: Number(port), path: route, method: "POST", headers: { "Content-Type": "application/json", ...headers } }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => {
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {
          // not JSON: kept as text
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

function field(value: unknown, ...keys: string[]): unknown {
  let v = value;
  for (const k of keys) v = typeof v === "object" && v !== null ? Reflect.get(v, k) : undefined;
  return v;
}

describe("Claude Code's HTTP hook endpoint on the loopback listener", () => {
  const w = new TempWarden();
  let workspace = "";
  let address = "";
  let token = "";
  let human: WardenClient;
  const hook = (input: Record<string, unknown>, headers: Record<string, string> = { Authorization: `Bearer ${token}` }) =>
    post(address, "/hooks/claude-code", JSON.stringify({ session_id: "s1", cwd: workspace, ...input }), headers);
  const pre = (tool_name: string, tool_input: Record<string, unknown>) => hook({ hook_event_name: "PreToolUse", tool_name, tool_input });

  before(async () => {
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-hook-")));
    fs.mkdirSync(path.join(workspace, "src"));
    w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
    await w.start(["--listen", "127.0.0.1:0"]);
    human = await w.connect();
    address = (await human.request("daemon/status", {})).listen ?? "";
    await human.request("agents/add", { workspace, name: "claude", kind: "claude-code", owner: "alice", purpose: "tests" });
    ({ token } = await human.request("tokens/issue", { workspace, name: "claude" }));
  });
  after(async () => {
    human.close();
    await w.cleanup();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test("PreToolUse: an allowed call is answered allow with the rule, in Claude Code's format", async () => {
    const r = await pre("Bash", { command: "git status" });
    assert.equal(r.status, 200);
    assert.equal(field(r.body, "hookSpecificOutput", "hookEventName"), "PreToolUse");
    assert.equal(field(r.body, "hookSpecificOutput", "permissionDecision"), "allow");
    assert.match(String(field(r.body, "hookSpecificOutput", "permissionDecisionReason")), /rule read-only-commands/);
  });

  test("PreToolUse: a denied call is answered deny with the reason the model will read", async () => {
    const r = await pre("Bash", { command: "echo x > .vscode/settings.json" });
    assert.equal(field(r.body, "hookSpecificOutput", "permissionDecision"), "deny");
    assert.match(String(field(r.body, "hookSpecificOutput", "permissionDecisionReason")), /Warden denied this \(rule builtin:protected-path/);
    // An ask with nobody attached to answer is a deny, too.
    const asked = await pre("Bash", { command: "rm -rf src" });
    assert.equal(field(asked.body, "hookSpecificOutput", "permissionDecision"), "deny");
    assert.match(String(field(asked.body, "hookSpecificOutput", "permissionDecisionReason")), /no approver is attached/);
    assert.ok(fs.existsSync(path.join(workspace, "src")));
  });

  test("PermissionRequest: Warden's flow answers where Claude Code would ask the user", async () => {
    const r = await hook({ hook_event_name: "PermissionRequest", tool_name: "Bash", tool_input: { command: "rm -rf src" } });
    assert.equal(r.status, 200);
    assert.equal(field(r.body, "hookSpecificOutput", "decision", "behavior"), "deny");
    const ok = await hook({ hook_event_name: "PermissionRequest", tool_name: "Read", tool_input: { file_path: "src/a.ts" } });
    assert.equal(field(ok.body, "hookSpecificOutput", "decision", "behavior"), "allow");
  });

  test("PostToolUse and UserPromptSubmit are recorded, with secrets masked before they reach the log", async () => {
    const secret = new TokenFactory(11).checksummed("ghp_");
    const prompt = await hook({ hook_event_name: "UserPromptSubmit", prompt: `deploy with ${secret}` });
    assert.equal(prompt.status, 200);
    const result = await hook({ hook_event_name: "PostToolUse", tool_name: "Bash", tool_input: { command: "env" }, tool_response: { stdout: `TOKEN=${secret}\n` } });
    assert.equal(result.status, 200);
    const { records } = await human.request("audit/query", { filter: { kinds: ["prompt.submitted", "action.result"] }, limit: 10 });
    assert.equal(records.length, 2);
    const text = JSON.stringify(records);
    assert.ok(!text.includes(secret), "the secret value is not in the log");
    assert.ok(!text.includes(secret.slice(4, 24)));
    assert.match(text, /masked/);
    assert.deepEqual(records[0]?.actor, { type: "agent", id: "claude" });
  });

  test("attack: no token, a wrong token, the human's token, a browser Origin or a rebinding Host are refused", async () => {
    const body = { hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "git status" } };
    assert.equal((await hook(body, {})).status, 401);
    assert.equal((await hook(body, { Authorization: `Bearer ${token.slice(0, -2)}xx` })).status, 401);
    assert.equal((await hook(body, { Authorization: `Bearer ${w.token()}` })).status, 403);
    assert.equal((await hook(body, { Authorization: `Bearer ${token}`, Origin: "https://evil.example" })).status, 403);
    assert.equal((await hook(body, { Authorization: `Bearer ${token}`, Host: `evil.example:${address.split(":")[1] ?? ""}` })).status, 403);
  });

  test("attack: garbage, deep nesting and oversized bodies are errors (Claude Code blocks on them), never an allow", async () => {
    const auth = { Authorization: `Bearer ${token}` };
    assert.equal((await post(address, "/hooks/claude-code", "{not json", auth)).status, 400);
    assert.equal((await post(address, "/hooks/claude-code", `${"[".repeat(5000)}${"]".repeat(5000)}`, auth)).status, 400);
    assert.equal((await post(address, "/hooks/claude-code", JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: "rm -rf /" }), auth)).status, 400);
    const big = await post(address, "/hooks/claude-code", JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: "a", content: "x".repeat(9 * 1024 * 1024) } }), auth);
    assert.equal(big.status, 413);
    // Malformed input for a known tool is denied by name, not guessed at.
    const malformed = await pre("Write", { file_path: "a.txt" });
    assert.equal(field(malformed.body, "hookSpecificOutput", "permissionDecision"), "deny");
    assert.match(String(field(malformed.body, "hookSpecificOutput", "permissionDecisionReason")), /malformed-tool-input/);
  });

  test("a revoked token stops working on the very next call", async () => {
    const { agent } = await human.request("agents/show", { workspace, name: "claude" });
    await human.request("agents/suspend", { workspace, name: agent.name, reason: "test" });
    const r = await pre("Bash", { command: "git status" });
    assert.equal(r.status, 401);
    await human.request("agents/resume", { workspace, name: agent.name });
    assert.equal((await pre("Bash", { command: "git status" })).status, 200);
  });
});

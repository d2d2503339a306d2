import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { WardenClient } from "../../protocol/src/client";
import { CLI, TempWarden } from "./helpers/warden-home";
import { callText, httpMcpClient, stdioMcpClient } from "./helpers/mcp-client";

function payload(p: unknown): Record<string, unknown> {
  return typeof p === "object" && p !== null && !Array.isArray(p) ? Object.fromEntries(Object.entries(p)) : {};
}

/**
 * The broker end to end: a real daemon (starter policy, no approver attached), the
 * MCP SDK's own client over `warden mcp` (stdio) and over Streamable HTTP.
 */
describe("the broker serves MCP clients, executes what policy allows, and audits it", () => {
  const w = new TempWarden();
  let workspace = "";
  let token = "";
  let human: WardenClient;
  let stdio: Client;
  let stdioErr: () => string = () => "";
  const timings: number[] = [];

  before(async () => {
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-ws-")));
    w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
    await w.start(["--listen", "127.0.0.1:0"]);
    human = await w.connect();
    await human.request("agents/add", { workspace, name: "mcp-agent", kind: "mcp", owner: "alice", purpose: "broker test" });
    ({ token } = await human.request("tokens/issue", { workspace, name: "mcp-agent" }));
    ({ client: stdio, stderr: stdioErr } = await stdioMcpClient(workspace, w.env, token));
  });
  after(async () => {
    await stdio.close();
    human.close();
    await w.cleanup();
    fs.rmSync(workspace, { recursive: true, force: true });
    if (timings.length > 0) {
      const sorted = [...timings].sort((a, b) => a - b);
      console.log(`# broker tool-call latency over stdio (read_file, n=${sorted.length}): median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(2)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)]?.toFixed(2)} ms`);
    }
  });

  test("stdio: tools are listed; a write and a read go through; a command runs", async () => {
    const { tools } = await stdio.listTools();
    assert.ok(tools.some((t) => t.name === "write_file" && t.inputSchema.type === "object"));
    const write = await callText(stdio, "write_file", { path: "src/hello.txt", content: "hello from the broker\n" });
    assert.equal(write.isError, false, write.text);
    assert.equal(fs.readFileSync(path.join(workspace, "src", "hello.txt"), "utf8"), "hello from the broker\n");
    const read = await callText(stdio, "read_file", { path: "src/hello.txt" });
    assert.equal(read.text, "hello from the broker");
    const run = await callText(stdio, "run_command", { command: "echo ran-here" });
    assert.equal(run.isError, false, run.text);
    assert.match(run.text, /ran-here/);
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      await callText(stdio, "read_file", { path: "src/hello.txt" });
      timings.push(performance.now() - t);
    }
  });

  test("attack: a denied action does nothing and the agent is told why", async () => {
    const protectedWrite = await callText(stdio, "write_file", { path: ".vscode/settings.json", content: "{}" });
    assert.equal(protectedWrite.isError, true);
    assert.match(protectedWrite.text, /denied.*builtin:protected-path/s);
    assert.equal(fs.existsSync(path.join(workspace, ".vscode", "settings.json")), false);
    // Policy asks for deletions; no human is attached, so it is denied (fail closed).
    const del = await callText(stdio, "delete_path", { path: "src/hello.txt" });
    assert.equal(del.isError, true);
    assert.match(del.text, /denied/);
    assert.ok(fs.existsSync(path.join(workspace, "src", "hello.txt")));
  });

  test("the audit log shows each decision and result, as the agent and never as a human", async () => {
    const { records } = await human.request("audit/query", { filter: { kinds: ["action.decided", "action.result"], actorId: "mcp-agent" }, limit: 1000 });
    const results = records.filter((r) => r.kind === "action.result").map((r) => payload(r.payload));
    const write = results.find((p) => p["tool"] === "write_file" && p["ok"] === true);
    assert.ok(write !== undefined, "the write's result is recorded");
    assert.equal(write["requester"], "human:" + os.userInfo().username);
    assert.ok(records.filter((r) => r.kind === "action.result").every((r) => r.actor.type === "agent"));
    const decisions = records.filter((r) => r.kind === "action.decided").map((r) => payload(r.payload));
    assert.ok(decisions.some((p) => p["via"] === "broker" && p["decision"] === "deny" && p["rule"] === "builtin:protected-path"));
    assert.ok(decisions.some((p) => p["via"] === "broker" && p["tool"] === "delete_path" && p["decision"] === "deny"));
    const decidedWrite = records.find((r) => r.seq === write["decisionSeq"]);
    assert.equal(decidedWrite?.kind, "action.decided");
  });

  test("Streamable HTTP on the loopback listener: the same tools with the agent's bearer token", async () => {
    const status = await human.request("daemon/status", {});
    assert.ok(status.listen !== null);
    const client = await httpMcpClient(`http://${status.listen}/mcp`, token);
    try {
      const { tools } = await client.listTools();
      assert.equal(tools.length, 11);
      const write = await callText(client, "write_file", { path: "via-http.txt", content: "over http\n" });
      assert.equal(write.isError, false, write.text);
      assert.equal(fs.readFileSync(path.join(workspace, "via-http.txt"), "utf8"), "over http\n");
    } finally {
      await client.close();
    }
  });

  test("attack: the HTTP endpoint refuses a missing or foreign token, the human's token and browsers", async () => {
    const status = await human.request("daemon/status", {});
    const url = `http://${status.listen ?? ""}/mcp`;
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} });
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    const post = (extra: Record<string, string>) => fetch(url, { method: "POST", headers: { ...headers, ...extra }, body });
    assert.equal((await post({})).status, 401);
    assert.equal((await post({ authorization: "Bearer wdn_0000000000000000_notatoken" })).status, 401);
    assert.equal((await post({ authorization: `Bearer ${w.token()}` })).status, 403);
    assert.equal((await post({ authorization: `Bearer ${token}`, origin: "https://evil.example" })).status, 403);
  });

  test("a suspended agent's calls stop working at once, over either transport", async () => {
    await human.request("agents/suspend", { workspace, name: "mcp-agent", reason: "test" });
    try {
      const r = await callText(stdio, "read_file", { path: "src/hello.txt" });
      assert.equal(r.isError, true);
      assert.match(r.text, /agent_suspended/);
      const status = await human.request("daemon/status", {});
      await assert.rejects(httpMcpClient(`http://${status.listen ?? ""}/mcp`, token));
    } finally {
      await human.request("agents/resume", { workspace, name: "mcp-agent" });
    }
  });

  test("warden mcp without a token, or with the daemon down, fails with a clear message on stderr and nothing on stdout", async () => {
    const run = (env: NodeJS.ProcessEnv) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [CLI, "mcp", "--workspace", workspace], { env, stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("close", (code) => resolve({ code, stdout, stderr }));
        child.stdin.end();
      });
    const noToken = await run({ ...w.env, WARDEN_TOKEN: "" });
    assert.notEqual(noToken.code, 0);
    assert.match(noToken.stderr, /WARDEN_TOKEN is not set/);
    assert.equal(noToken.stdout, "");
    const elsewhere = { ...w.env, WARDEN_TOKEN: token, WARDEN_HOME: path.join(w.home, "nowhere") };
    const down = await run(elsewhere);
    assert.equal(down.code, 3);
    assert.match(down.stderr, /not running/);
    assert.equal(down.stdout, "");
    assert.equal(stdioErr(), "");
  });

  test("attack: with the daemon gone, the bridge fails closed: every call is an error and nothing runs", async () => {
    await human.request("daemon/shutdown", { reason: "test" });
    await new Promise((r) => setTimeout(r, 300));
    const r = await callText(stdio, "write_file", { path: "after-stop.txt", content: "x" });
    assert.equal(r.isError, true);
    assert.match(r.text, /cannot reach the Warden daemon|did not answer/);
    assert.equal(fs.existsSync(path.join(workspace, "after-stop.txt")), false);
  });
});

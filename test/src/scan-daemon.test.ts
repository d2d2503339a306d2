// Detection in the running daemon: a prompt with a high-confidence secret is
// blocked at the HTTP hook in Claude Code's block format (and recorded masked,
// as blocked), and secrets/scan-text and secrets/scan-workspace answer humans
// only.
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { WardenClient } from "../../protocol/src/client";
import { WardenError } from "../../protocol/src/errors";
import { connectDaemon } from "../../protocol/src/ws-transport";
import { TokenFactory } from "../../daemon/src/secrets/detect/token-fixtures";
import { TempWarden } from "./helpers/warden-home";

const f = new TokenFactory(2718);

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? Reflect.get(value, key) : undefined;
}

function post(address: string, body: unknown, token: string): Promise<{ status: number; body: unknown }> {
  const [host, port] = address.split(":");
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port: Number(port), path: "/hooks/claude-code", method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` } }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

describe("secret detection in the daemon", () => {
  const w = new TempWarden();
  let workspace = "";
  let address = "";
  let token = "";
  let human: WardenClient;
  const prompt = (text: string) => post(address, { hook_event_name: "UserPromptSubmit", session_id: "s1", cwd: workspace, prompt: text }, token);

  before(async () => {
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-scan-")));
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

  test("a prompt holding a high-confidence secret is blocked, and the user is told which and why", async () => {
    const secret = f.checksummed("ghp_");
    const r = await prompt(`please push with\n  token ${secret} thanks`);
    assert.equal(r.status, 200);
    assert.ok(typeof r.body === "object" && r.body !== null);
    assert.equal(Reflect.get(r.body, "decision"), "block");
    const reason = String(Reflect.get(r.body, "reason"));
    assert.match(reason, /^Warden blocked this prompt: it contains a github-token \(ghp_…\(36 more\)\) at line 2, column 9\./);
    assert.match(reason, /leave this machine/);
    assert.ok(!reason.includes(secret.slice(4)), "the reason never repeats the value");
    const { records } = await human.request("audit/query", { filter: { kinds: ["prompt.submitted"] }, order: "desc", limit: 1 });
    const payload = records[0]?.payload;
    assert.equal(field(payload, "blocked"), true);
    assert.deepEqual(field(payload, "secretKinds"), ["github-token"]);
    assert.ok(!JSON.stringify(records).includes(secret));
  });

  test("prompts without a high-confidence secret pass (medium findings are only masked in the log)", async () => {
    assert.deepEqual((await prompt("tidy up src and run the tests")).body, {});
    const medium = await prompt(`use DB_PASSWORD="Tr0ub4dor&3" for the test db`);
    assert.deepEqual(medium.body, {});
    const { records } = await human.request("audit/query", { filter: { kinds: ["prompt.submitted"] }, order: "desc", limit: 1 });
    assert.equal(field(records[0]?.payload, "blocked"), false);
    assert.ok(!JSON.stringify(records).includes("Tr0ub4dor&3"));
  });

  test("secrets/scan-text: positions, offsets and a masked preview", async () => {
    const key = `AKIA${f.chars(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}`;
    const text = `# config\naws_access_key_id = ${key}\n`;
    const r = await human.request("secrets/scan-text", { text, fileName: "config.ini" });
    assert.equal(r.truncated, false);
    assert.deepEqual(r.findings, [
      { rule: "aws-access-key-id", kind: "aws-access-key", confidence: "high", line: 2, column: 21, endLine: 2, endColumn: 41, preview: "AKIA…(16 more)", start: 29, end: 49 },
    ]);
    assert.equal(text.slice(29, 49), key);
    // Lockfiles are skipped by name.
    assert.deepEqual((await human.request("secrets/scan-text", { text, fileName: "package-lock.json" })).findings, []);
  });

  test("secrets/scan-workspace: the tree as warden scan reads it", async () => {
    fs.writeFileSync(path.join(workspace, ".gitignore"), "ignored.env\n");
    fs.writeFileSync(path.join(workspace, ".env"), `API_TOKEN=${f.chars(32)}\n`);
    fs.writeFileSync(path.join(workspace, "ignored.env"), `API_TOKEN=${f.chars(32)}\n`);
    const r = await human.request("secrets/scan-workspace", { workspace });
    assert.deepEqual(r.findings.map((x) => [x.file, x.line, x.kind]), [[".env", 1, "generic-credential"]]);
    assert.ok(r.ignored >= 1);
  });

  test("attack: an agent cannot use the detector as an oracle or scan the workspace", async () => {
    const agent = await connectDaemon({ socketPath: w.paths.socket }, { token });
    for (const call of [agent.request("secrets/scan-text", { text: "x" }), agent.request("secrets/scan-workspace", { workspace })]) {
      await assert.rejects(call, (err: unknown) => err instanceof WardenError && err.code === "forbidden");
    }
    agent.close();
  });
});

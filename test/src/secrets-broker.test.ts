import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { WardenClient } from "../../protocol/src/client";
import { base64Core } from "../../daemon/src/secrets/redact/encodings";
import { callText } from "./helpers/mcp-client";
import { SecretsAgent } from "./helpers/secrets-agent";
import { everythingIn } from "./helpers/state-files";
import { TempWarden } from "./helpers/warden-home";

const VALUE = "wdn-test-Secret_Value/0123+456789=";

/** No spelling of the value an agent or a reader could decode. */
function assertNoValue(text: string, where: string): void {
  const bytes = Buffer.from(VALUE);
  const forms = [VALUE, encodeURIComponent(VALUE), bytes.toString("hex"), ...[0, 1, 2].map((o) => base64Core(bytes, o, "base64"))];
  for (const f of forms) assert.ok(!text.includes(f), `${where} holds ${f}`);
}

/**
 * The whole path with real parts: the value stored with `warden secret set` in a
 * real gnome-keyring, an agent calling the broker over MCP (stdio), and a server
 * on 127.0.0.1 that checks it received the real value and echoes it back. The
 * agent's view, the audit log and Warden's files hold references only.
 */
describe("secrets end to end: injected for the bound host, redacted everywhere else", () => {
  let fixture: SecretsAgent | undefined;
  const w = new TempWarden();
  let workspace = "";
  let human: WardenClient;
  let agent: Client;
  let server: http.Server;
  let port = 0;
  const received: string[] = [];

  before(async () => {
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-ws-")));
    fs.mkdirSync(path.join(workspace, ".warden"));
    fs.writeFileSync(
      path.join(workspace, ".warden", "policy.json"),
      JSON.stringify({
        version: 1,
        rules: [
          { id: "read", action: "file.read", paths: ["**"], decision: "allow" },
          { id: "commands", action: "shell.exec", commands: [{ program: "cat", readsArgs: true }, { program: "base64", readsArgs: true }], decision: "allow" },
          { id: "local", action: "http.request", hosts: ["127.0.0.1"], decision: "allow" },
          { id: "secrets", action: "secret.use", decision: "allow+log" },
        ],
        secrets: { api_token: { hosts: ["127.0.0.1"], schemes: ["http"], apply: { header: "Authorization", template: "Bearer ${value}" } } },
      }),
    );
    server = http.createServer((req, res) => {
      const auth = req.headers.authorization ?? "";
      received.push(auth);
      // The far side checks it got the real value, then echoes it back, raw and base64.
      if (auth !== `Bearer ${VALUE}`) return res.writeHead(401).end("wrong credentials");
      res.writeHead(200, { "content-type": "text/plain" }).end(`welcome, you sent ${auth}\nbase64: ${Buffer.from(auth).toString("base64")}\n`);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const address = server.address();
    port = typeof address === "object" && address !== null ? address.port : 0;
    fixture = await SecretsAgent.start(w, { workspace, secret: { name: "api_token", value: VALUE }, agent: { name: "secret-agent", purpose: "secrets test" } });
    ({ human, agent } = fixture);
  });
  after(async () => {
    await fixture?.close();
    await new Promise<void>((r) => server.close(() => r()));
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test("the server gets the real value; the agent reads the reference back", async () => {
    const r = await callText(agent, "http_request", { url: `http://127.0.0.1:${port}/hello`, headers: { Authorization: "${secret:api_token}" } });
    assert.equal(r.isError, false, r.text);
    assert.equal(received.at(-1), `Bearer ${VALUE}`);
    assert.match(r.text, /HTTP 200/);
    assert.match(r.text, /welcome, you sent Bearer \$\{secret:api_token\}/);
    assert.match(r.text, /base64: \S*\[redacted secret:api_token as base64\]/);
    assertNoValue(r.text, "the agent's answer");
  });

  test("a value that reaches a file or a command's output is redacted from what the agent reads", async () => {
    fs.writeFileSync(path.join(workspace, "leak.txt"), `token: ${VALUE}\n`);
    const read = await callText(agent, "read_file", { path: "leak.txt" });
    assert.equal(read.text, "token: ${secret:api_token}");
    const run = await callText(agent, "run_command", { command: "cat leak.txt; base64 -w0 leak.txt" });
    assert.equal(run.isError, false, run.text);
    assert.match(run.text, /token: \$\{secret:api_token\}/);
    assertNoValue(run.text, "the command's output");
  });

  test("attack: a header-bound secret steered into the URL is refused and nothing is sent", async () => {
    const before = received.length;
    const r = await callText(agent, "http_request", { url: `http://127.0.0.1:${port}/x?t=\${secret:api_token}` });
    assert.equal(r.isError, true);
    assert.match(r.text, /whole value of the Authorization header/);
    assert.equal(received.length, before);
  });

  test("the audit log records each use (name, agent, target) and holds no value; nor does any file of Warden's", async () => {
    const { records } = await human.request("audit/query", { filter: {}, limit: 10_000 });
    const uses = records.filter((r) => r.kind === "secret.use");
    assert.equal(uses.length, 1);
    assert.equal(uses[0]?.actor.id, "secret-agent");
    assert.deepEqual(
      [uses[0]?.payload].map((p) => (typeof p === "object" && p !== null && !Array.isArray(p) ? [p["name"], p["agent"], p["target"]] : [])),
      [["api_token", "secret-agent", `http://127.0.0.1:${port}/hello`]],
    );
    assertNoValue(JSON.stringify(records), "the audit log");
    assertNoValue(everythingIn(w.home), "Warden's state directory (database, log)");
    const list = await human.request("secrets/list", { workspace });
    assert.equal(list.secrets[0]?.secret.uses, 1);
    assert.deepEqual(list.secrets[0]?.bindings?.map((b) => b.binding.hosts), [["127.0.0.1"]]);
  });
});

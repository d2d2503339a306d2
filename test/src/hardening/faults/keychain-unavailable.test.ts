import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { WardenClient } from "../../../../protocol/src/client";
import { callText } from "../../helpers/mcp-client";
import { SecretsAgent } from "../../helpers/secrets-agent";
import { everythingIn } from "../../helpers/state-files";
import { TempWarden } from "../../helpers/warden-home";

const VALUE = "wdn-keychain-fault_Value/0123456789";

/**
 * The keychain becomes unavailable (issue 9): a secret stored while gnome-keyring was
 * unlocked, then the keyring locked and the daemon restarted, so it cannot read the
 * value. An agent's request that references the secret must not leave at all (not
 * with the reference as text, not with an empty value), must say why, and the same
 * request without a secret is unaffected: nothing is allowed that would not be
 * allowed otherwise, and nothing that would be is broken beyond the secret itself.
 */
describe("keychain unavailable: a request that needs a secret is refused with the reason, and nothing is sent", () => {
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
          { id: "local", action: "http.request", hosts: ["127.0.0.1"], decision: "allow" },
          { id: "secrets", action: "secret.use", decision: "allow+log" },
        ],
        secrets: { api_token: { hosts: ["127.0.0.1"], schemes: ["http"], apply: { header: "Authorization", template: "Bearer ${value}" } } },
      }),
    );
    server = http.createServer((req, res) => {
      received.push(req.headers.authorization ?? "(none)");
      res.writeHead(200, { "content-type": "text/plain" }).end("reached\n");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const address = server.address();
    port = typeof address === "object" && address !== null ? address.port : 0;

    // The fault: the keyring is locked (a screen lock, a logout), and the daemon starts again without it.
    fixture = await SecretsAgent.start(w, {
      workspace,
      secret: { name: "api_token", value: VALUE },
      agent: { name: "fault-agent", purpose: "keychain fault test" },
      restartWithKeyringLocked: true,
    });
    ({ human, agent } = fixture);
  });
  after(async () => {
    await fixture?.close();
    await new Promise<void>((r) => server.close(() => r()));
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test("the daemon runs on and says the keychain is unavailable", async () => {
    const { keychain } = await human.request("secrets/list", {});
    assert.equal(keychain.available, false, "the daemon reports the keychain as unavailable");
    const log = fs.readFileSync(path.join(w.home, "daemon.log"), "utf8");
    assert.match(log, /stored secrets could not be read/);
  });

  test("attack: a request referencing the secret is not sent, in any form, and the agent is told why", async () => {
    const before = received.length;
    const r = await callText(agent, "http_request", { url: `http://127.0.0.1:${port}/charge`, headers: { Authorization: "${secret:api_token}" } });
    console.log(`keychain unavailable: the agent was told: ${r.text.slice(0, 300)}`);
    assert.equal(r.isError, true, `the call must fail: ${r.text}`);
    assert.match(r.text, /the OS keychain is not available: the keyring is locked\. Unlock it/, "the reason names the keychain and what to do");
    assert.match(r.text, /Secret 'api_token' could not be read, so nothing that needed it was sent/);
    assert.equal(received.length, before, `the server received ${JSON.stringify(received.slice(before))}`);
    assert.ok(!r.text.includes(VALUE));
  });

  test("the same request without a secret still works (only what needs the keychain stops)", async () => {
    const before = received.length;
    const r = await callText(agent, "http_request", { url: `http://127.0.0.1:${port}/status` });
    assert.equal(r.isError, false, r.text);
    assert.match(r.text, /HTTP 200/);
    assert.deepEqual(received.slice(before), ["(none)"]);
  });

  test("no use was recorded as made, and the value is in none of Warden's files", async () => {
    const { records } = await human.request("audit/query", { filter: { kinds: ["secret.use"] } });
    assert.deepEqual(records, [], "no secret.use record: nothing was injected");
    assert.ok(!everythingIn(w.home).includes(VALUE));
  });
});

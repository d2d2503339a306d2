import assert from "node:assert/strict";
import { IncomingMessage } from "node:http";
import { Socket } from "node:net";
import { test } from "node:test";
import { TokenCheck } from "../identity/agent-store";
import { checkUpgrade } from "./upgrade-guard";

const token = "t".repeat(43);
const noAgents = (): TokenCheck => ({ ok: false, code: "token_unknown", tokenId: null, agent: null });

function request(headers: Record<string, string>): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.headers = headers;
  return req;
}

test("the daemon's token authenticates as the daemon's user", () => {
  const verdict = checkUpgrade(request({ authorization: `Bearer ${token}` }), { token, user: "alice", checkAgentToken: noAgents });
  assert.deepEqual(verdict, { ok: true, authority: { kind: "human", principal: { type: "human", id: "alice" } } });
});

test("attack: missing, wrong, truncated, extended and oddly spelled tokens are refused", () => {
  for (const authorization of [undefined, "", `Bearer ${token.slice(1)}`, `Bearer ${token}x`, `bearer ${token}`, `Basic ${token}`, `Bearer  ${token}`, `Bearer ${token}\n`]) {
    const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
    const verdict = checkUpgrade(request(headers), { token, user: "alice", checkAgentToken: noAgents });
    assert.equal(verdict.ok, false, String(authorization));
    assert.equal(!verdict.ok && verdict.status, 401);
  }
});

test("attack: on TCP, any browser Origin is refused even with the right token", () => {
  for (const origin of ["https://evil.example", "null", "http://127.0.0.1:7878", "vscode-webview://abc"]) {
    const verdict = checkUpgrade(request({ authorization: `Bearer ${token}`, origin, host: "127.0.0.1:7878" }), { token, user: "a", tcpPort: 7878, checkAgentToken: noAgents });
    assert.equal(verdict.ok, false, origin);
    assert.equal(!verdict.ok && verdict.status, 403);
  }
  const fetchSite = checkUpgrade(request({ authorization: `Bearer ${token}`, "sec-fetch-site": "cross-site", host: "127.0.0.1:7878" }), {
    token,
    user: "a",
    tcpPort: 7878,
    checkAgentToken: noAgents,
  });
  assert.equal(fetchSite.ok, false);
});

test("attack: DNS rebinding (a foreign Host header) is refused on TCP", () => {
  for (const host of ["evil.example:7878", "127.0.0.1.evil.example:7878", "127.0.0.1:7879", "127.0.0.1", "[::ffff:7f00:1]:7878", ""]) {
    const verdict = checkUpgrade(request({ authorization: `Bearer ${token}`, host }), { token, user: "a", tcpPort: 7878, checkAgentToken: noAgents });
    assert.equal(verdict.ok, false, host);
  }
  for (const host of ["127.0.0.1:7878", "localhost:7878", "[::1]:7878"]) {
    assert.equal(checkUpgrade(request({ authorization: `Bearer ${token}`, host }), { token, user: "a", tcpPort: 7878, checkAgentToken: noAgents }).ok, true, host);
  }
});

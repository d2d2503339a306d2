import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { AgentInfo } from "../../../protocol/src/agents";
import { Broker } from "../broker/broker";
import { PolicyMediator } from "../broker/test-support";
import { AgentCaller } from "../mediation/types";
import { loadShellParser } from "../policy/shell";
import { brokerSecrets } from "./broker-secrets";
import { SecretsHarness, secretsHarness, workspacePolicy } from "./test-support";

const TOKEN = "tok_Injected_Value_0123456789";
const KEY = "key+with/odd=chars&value";

interface Seen {
  url: string;
  host: string;
  authorization: string | null;
  key: string | null;
  body: string;
}

/** The far side: records what it received, echoes it back (raw and base64), and redirects on request. */
function farServer(seen: Seen[]): http.Server {
  return http.createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      const entry = { url: req.url ?? "", host: req.headers.host ?? "", authorization: req.headers.authorization ?? null, key: typeof req.headers["x-key"] === "string" ? req.headers["x-key"] : null, body };
      seen.push(entry);
      const port = (req.socket.localPort ?? 0).toString();
      if (req.url?.startsWith("/redirect-other")) return res.writeHead(307, { location: `http://localhost:${port}/echo` }).end();
      if (req.url?.startsWith("/redirect-planted")) return res.writeHead(302, { location: "/echo?k=$%7Bsecret:tok%7D" }).end();
      if (req.url?.startsWith("/drip")) {
        // The value in 3-byte chunks, so it crosses every chunk boundary on the way back.
        res.writeHead(200, { "content-type": "text/plain" });
        const text = `auth was ${entry.authorization ?? ""}.`;
        let i = 0;
        const step = (): void => {
          if (i >= text.length) return void res.end();
          res.write(text.slice(i, i + 3));
          i += 3;
          setTimeout(step, 1);
        };
        return step();
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ...entry, base64: Buffer.from(JSON.stringify(entry)).toString("base64") }));
    });
  });
}

describe("the broker injects secrets only where they are bound, and the agent never sees them", () => {
  let h: SecretsHarness;
  let broker: Broker;
  let caller: AgentCaller;
  let server: http.Server;
  let base = "";
  const seen: Seen[] = [];

  before(async () => {
    h = secretsHarness(
      workspacePolicy(
        `{
          "tok": { "hosts": ["127.0.0.1"], "schemes": ["http"], "apply": { "header": "Authorization", "template": "Bearer \${value}" } },
          "key": { "hosts": ["127.0.0.1", "localhost"], "schemes": ["http"] }
        }`,
        `[
          { "id": "local", "action": "http.request", "hosts": ["127.0.0.1", "localhost"], "decision": "allow" },
          { "id": "secrets", "action": "secret.use", "decision": "allow" }
        ]`,
      ),
    );
    await h.manager.set("tok", TOKEN, { type: "human", id: "human:alice" });
    await h.manager.set("key", KEY, { type: "human", id: "human:alice" });
    const mediator = new PolicyMediator(h.policy, h.writer, await loadShellParser(), h.home);
    broker = new Broker({ mediator, writer: h.writer, db: h.store.connection, wardenHome: h.home, secrets: brokerSecrets(h.manager) });
    const agent: AgentInfo = {
      id: "agt_000000000001", workspace: h.home, name: "tester", kind: "mcp", owner: "alice", purpose: "secrets", role: "writer",
      status: "active", createdAt: new Date().toISOString(), createdBy: "human:alice", expiresAt: null, statusReason: null, activeTokens: 1,
    };
    caller = { agent, principal: { type: "agent", id: "tester" }, requester: "human:alice", session: null };
    server = farServer(seen);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address !== null ? (address satisfies AddressInfo).port : 0}`;
  });
  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    h.close();
  });

  const call = (args: Record<string, unknown>) => broker.call(caller, h.home, "http_request", args);
  const everything = (): string => JSON.stringify(h.records());

  test("a header-bound secret is sent as the template, and comes back to the agent as its reference", async () => {
    const before = seen.length;
    const r = await call({ url: `${base}/echo`, headers: { Authorization: "${secret:tok}" } });
    assert.equal(r.isError, false, r.text);
    assert.equal(seen[before]?.authorization, `Bearer ${TOKEN}`, "the server got the real value");
    assert.match(r.text, /Bearer \$\{secret:tok\}/);
    assert.ok(!r.text.includes(TOKEN));
    assert.doesNotMatch(r.text, /"base64":"[^"]*(?:VG9r|dG9r)/, "not even base64 of it");
    const uses = h.records("secret.use").map((x) => x.payload);
    assert.deepEqual(uses.at(-1), { name: "tok", agent: "tester", requester: "human:alice", target: `${base}/echo`, via: "http_request", host: "127.0.0.1", decisionSeq: h.records("action.decided").at(-1)?.seq });
    assert.equal(h.manager.store.get("tok")?.uses, 1);
    assert.ok(!everything().includes(TOKEN), "no audit record holds the value");
  });

  test("an inline secret goes into the query (URL-encoded) and the body; the echo shows references", async () => {
    const before = seen.length;
    const r = await call({ url: `${base}/echo?k=\${secret:key}`, method: "POST", body: "key=${secret:key}" });
    assert.equal(r.isError, false, r.text);
    assert.equal(new URL(seen[before]?.url ?? "", base).searchParams.get("k"), KEY);
    assert.equal(seen[before]?.body, `key=${KEY}`);
    assert.ok(!r.text.includes(KEY) && !r.text.includes(encodeURIComponent(KEY)), r.text);
    assert.ok(!everything().includes(KEY) && !everything().includes(encodeURIComponent(KEY)));
  });

  test("a value split across response chunks is still redacted", async () => {
    const r = await call({ url: `${base}/drip`, headers: { Authorization: "${secret:tok}" } });
    assert.match(r.text, /auth was Bearer \$\{secret:tok\}\./);
  });

  test("attack: a header-bound secret put into the URL is refused and nothing is sent", async () => {
    const before = seen.length;
    const r = await call({ url: `${base}/echo?steal=\${secret:tok}` });
    assert.equal(r.isError, true);
    assert.match(r.text, /bound as header Authorization: put "\$\{secret:tok\}" as the whole value of the Authorization header/);
    assert.equal(seen.length, before);
  });

  test("attack: a secret sent to a host it is not bound to is refused before anything leaves", async () => {
    const before = seen.length;
    const r = await call({ url: `${base.replace("127.0.0.1", "localhost")}/echo`, headers: { Authorization: "${secret:tok}" } });
    assert.equal(r.isError, true);
    assert.match(r.text, /binds secret 'tok' to 127\.0\.0\.1, not localhost/);
    assert.equal(seen.length, before);
  });

  test("attack: a redirect to another host does not carry the secret", async () => {
    const before = seen.length;
    const r = await call({ url: `${base}/redirect-other`, headers: { "X-Key": "${secret:key}" } });
    assert.equal(r.isError, false, r.text);
    assert.equal(seen[before]?.key, KEY, "the first hop had it");
    assert.match(seen[before + 1]?.host ?? "", /^localhost:/);
    assert.equal(seen[before + 1]?.key, null, "the hop to the other host did not");
  });

  test("attack: a reference planted by the server in Location is not filled in", async () => {
    const before = seen.length;
    const r = await call({ url: `${base}/redirect-planted`, headers: { Authorization: "${secret:tok}" } });
    assert.match(r.text, /redirect URL holds a secret reference/);
    assert.equal(seen.length, before + 1, "the planted hop was never made");
  });

  test("attack: unknown and malformed references are refused, never sent as text", async () => {
    assert.match((await call({ url: `${base}/echo`, headers: { "X-Key": "${secret:nope}" } })).text, /no secret named 'nope'.*warden secret set nope/);
    assert.match((await call({ url: `${base}/echo`, headers: { "X-Key": "${secret: key}" } })).text, /not a secret reference/);
    assert.match((await call({ url: `http://\${secret:key}@127.0.0.1/echo` })).text, /may not stand in the URL's scheme, host or user info/);
  });

  test("policy decides secret.use: a deny rule stops the call before anything is sent", async () => {
    const saved = h.policy;
    const denying = workspacePolicy(`{ "key": { "hosts": ["127.0.0.1"], "schemes": ["http"] } }`, `[
      { "id": "local", "action": "http.request", "hosts": ["127.0.0.1"], "decision": "allow" },
      { "id": "no-secrets", "action": "secret.use", "decision": "deny" }
    ]`);
    h.policy = denying;
    const mediator = new PolicyMediator(denying, h.writer, await loadShellParser(), h.home);
    const strict = new Broker({ mediator, writer: h.writer, db: h.store.connection, wardenHome: h.home, secrets: brokerSecrets(h.manager) });
    try {
      const before = seen.length;
      const r = await strict.call(caller, h.home, "http_request", { url: `${base}/echo`, headers: { "X-Key": "${secret:key}" } });
      assert.equal(r.isError, true);
      assert.match(r.text, /denied.*no-secrets/s);
      assert.equal(seen.length, before);
    } finally {
      h.policy = saved;
    }
  });
});

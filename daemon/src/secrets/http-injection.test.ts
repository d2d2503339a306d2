import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { parseHttpTarget } from "../policy/http";
import { SecretCaller, injectHttpSecrets, planHttpSecrets } from "./http-injection";
import { SecretsHarness, secretsHarness, workspacePolicy } from "./test-support";

const caller: SecretCaller = { user: { principal: { type: "agent", id: "a1" }, agent: "a1", requester: "human:alice" }, actor: { name: "a1", role: "writer" }, workspace: "/projects/app" };
const alice = { type: "human" as const, id: "human:alice" };

/** The normalised URL, as the broker hands each hop over. */
const norm = (url: string): string => {
  const t = parseHttpTarget(url);
  if (!t.ok) throw new Error(t.reason);
  return t.url;
};

describe("putting values into an HTTP request", () => {
  let h: SecretsHarness;
  afterEach(() => h.close());

  test("a header template, Basic auth and inline values are each filled in exactly, whatever the value holds", async () => {
    h = secretsHarness(
      workspacePolicy(`{
        "bearer": { "hosts": ["api.example.com"], "apply": { "header": "Authorization", "template": "Bearer \${value}" } },
        "basic": { "hosts": ["api.example.com"], "apply": { "basic": { "user": "ci" } } },
        "inline": { "hosts": ["api.example.com"] }
      }`),
    );
    // `$&` and `$'` mean something to String.replace: the value must go in as it is.
    await h.manager.set("bearer", "tok$&and$'more", alice);
    await h.manager.set("basic", "pa:ss/word", alice);
    await h.manager.set("inline", "a/../@evil.example#?x", alice);
    const sent = await injectHttpSecrets(h.manager, caller, { url: norm("https://api.example.com/p?k=${secret:inline}"), headers: { Authorization: "${secret:bearer}", "X-Raw": "${secret:inline}" }, body: "v=${secret:inline}" }, 1);
    assert.equal(sent.headers["Authorization"], "Bearer tok$&and$'more");
    assert.equal(sent.headers["X-Raw"], "a/../@evil.example#?x");
    assert.equal(sent.body, "v=a/../@evil.example#?x");
    const url = new URL(sent.url);
    assert.equal(url.host, "api.example.com", "the value cannot move the request elsewhere");
    assert.equal(url.searchParams.get("k"), "a/../@evil.example#?x");
    const basic = await injectHttpSecrets(h.manager, caller, { url: norm("https://api.example.com/"), headers: { authorization: "${secret:basic}" }, body: null }, 1);
    assert.equal(basic.headers["authorization"], `Basic ${Buffer.from("ci:pa:ss/word").toString("base64")}`);
    assert.equal(h.records("secret.use").length, 3, "one record per secret per hop (two, then one)");
  });

  test("attack: a value with a line break is not sent in a header (no header injection)", async () => {
    h = secretsHarness(workspacePolicy(`{ "k": { "hosts": ["api.example.com"] } }`));
    await h.manager.set("k", "value\r\nX-Injected: 1", alice);
    await assert.rejects(injectHttpSecrets(h.manager, caller, { url: norm("https://api.example.com/"), headers: { "X-Key": "${secret:k}" }, body: null }, 1), /line break/);
    assert.deepEqual(h.records("secret.use"), [], "a refused use is not recorded as a use");
  });

  test("planning names the secrets and refuses before anyone is asked", async () => {
    h = secretsHarness(workspacePolicy(`{ "k": { "hosts": ["api.example.com"] } }`));
    await h.manager.set("k", "value-123456", alice);
    assert.deepEqual(planHttpSecrets(h.manager, caller, { url: "https://api.example.com/${secret:k}", headers: { A: "${secret:k}" }, body: "${secret:k}" }), ["k"]);
    assert.deepEqual(planHttpSecrets(h.manager, caller, { url: "https://api.example.com/", headers: {}, body: null }), []);
    assert.throws(() => planHttpSecrets(h.manager, caller, { url: "https://evil.example/", headers: { A: "${secret:k}" }, body: null }), /binds secret 'k' to api\.example\.com, not evil\.example/);
    assert.throws(() => planHttpSecrets(h.manager, caller, { url: "https://${secret:k}.example/", headers: {}, body: null }), /may not stand in the URL's scheme, host or user info/);
    assert.throws(() => planHttpSecrets(h.manager, caller, { url: "https://api.example.com/", headers: {}, body: "${SECRET:k}" }), /not a secret reference/);
  });
});

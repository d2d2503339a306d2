import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { looseningChanges } from "../policy/loosening";
import { SecretTarget, checkBinding } from "./bindings";
import { policySet, workspacePolicy } from "./test-support";

const writer = { name: "claude-1", role: "writer" as const };
const reader = { name: "reviewer", role: "reader" as const };

function https(host: string, path = "/", port = 443): SecretTarget {
  return { kind: "http", scheme: "https", host, port, path, explicitOnly: /^[\d.]+$|^localhost$/.test(host) };
}

const refusal = (v: ReturnType<typeof checkBinding>): string => (v.ok ? "(allowed)" : v.reason);

describe("secret bindings", () => {
  test("a bound host is allowed; any other host is refused with the layer and file that refused", () => {
    const set = workspacePolicy(`{ "gh": { "hosts": ["api.github.com"] } }`);
    assert.equal(checkBinding(set, "gh", writer, https("api.github.com")).ok, true);
    assert.match(refusal(checkBinding(set, "gh", writer, https("evil.example"))), /the workspace policy \(\/policies\/workspace\.json\) binds secret 'gh' to api\.github\.com, not evil\.example/);
  });

  test("attack: a secret no policy binds goes nowhere", () => {
    assert.match(refusal(checkBinding(policySet({ workspace: `{ "version": 1, "rules": [] }` }), "gh", writer, https("api.github.com"))), /no policy binds secret 'gh'/);
    assert.match(refusal(checkBinding(workspacePolicy(`{ "other": { "hosts": ["x.example"] } }`), "gh", writer, https("x.example"))), /does not bind secret 'gh'/);
  });

  test("subdomain patterns cover subdomains only; internal hosts only when named exactly", () => {
    const set = workspacePolicy(`{ "k": { "hosts": ["*.example.com", "10.0.0.5"], "schemes": ["http", "https"] } }`);
    assert.equal(checkBinding(set, "k", writer, https("api.example.com")).ok, true);
    assert.equal(checkBinding(set, "k", writer, https("example.com")).ok, false);
    assert.equal(checkBinding(set, "k", writer, https("evilexample.com")).ok, false);
    assert.equal(checkBinding(set, "k", writer, { ...https("10.0.0.5"), explicitOnly: true }).ok, true);
    // Attack: a wildcard reaching an internal name (the target is internal, so only an exact name matches).
    assert.equal(checkBinding(set, "k", writer, { ...https("metadata.example.com"), explicitOnly: true }).ok, false);
  });

  test("attack: plain http is refused unless the binding lists it", () => {
    const set = workspacePolicy(`{ "k": { "hosts": ["api.example.com"] } }`);
    assert.match(refusal(checkBinding(set, "k", writer, { ...https("api.example.com"), scheme: "http", port: 80 })), /to https only, not http/);
  });

  test("ports, paths, agents and roles narrow", () => {
    const set = workspacePolicy(`{ "k": { "hosts": ["api.example.com"], "ports": [443], "paths": ["/v1/**"], "agents": ["claude-1"], "roles": ["writer"] } }`);
    assert.equal(checkBinding(set, "k", writer, https("api.example.com", "/v1/items")).ok, true);
    assert.match(refusal(checkBinding(set, "k", writer, https("api.example.com", "/admin"))), /to paths \/v1\/\*\*, not \/admin/);
    assert.match(refusal(checkBinding(set, "k", writer, https("api.example.com", "/v1/x", 8443))), /ports 443/);
    assert.match(refusal(checkBinding(set, "k", reader, https("api.example.com", "/v1/x"))), /only for agents claude-1, not reviewer/);
  });

  test("layers only tighten: a lower layer narrows, cannot add a secret a higher section omits, and must agree on apply", () => {
    const managed = `{ "version": 1, "rules": [], "secrets": { "gh": { "hosts": ["api.github.com", "uploads.github.com"] } } }`;
    const set = policySet({ managed, user: `{ "version": 1, "rules": [], "secrets": { "gh": { "hosts": ["api.github.com"] }, "mine": { "hosts": ["x.example"] } } }` });
    assert.equal(checkBinding(set, "gh", writer, https("api.github.com")).ok, true);
    assert.match(refusal(checkBinding(set, "gh", writer, https("uploads.github.com"))), /user policy/);
    // Attack: a developer's own file binding a secret the managed policy does not allow anywhere.
    assert.match(refusal(checkBinding(set, "mine", writer, https("x.example"))), /managed policy .* does not bind secret 'mine'/);
    const disagree = policySet({ managed, workspace: `{ "version": 1, "rules": [], "secrets": { "gh": { "hosts": ["api.github.com"], "apply": { "basic": { "user": "u" } } } } }` });
    assert.match(refusal(checkBinding(disagree, "gh", writer, https("api.github.com"))), /disagree on how secret 'gh' is applied/);
    // A layer without a secrets section has no say.
    const silent = policySet({ managed: `{ "version": 1, "rules": [] }`, workspace: `{ "version": 1, "rules": [], "secrets": { "gh": { "hosts": ["api.github.com"] } } }` });
    assert.equal(checkBinding(silent, "gh", writer, https("api.github.com")).ok, true);
  });

  test("a git credential is only for pushes, and an HTTP binding never answers git", () => {
    const set = workspacePolicy(`{ "push": { "hosts": ["github.com"], "remotes": ["origin"], "apply": { "gitCredential": { "username": "x-access-token" } } }, "api": { "hosts": ["github.com"] } }`);
    const git: SecretTarget = { ...https("github.com", "/acme/app.git"), kind: "git", remote: { name: "origin", url: "https://github.com/acme/app.git" } };
    assert.equal(checkBinding(set, "push", writer, git).ok, true);
    assert.match(refusal(checkBinding(set, "push", writer, { ...git, remote: { name: "fork", url: "https://github.com/evil/app.git" } })), /for remotes origin, not fork/);
    assert.match(refusal(checkBinding(set, "push", writer, https("github.com"))), /only given to git push/);
    assert.match(refusal(checkBinding(set, "api", writer, git)), /not as a git credential/);
  });

  test("the policy file rejects malformed bindings with what is wrong", () => {
    assert.throws(() => workspacePolicy(`{ "k": { "hosts": ["*"] } }`), /alone is not allowed/);
    assert.throws(() => workspacePolicy(`{ "k": { "hosts": ["a.example"], "apply": { "header": "X-Key", "template": "no placeholder" } } }`), /\$\{value\} exactly once/);
    assert.throws(() => workspacePolicy(`{ "bad name!": { "hosts": ["a.example"] } }`), /secret name/);
  });
});

describe("secret bindings in loosening detection", () => {
  const ws = (secrets: string | null) => policySet({ workspace: `{ "version": 1, "rules": []${secrets === null ? "" : `, "secrets": ${secrets}`} }` });

  test("a new binding, a new host, a dropped limit, a changed apply or a removed section is a loosening", () => {
    const base = ws(`{ "gh": { "hosts": ["api.github.com"], "roles": ["writer"] } }`);
    assert.match(looseningChanges(base, ws(`{ "gh": { "hosts": ["api.github.com"], "roles": ["writer"] }, "new": { "hosts": ["x.example"] } }`)).join("\n"), /new binding of secret 'new'/);
    assert.match(looseningChanges(base, ws(`{ "gh": { "hosts": ["api.github.com", "evil.example"], "roles": ["writer"] } }`)).join("\n"), /secret 'gh' may now go to hosts evil\.example/);
    assert.match(looseningChanges(base, ws(`{ "gh": { "hosts": ["api.github.com"] } }`)).join("\n"), /no longer limits roles/);
    assert.match(looseningChanges(base, ws(`{ "gh": { "hosts": ["api.github.com"], "roles": ["writer"], "schemes": ["http", "https"] } }`)).join("\n"), /may now go to schemes http/);
    assert.match(looseningChanges(base, ws(`{ "gh": { "hosts": ["api.github.com"], "roles": ["writer"], "apply": { "basic": { "user": "u" } } } }`)).join("\n"), /applied differently/);
    assert.match(looseningChanges(base, ws(null)).join("\n"), /secrets section was removed/);
  });

  test("narrowing or removing a binding is not", () => {
    const base = ws(`{ "gh": { "hosts": ["api.github.com", "uploads.github.com"] }, "old": { "hosts": ["x.example"] } }`);
    assert.deepEqual(looseningChanges(base, ws(`{ "gh": { "hosts": ["api.github.com"], "agents": ["claude-1"] } }`)), []);
  });

  test("a user layer that appears with a binding is a loosening too", () => {
    const before = ws(null);
    const after = policySet({ workspace: `{ "version": 1, "rules": [] }`, user: `{ "version": 1, "rules": [], "secrets": { "mine": { "hosts": ["x.example"] } } }` });
    assert.match(looseningChanges(before, after).join("\n"), /user policy .*new binding of secret 'mine'/);
  });
});

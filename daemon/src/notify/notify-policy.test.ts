import assert from "node:assert/strict";
import { test } from "node:test";
import { LoadedPolicy } from "../policy/load-policy";
import { policyFile } from "../policy/policy-file";
import { backoffMs } from "./dispatcher";
import { isLoopback, notifyPolicy } from "./notify-policy";
import { destinationKey, describeTarget, routesFor, wants } from "./routes";

const hook = { id: "sec", type: "webhook", url: "https://hooks.example.com/warden", signingKeyFile: "/home/u/.local/share/warden/webhook.key" };

test("a policy file with a notify section validates", () => {
  const parsed = policyFile.safeParse({ version: 1, rules: [], notify: { channel: "#incidents", destinations: [hook, { id: "siem", type: "syslog", transport: "tcp", host: "127.0.0.1", port: 6514 }] } });
  assert.ok(parsed.success, parsed.error?.message);
});

test("attack: events sent in cleartext to another machine are refused unless the policy says so out loud", () => {
  const remote = notifyPolicy.safeParse({ destinations: [{ id: "siem", type: "syslog", transport: "udp", host: "10.0.0.5", port: 514 }] });
  assert.equal(remote.success, false);
  assert.match(remote.error?.message ?? "", /cleartext to 10\.0\.0\.5.*allowCleartext/);
  assert.equal(notifyPolicy.safeParse({ destinations: [{ ...hook, url: "http://hooks.example.com/x" }] }).success, false);
  assert.equal(notifyPolicy.safeParse({ destinations: [{ id: "otel", type: "otlp", endpoint: "http://collector.internal:4318", allowCleartext: true }] }).success, true);
  assert.equal(notifyPolicy.safeParse({ destinations: [{ id: "otel", type: "otlp", endpoint: "http://[::1]:4318" }] }).success, true);
  for (const h of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) assert.equal(isLoopback(h), true, h);
  for (const h of ["10.0.0.5", "127.0.0.1.evil.example", "::", "0.0.0.0"]) assert.equal(isLoopback(h), false, h);
});

test("a relative key path, a non-http URL and a duplicate id are refused", () => {
  assert.equal(notifyPolicy.safeParse({ destinations: [{ ...hook, signingKeyFile: "webhook.key" }] }).success, false);
  assert.equal(notifyPolicy.safeParse({ destinations: [{ ...hook, url: "file:///etc/passwd" }] }).success, false);
  const dup = notifyPolicy.safeParse({ destinations: [hook, hook] });
  assert.match(dup.error?.message ?? "", /used twice/);
});

function layer(layer: LoadedPolicy["layer"], notify: unknown): LoadedPolicy {
  const parsed = policyFile.parse({ version: 1, rules: [], notify });
  return { file: `/${layer}.json`, layer, policy: parsed, ruleLines: [] };
}

test("routes merge every layer: a lower layer adds a destination and a channel, never removes one; the same destination counts once", () => {
  const managed = layer("managed", { channel: "#security", owner: false, destinations: [hook] });
  const workspace = layer("workspace", { channel: "#team", retry: { initialMs: 200 }, destinations: [{ ...hook, id: "again" }, { id: "otel", type: "otlp", endpoint: "http://127.0.0.1:4318", categories: ["containment"] }] });
  const r = routesFor({ layers: [managed, workspace] });
  assert.deepEqual(r.destinations.map((d) => d.spec.id), ["sec", "otel"]);
  assert.deepEqual(r.channels, ["#security", "#team"]);
  assert.equal(r.owner, true);
  assert.deepEqual(r.retry, { initialMs: 200, maxMs: 600_000 });
  const otel = r.destinations[1]?.spec;
  assert.ok(otel !== undefined);
  assert.equal(wants(otel, "containment"), true);
  assert.equal(wants(otel, "secret-use"), false);
  assert.equal(wants(otel, "test"), true);
  assert.equal(routesFor({ layers: [layer("workspace", { destinations: [] })] }).destinations.length, 0);
});

test("a destination's key changes with where it sends, not with which events; status never shows URL credentials", () => {
  assert.equal(destinationKey({ ...hook, type: "webhook" }), destinationKey({ ...hook, type: "webhook", id: "other", categories: ["test"] }));
  assert.notEqual(destinationKey({ ...hook, type: "webhook" }), destinationKey({ ...hook, type: "webhook", url: "https://hooks.example.com/other" }));
  assert.equal(describeTarget({ ...hook, type: "webhook", url: "https://user:pw@hooks.example.com/w" }), "https://hooks.example.com/w");
});

test("backoff doubles from the first delay up to the cap, and jitter only shortens it", () => {
  const retry = { initialMs: 1000, maxMs: 8000 };
  assert.deepEqual([0, 1, 2, 3, 4, 40].map((a) => backoffMs(a, retry, 0)), [1000, 2000, 4000, 8000, 8000, 8000]);
  assert.equal(backoffMs(1, retry, 1), 1600);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { parsePolicyText } from "./load-policy";
import { PolicySet } from "./layers";
import { looseningChanges } from "./loosening";

function set(body: object): PolicySet {
  const parsed = parsePolicyText(JSON.stringify({ version: 1, rules: [], ...body }), "/w/.warden/policy.json", "workspace");
  assert.ok(parsed.ok, parsed.ok ? "" : JSON.stringify(parsed.problems));
  return { layers: [parsed.loaded] };
}

const hook = { id: "siem", type: "otlp", endpoint: "http://127.0.0.1:4318" };

test("tightening is not a loosening; a new allow, a removed deny and a longer token life are", () => {
  const base = set({ rules: [{ id: "no-push", action: "git.push", decision: "deny" }] });
  assert.deepEqual(looseningChanges(base, set({ rules: [{ id: "no-push", action: "git.push", decision: "deny" }, { id: "more", action: "git.commit", decision: "deny" }] })), []);
  assert.equal(looseningChanges(base, set({ rules: [] })).length, 1);
  assert.equal(looseningChanges(base, set({ rules: [{ id: "no-push", action: "git.push", decision: "deny" }, { id: "yolo", action: "git.commit", decision: "allow" }] })).length, 1);
  assert.equal(looseningChanges(set({ tokens: { maxTtl: "1h" } }), set({ tokens: { maxTtl: "8h" } })).length, 1);
});

test("attack: adding a notification destination (data leaves the machine) or removing one (monitoring goes quiet) waits for a human", () => {
  const none = set({});
  const one = set({ notify: { destinations: [hook] } });
  assert.ok(looseningChanges(none, one).length > 0, "a new destination is held");
  assert.ok(looseningChanges(one, none).length > 0, "a removed destination is held");
  assert.deepEqual(looseningChanges(one, set({ notify: { destinations: [hook] } })), [], "no change, nothing held");
});

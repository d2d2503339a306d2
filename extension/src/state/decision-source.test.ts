import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { WardenError } from "../../../protocol/src/errors";
import { JsonValue } from "../../../protocol/src/json";
import { record } from "../test-support/fake-daemon";
import { explainDecision, locationLabel, parseSource, whySentence } from "./decision-source";

describe("where a decision's rule is written", () => {
  test("file:line, a file alone (its default), the starter policy, built-ins and nothing", () => {
    assert.deepEqual(parseSource("/projects/app/.warden/policy.json:12"), { kind: "file", file: "/projects/app/.warden/policy.json", line: 12 });
    assert.deepEqual(parseSource("/projects/app/.warden/policy.json"), { kind: "file", file: "/projects/app/.warden/policy.json", line: null });
    assert.deepEqual(parseSource("builtin:starter-policy:27"), { kind: "starter", line: 27 });
    assert.deepEqual(parseSource("builtin:starter-policy"), { kind: "starter", line: null });
    assert.deepEqual(parseSource("builtin"), { kind: "builtin" });
    assert.deepEqual(parseSource("builtin:invalid-policy"), { kind: "builtin" });
    assert.deepEqual(parseSource(null), { kind: "none" });
  });

  test("attack: a relative or odd source never becomes a file to open", () => {
    assert.deepEqual(parseSource("../../etc/passwd:1"), { kind: "none" });
    assert.deepEqual(parseSource("policy.json:3"), { kind: "none" });
    assert.deepEqual(parseSource("/a/policy.json:0"), { kind: "file", file: "/a/policy.json", line: null });
  });

  test("labels are relative to the workspace when the file is inside it", () => {
    assert.equal(locationLabel(parseSource("/projects/app/.warden/policy.json:12"), "/projects/app"), ".warden/policy.json:12");
    assert.equal(locationLabel(parseSource("/etc/warden/managed.json:3"), "/projects/app"), "/etc/warden/managed.json:3");
    assert.equal(locationLabel(parseSource("/projects/app-other/p.json:3"), "/projects/app"), "/projects/app-other/p.json:3");
    assert.equal(locationLabel(parseSource("builtin:starter-policy:27"), null), "starter policy, line 27");
    assert.equal(locationLabel(parseSource("builtin"), null), null);
  });
});

describe("Why? for an activity row", () => {
  const decided = (payload: { [key: string]: JsonValue }) =>
    record("action.decided", { agent: "builder", via: "gate", actions: [{ kind: "shell.exec", target: "rm -rf src" }], decision: "deny", rule: "no-rm", source: "/projects/app/.warden/policy.json:9", reason: "deletions are denied", ...payload });

  test("names the decision, rule, source line and reason", () => {
    const why = explainDecision(decided({}));
    assert.deepEqual(
      { decision: why.decision, rule: why.rule, source: why.source, reason: why.reason, location: why.location, action: why.action, target: why.target, agent: why.agent },
      { decision: "deny", rule: "no-rm", source: "/projects/app/.warden/policy.json:9", reason: "deletions are denied", location: { label: ".warden/policy.json:9" }, action: "shell.exec", target: "rm -rf src", agent: "builder" },
    );
    assert.match(whySentence(why), /^#\d+ builder shell\.exec rm -rf src: DENY by rule 'no-rm' at \.warden\/policy\.json:9 — deletions are denied$/);
  });

  test("a built-in protection says so and has nothing to open; the broker's plain targets are read too", () => {
    const why = explainDecision(decided({ rule: "builtin:protected-path", source: "builtin", actions: [".claude/settings.json"] }));
    assert.equal(why.location, null);
    assert.equal(why.target, ".claude/settings.json");
    assert.match(whySentence(why), /built-in protection no policy can lift/);
  });

  test("refuses rows that are not decisions, and decisions it cannot read, naming the record", () => {
    const result = record("action.result", { ok: true });
    assert.throws(() => explainDecision(result), (err: unknown) => err instanceof WardenError && err.message.includes(`#${result.seq} is action.result, not a decision`));
    assert.throws(() => explainDecision(decided({ decision: "maybe" })), /without a readable decision/);
  });
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { notifyChanges } from "./notify-loosening";
import { NotifyPolicy } from "./notify-policy";

const hook = { id: "sec", type: "webhook" as const, url: "https://hooks.example.com/w", signingKeyFile: "/k/webhook.key" };
const base: NotifyPolicy = { channel: "#sec", destinations: [hook] };

test("an identical notify section is no change", () => {
  assert.deepEqual(notifyChanges("workspace", base, { ...base, destinations: [{ ...hook }] }), []);
  assert.deepEqual(notifyChanges("workspace", undefined, undefined), []);
});

test("attack: a destination added or redirected (data leaves the machine) waits for a human", () => {
  assert.deepEqual(notifyChanges("w", base, { ...base, destinations: [hook, { id: "otel", type: "otlp", endpoint: "https://collector.example.com" }] }), ["w: new notify destination 'otel'"]);
  assert.deepEqual(notifyChanges("w", base, { ...base, destinations: [{ ...hook, url: "https://attacker.example/w" }] }), ["w: notify destination 'sec' changed"]);
  assert.deepEqual(notifyChanges("w", undefined, base), ["w: new notify destination 'sec'"]);
});

test("attack: monitoring silenced — a destination removed, categories narrowed, the channel dropped — waits too", () => {
  assert.deepEqual(notifyChanges("w", base, { ...base, destinations: [] }), ["w: notify destination 'sec' removed"]);
  assert.deepEqual(notifyChanges("w", base, { ...base, destinations: [{ ...hook, categories: ["test"] }] }), ["w: notify destination 'sec' changed"]);
  assert.deepEqual(notifyChanges("w", base, { destinations: [hook] }), ["w: notify recipients or retry changed"]);
});

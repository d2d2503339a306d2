import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { startupMessage } from "./startup";

describe("startupMessage", () => {
  test("accepts a ready message", () => {
    const parsed = startupMessage.parse({ type: "ready", pid: 4242 });
    assert.deepEqual(parsed, { type: "ready", pid: 4242 });
  });

  test("accepts a failed message with a known code", () => {
    const message = { type: "failed", code: "already_running", message: "another daemon serves /home/u/.warden" };
    assert.deepEqual(startupMessage.parse(message), message);
  });

  const rejected: Array<[string, unknown]> = [
    ["an unknown type", { type: "starting", pid: 1 }],
    ["a missing type", { pid: 1 }],
    ["an unknown error code", { type: "failed", code: "kaboom", message: "x" }],
    ["a failed message without a message", { type: "failed", code: "internal" }],
    ["a ready message with pid 0", { type: "ready", pid: 0 }],
    ["a ready message with a fractional pid", { type: "ready", pid: 1.5 }],
    ["a ready message with a string pid", { type: "ready", pid: "4242" }],
    ["a ready message with an extra field", { type: "ready", pid: 1, port: 80 }],
    ["a failed message carrying a pid (wrong variant's field)", { type: "failed", code: "internal", message: "x", pid: 1 }],
    ["null", null],
    ["a string", "ready"],
  ];
  for (const [name, value] of rejected) {
    test(`rejects ${name}`, () => {
      assert.equal(startupMessage.safeParse(value).success, false);
    });
  }
});

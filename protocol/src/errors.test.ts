import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { ERROR_CODES, WardenError, isErrorCode, toWardenError } from "./errors";

describe("WardenError", () => {
  test("is an Error carrying code, message and data", () => {
    const err = new WardenError("timeout", "no answer", { ms: 20 });
    assert.ok(err instanceof Error);
    assert.equal(err.name, "WardenError");
    assert.equal(err.code, "timeout");
    assert.equal(err.message, "no answer");
    assert.deepEqual(err.data, { ms: 20 });
  });

  test("serialises to {code, message, data}, leaving data out when absent", () => {
    assert.deepEqual(JSON.parse(JSON.stringify(new WardenError("internal", "boom", { a: 1 }))), {
      code: "internal",
      message: "boom",
      data: { a: 1 },
    });
    assert.deepEqual(new WardenError("bad_frame", "nope").toJSON(), { code: "bad_frame", message: "nope" });
    assert.equal(Object.hasOwn(new WardenError("bad_frame", "nope").toJSON(), "data"), false);
  });
});

describe("toWardenError", () => {
  test("returns a WardenError unchanged (same object, same code), whatever the fallback", () => {
    const original = new WardenError("chain_broken", "seq 7 does not verify", { seq: 7 });
    const wrapped = toWardenError(original, "timeout");
    assert.equal(wrapped, original);
    assert.equal(wrapped.code, "chain_broken");
    assert.deepEqual(wrapped.data, { seq: 7 });
  });

  test("wraps a plain Error with the default fallback 'internal', keeping its message", () => {
    const wrapped = toWardenError(new TypeError("x is not a function"));
    assert.ok(wrapped instanceof WardenError);
    assert.equal(wrapped.code, "internal");
    assert.equal(wrapped.message, "x is not a function");
    assert.equal(wrapped.data, undefined);
  });

  test("wraps a plain Error with the given fallback", () => {
    const wrapped = toWardenError(new Error("EACCES"), "insecure_state");
    assert.equal(wrapped.code, "insecure_state");
    assert.equal(wrapped.message, "EACCES");
  });

  test("wraps strings and other thrown values with String()", () => {
    assert.deepEqual(toWardenError("plain text", "bad_config").toJSON(), { code: "bad_config", message: "plain text" });
    assert.equal(toWardenError(42).message, "42");
    assert.equal(toWardenError(undefined).message, "undefined");
    assert.equal(toWardenError(null).code, "internal");
  });

  test("does not treat an object that merely looks like a WardenError as one", () => {
    const lookalike = { code: "timeout", message: "fake" };
    const wrapped = toWardenError(lookalike, "internal");
    assert.equal(wrapped.code, "internal");
  });
});

describe("isErrorCode", () => {
  test("accepts every declared code", () => {
    assert.ok(ERROR_CODES.length >= 16);
    for (const code of ERROR_CODES) assert.equal(isErrorCode(code), true, code);
  });

  test("rejects anything else", () => {
    for (const value of ["", "nope", "TIMEOUT", " timeout", "toString", "length", 0, null, undefined, {}, ["timeout"]]) {
      assert.equal(isErrorCode(value), false, inspect(value));
    }
  });
});

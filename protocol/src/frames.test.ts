import { describe, mock, test } from "node:test";
import assert from "node:assert/strict";
import { AuditRecord, GENESIS_HASH } from "./audit";
import { ErrorCode, WardenError } from "./errors";
import { decodeRequestFrame, decodeServerFrame, describeIssues, parseFrameJson } from "./frames";
import { MAX_FRAME_BYTES, MAX_SERVER_FRAME_BYTES } from "./limits";
import { methods } from "./methods";

function throwsCode(fn: () => unknown, code: ErrorCode): WardenError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof WardenError, `expected a WardenError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    return err;
  }
  assert.fail(`expected a WardenError with code ${code}, but nothing was thrown`);
}

const record: AuditRecord = {
  seq: 1,
  ts: "2025-06-01T12:00:00.000Z",
  actor: { type: "daemon", id: "warden" },
  workspace: null,
  kind: "daemon.started",
  payload: { pid: 4242 },
  prevHash: GENESIS_HASH,
  hash: "cd".repeat(32),
};

const validRequest = { type: "request", id: 7, method: "daemon/ping", params: {} };

describe("decodeRequestFrame", () => {
  test("accepts a valid request", () => {
    assert.deepEqual(decodeRequestFrame(JSON.stringify(validRequest)), validRequest);
  });

  test("accepts id 0 and the largest safe integer id", () => {
    assert.equal(decodeRequestFrame(JSON.stringify({ ...validRequest, id: 0 })).id, 0);
    assert.equal(decodeRequestFrame(JSON.stringify({ ...validRequest, id: Number.MAX_SAFE_INTEGER })).id, Number.MAX_SAFE_INTEGER);
  });

  const bad: Array<[string, string, RegExp]> = [
    ["non-JSON", "{type: request}", /not valid JSON/],
    ["an empty string", "", /not valid JSON/],
    ["a JSON array", JSON.stringify([validRequest]), /\(root\)/],
    ["a JSON string", JSON.stringify("request"), /\(root\)/],
    ["null", "null", /\(root\)/],
    ["a missing id", JSON.stringify({ type: "request", method: "daemon/ping", params: {} }), /\bid\b/],
    ["a negative id", JSON.stringify({ ...validRequest, id: -1 }), /\bid\b/],
    ["a non-integer id", JSON.stringify({ ...validRequest, id: 1.5 }), /\bid\b/],
    ["a string id", JSON.stringify({ ...validRequest, id: "7" }), /\bid\b/],
    ["an id above MAX_SAFE_INTEGER", JSON.stringify({ ...validRequest, id: 2 ** 53 }), /\bid\b/],
    ["an unknown type", JSON.stringify({ ...validRequest, type: "response" }), /\btype\b/],
    ["a missing method", JSON.stringify({ type: "request", id: 1, params: {} }), /\bmethod\b/],
    ["a method name over 128 characters", JSON.stringify({ ...validRequest, method: "a".repeat(129) }), /\bmethod\b/],
    ["an extra field", JSON.stringify({ ...validRequest, token: "secret" }), /token/],
  ];
  for (const [name, text, mentions] of bad) {
    test(`rejects ${name} with bad_frame`, () => {
      const err = throwsCode(() => decodeRequestFrame(text), "bad_frame");
      assert.match(err.message, mentions);
    });
  }

  test("rejects a frame over MAX_FRAME_BYTES with frame_too_large, before parsing it", () => {
    const parse = mock.method(JSON, "parse");
    try {
      // Invalid JSON too: if it were parsed first, the code would be bad_frame.
      throwsCode(() => decodeRequestFrame("x".repeat(MAX_FRAME_BYTES + 1)), "frame_too_large");
      assert.equal(parse.mock.callCount(), 0);
    } finally {
      parse.mock.restore();
    }
  });

  test("counts bytes, not characters", () => {
    const twoByteChars = "é".repeat(MAX_FRAME_BYTES / 2 + 1);
    assert.ok(twoByteChars.length < MAX_FRAME_BYTES);
    throwsCode(() => decodeRequestFrame(twoByteChars), "frame_too_large");
  });

  test("accepts a valid frame of exactly MAX_FRAME_BYTES and refuses one byte more", () => {
    const empty = JSON.stringify({ ...validRequest, params: { pad: "" } });
    const exact = JSON.stringify({ ...validRequest, params: { pad: "x".repeat(MAX_FRAME_BYTES - empty.length) } });
    assert.equal(Buffer.byteLength(exact), MAX_FRAME_BYTES);
    assert.equal(decodeRequestFrame(exact).id, 7);
    const over = JSON.stringify({ ...validRequest, params: { pad: "x".repeat(MAX_FRAME_BYTES - empty.length + 1) } });
    throwsCode(() => decodeRequestFrame(over), "frame_too_large");
  });

  test("parseFrameJson returns parsed JSON of any shape", () => {
    assert.deepEqual(parseFrameJson("[1,2]"), [1, 2]);
    throwsCode(() => parseFrameJson("[1,"), "bad_frame");
  });
});

describe("decodeServerFrame", () => {
  const valid: Array<[string, unknown]> = [
    ["a response", { type: "response", id: 3, result: { pong: true } }],
    ["an error", { type: "error", id: 3, error: { code: "timeout", message: "too slow", data: { ms: 20 } } }],
    ["an error without data", { type: "error", id: 3, error: { code: "internal", message: "oops" } }],
    ["an error with a null id", { type: "error", id: null, error: { code: "bad_frame", message: "unreadable" } }],
    // Codes from a newer daemon stay readable; the client maps them to "internal".
    ["an error with a code this client does not know", { type: "error", id: 3, error: { code: "teapot", message: "x" } }],
    ["an event", { type: "event", subscription: "sub-1", record }],
    ["a shutdown notice", { type: "notice", notice: "shutdown", reason: "operator asked" }],
    ["a fatal notice", { type: "notice", notice: "fatal", reason: "disk full" }],
  ];
  for (const [name, frame] of valid) {
    test(`accepts ${name}`, () => {
      assert.deepEqual(decodeServerFrame(JSON.stringify(frame)), frame);
    });
  }

  const invalid: Array<[string, unknown, RegExp]> = [
    ["an error with an empty code", { type: "error", id: 3, error: { code: "", message: "x" } }, /error\.code/],
    ["an error without a message", { type: "error", id: 3, error: { code: "internal" } }, /error\.message/],
    ["an event whose record has a bad hash", { type: "event", subscription: "s", record: { ...record, hash: "nope" } }, /record\.hash/],
    ["an event whose record has a bad kind", { type: "event", subscription: "s", record: { ...record, kind: "Bad" } }, /record\.kind/],
    ["an event whose record lacks seq", { type: "event", subscription: "s", record: { ...record, seq: undefined } }, /record\.seq/],
    ["an event whose record has an extra field", { type: "event", subscription: "s", record: { ...record, x: 1 } }, /record/],
    ["an unknown notice", { type: "notice", notice: "reboot", reason: "x" }, /notice/],
    ["an unknown frame type", { type: "request", id: 1, method: "daemon/ping", params: {} }, /type/],
    ["a response with an extra field", { type: "response", id: 1, result: null, extra: 1 }, /extra/],
  ];
  for (const [name, frame, mentions] of invalid) {
    test(`rejects ${name} with bad_frame`, () => {
      const err = throwsCode(() => decodeServerFrame(JSON.stringify(frame)), "bad_frame");
      assert.match(err.message, mentions);
    });
  }

  test("rejects oversized and non-JSON input; answers may be larger than requests", () => {
    throwsCode(() => decodeServerFrame("{".repeat(MAX_SERVER_FRAME_BYTES + 1)), "frame_too_large");
    // A page of records over the request limit is still a readable answer.
    throwsCode(() => decodeServerFrame("{".repeat(MAX_FRAME_BYTES + 1)), "bad_frame");
    throwsCode(() => decodeServerFrame("garbage"), "bad_frame");
  });
});

describe("describeIssues", () => {
  const append = methods["audit/append"].params;

  test("names the failing path", () => {
    const parsed = append.safeParse({ events: [{ kind: "a.b", payload: 1 }, { kind: "File.Write", payload: 1 }] });
    assert.equal(parsed.success, false);
    const text = parsed.error === undefined ? "" : describeIssues(parsed.error);
    assert.match(text, /^events\.1\.kind: expected a dotted lower-case kind/);
  });

  test("says (root) for an issue with no path", () => {
    const parsed = append.safeParse(null);
    assert.match(parsed.error === undefined ? "" : describeIssues(parsed.error), /^\(root\): /);
  });

  test("lists at most five issues, separated by '; '", () => {
    const events = Array.from({ length: 8 }, () => ({ kind: "nodot", payload: 1 }));
    const parsed = append.safeParse({ events });
    assert.equal(parsed.error?.issues.length, 8);
    const parts = parsed.error === undefined ? [] : describeIssues(parsed.error).split("; ");
    assert.deepEqual(
      parts.map((part) => part.split(":")[0]),
      ["events.0.kind", "events.1.kind", "events.2.kind", "events.3.kind", "events.4.kind"],
    );
  });
});

import assert from "node:assert/strict";
import { PassThrough, Readable } from "node:stream";
import { describe, test } from "node:test";
import { readSecretValue } from "./read-value";

/** A terminal as far as readSecretValue can tell: raw mode, keystrokes as data events. */
function fakeTty(keys: string[]): { stdin: PassThrough & { isTTY: true; isRaw: boolean; setRawMode(raw: boolean): unknown }; raw: boolean[] } {
  const raw: boolean[] = [];
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true as const,
    isRaw: false,
    setRawMode(value: boolean) {
      stdin.isRaw = value;
      raw.push(value);
      return stdin;
    },
  });
  let i = 0;
  // Each prompt starts listening, then the next "line" of keystrokes arrives.
  stdin.on("newListener", (event) => {
    if (event === "data") setImmediate(() => stdin.emit("data", Buffer.from(keys[i++] ?? "")));
  });
  return { stdin, raw };
}

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

describe("reading a secret's value", () => {
  test("from a pipe: the whole input, one trailing newline dropped", async () => {
    const err = sink();
    assert.equal(await readSecretValue("k", { stdin: Readable.from([Buffer.from("line one\nline two\n")]), stderr: err.stream }), "line one\nline two");
    await assert.rejects(readSecretValue("k", { stdin: Readable.from([]), stderr: err.stream }), /no value was given/);
  });

  test("from a terminal: asked twice with echo off, backspace honoured, raw mode restored", async () => {
    const tty = fakeTty(["s3crex\u007fT\r", "s3creT\r"]);
    const err = sink();
    assert.equal(await readSecretValue("api", { stdin: tty.stdin, stderr: err.stream }), "s3creT");
    assert.match(err.text(), /Value for api \(not shown\): \nAgain, to confirm: \n/);
    assert.ok(!err.text().includes("s3cre"), "nothing typed is echoed");
    assert.deepEqual(tty.raw, [true, false, true, false]);
  });

  test("from a terminal: two different values, or Ctrl-C, store nothing", async () => {
    await assert.rejects(readSecretValue("api", { stdin: fakeTty(["one-value\r", "other-value\r"]).stdin, stderr: sink().stream }), /the two values differ/);
    await assert.rejects(readSecretValue("api", { stdin: fakeTty(["abc\u0003"]).stdin, stderr: sink().stream }), /cancelled/);
  });
});

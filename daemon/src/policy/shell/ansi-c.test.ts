import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { decodeAnsiC } from "./ansi-c";

describe("ANSI-C quoting ($'…')", () => {
  test("plain text and the usual escapes decode as bash does", () => {
    assert.deepEqual(decodeAnsiC("a b"), { value: "a b", exact: true });
    assert.equal(decodeAnsiC("\\n\\t\\\\\\'\\\"\\e").value, "\n\t\\'\"\u001b");
  });

  test("attack: hex, octal and unicode escapes spell a program name (`$'\\x72\\x6d'` is rm)", () => {
    assert.equal(decodeAnsiC("\\x72\\x6d").value, "rm");
    assert.equal(decodeAnsiC("\\162\\155").value, "rm");
    assert.equal(decodeAnsiC("\\u0072\\U0000006d").value, "rm");
    assert.equal(decodeAnsiC("\\cA").value, "\u0001");
  });

  test("escaped bytes form UTF-8 characters, not one character per byte", () => {
    assert.equal(decodeAnsiC("\\xc3\\xa9").value, "é");
  });

  test("attack: a NUL byte ends the word, as in bash (`$'rm\\0 -rf'` is rm)", () => {
    assert.equal(decodeAnsiC("rm\\x00 trailing").value, "rm");
    assert.equal(decodeAnsiC("rm\\0").value, "rm");
  });

  test("bytes that are not UTF-8 and impossible code points are marked inexact", () => {
    assert.equal(decodeAnsiC("\\xff").exact, false);
    assert.equal(decodeAnsiC("\\ud800").exact, false);
  });

  test("unknown escapes and escapes without digits keep their backslash", () => {
    assert.equal(decodeAnsiC("\\q\\x").value, "\\q\\x");
  });
});

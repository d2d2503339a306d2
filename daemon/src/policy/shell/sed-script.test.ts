import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { analyseSedScript } from "./sed-script";

describe("sed script parser", () => {
  test("ordinary scripts neither run commands nor write files", () => {
    for (const script of ["s/a/b/g", "1,/^$/d", "/x/{p;d}", "s|/usr|/opt|2", "$!N; s/\\n/ /", "y/abc/xyz/", "1i\\\nheader", "/start/,+3 s/e/E/"]) {
      const findings = analyseSedScript(script);
      assert.deepEqual(findings, { runsCommand: false, writes: [], understood: true }, script);
    }
  });

  test("attack: the `e` command and the `s///e` flag run shell commands", () => {
    assert.equal(analyseSedScript("e id").runsCommand, true);
    assert.equal(analyseSedScript("1e touch /tmp/pwned").runsCommand, true);
    assert.equal(analyseSedScript("s/.*/id/e").runsCommand, true);
    assert.equal(analyseSedScript("/x/ { s/a/b/ ; e date\n}").runsCommand, true);
  });

  test("attack: `w`, `W` and `s///w` write files (the name runs to the end of the line)", () => {
    assert.deepEqual(analyseSedScript("w /home/u/.bashrc").writes, ["/home/u/.bashrc"]);
    assert.deepEqual(analyseSedScript("s/a/b/w out.txt").writes, ["out.txt"]);
    assert.deepEqual(analyseSedScript("1W a; b").writes, ["a; b"]);
  });

  test("a delimiter escaped in the pattern does not end it (`s/\\/e/x/`)", () => {
    assert.equal(analyseSedScript("s/\\/e/x/").runsCommand, false);
    assert.equal(analyseSedScript("s,a\\,e,b,").runsCommand, false);
  });

  test("text arguments of a/i/c are not commands (`a e id` appends text)", () => {
    assert.equal(analyseSedScript("a e id").runsCommand, false);
  });

  test("syntax it cannot follow is reported as not understood", () => {
    assert.equal(analyseSedScript("s/unterminated").understood, false);
    assert.equal(analyseSedScript("K").understood, false);
  });
});

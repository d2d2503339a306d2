import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, test } from "node:test";
import { modelCommandOf } from "./claude-shell-script";
import { CLAUDE_CODE_VERSION, RECORDED_WRAPPERS } from "./claude-wrappers.fixture";

/** What bash makes of the word after `eval` in a wrapper: the string eval would run. */
function bashValueOfEvalWord(script: string): string {
  const at = script.indexOf(" && eval ") + " && eval ".length;
  const end = script.search(/ (< \/dev\/null )?&& pwd -P >\| /);
  const word = script.slice(at, end);
  return execFileSync("/bin/bash", ["-c", `printf '%s' ${word}`], { encoding: "utf8" });
}

describe(`Claude Code ${CLAUDE_CODE_VERSION}'s recorded shell wrappers`, () => {
  test("every recorded wrapper gives back the model's command, as bash reads the eval word", () => {
    assert.ok(RECORDED_WRAPPERS.length >= 20);
    for (const { command, script } of RECORDED_WRAPPERS) {
      assert.equal(modelCommandOf(script), command, script);
      assert.equal(bashValueOfEvalWord(script), command, `bash reads the word of ${JSON.stringify(command)} differently`);
    }
  });

  test("one-word commands are written unquoted after eval, and are read (the false block of issue 17)", () => {
    const ls = RECORDED_WRAPPERS.find((w) => w.command === "ls");
    assert.ok(ls !== undefined);
    assert.match(ls.script, / && eval ls < \/dev\/null && /);
    assert.equal(modelCommandOf(ls.script), "ls");
  });

  test("attack: anything beside Claude Code's exact shape is not taken apart (decided whole instead)", () => {
    const base = RECORDED_WRAPPERS.find((w) => w.command === "ls")?.script ?? "";
    const quoted = RECORDED_WRAPPERS.find((w) => w.command === "ls -la src")?.script ?? "";
    const attacks = [
      `${base}; touch pwned`,
      `${base} && touch pwned`,
      base.replace("eval ls", "eval ls;touch${IFS}pwned"),
      base.replace("eval ls", "eval $(touch pwned)"),
      base.replace("eval ls", "eval `touch pwned`"),
      base.replace("eval ls", "eval ls*"),
      base.replace("eval ls", "eval ~/x"),
      base.replace("eval ls", "eval ls\\"),
      quoted.replace("eval 'ls -la src'", "eval 'ls -la src'$(touch pwned)"),
      quoted.replace("eval 'ls -la src'", 'eval "ls -la src"'),
      // Something run before the eval, in the place of Claude Code's preamble.
      base.replace(" && eval ls", " && touch pwned && eval ls"),
      base.replace(/^source \S+/, "source ./evil.sh"),
      base.replace("|| true && eval", "|| touch pwned && eval"),
      "eval ls < /dev/null && pwd -P >| /tmp/x",
    ];
    for (const script of attacks) assert.equal(modelCommandOf(script), null, script);
    // Benign twins: the same wrappers unchanged.
    assert.equal(modelCommandOf(base), "ls");
    assert.equal(modelCommandOf(quoted), "ls -la src");
  });
});

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { analyze } from "./test-support";
import type { ShellAnalysis } from "./types";

/**
 * Differential test against real bash for which commands a line runs. Bash runs each
 * line with PATH pointing nowhere and a `command_not_found_handle` that records every
 * external command it would have started (on fd 3), so nothing but builtins executes.
 * Whenever we call a line resolved, every command bash tried must be in our list.
 *
 * The lines only redirect to relative names and never `cd`: they run in a temp dir.
 */
const LINES = [
  "ls; rm a", "true && rm b || rm c", "false || rm d", "echo $(rm e)", "echo `rm f`", 'echo "$(rm g)"', "x=$(rm h)",
  "(rm j)", "{ rm k; }", "if true; then rm l; fi", 'for f in a b; do rm "$f"; done', "case x in x) rm m;; esac",
  "f() { rm n; }; f", "eval 'rm p'", "'r''m' q", "\\rm r", "r\\m s", "$'\\x72\\x6d' t", "rm \\\n u", "ls # rm v",
  'echo "rm w"', "cat <<EOF\n$(rm x)\nEOF", "cat <<EOF\n`rm y`\nEOF", "cat <<'EOF'\n$(rm z)\nEOF",
  "echo `echo \\`rm aa\\``", "a\\\nb c", "echo ${x:-$(rm ab)}", "cat <<EOF && rm ac\nhi\nEOF", "true | rm ad",
  "time rm af", "! rm ag", "command rm ah", "builtin eval 'rm ai'", "trap 'rm ak' EXIT", "x=1 rm ao",
  "rm ap 2>err", "rm -- -aq", "while false; do :; done; rm ar", "cat - <<EOF\nx\nEOF", "echo a\\ b; rm as",
  "rm \"a\"'b'$'c'\\d", "{ rm au; } 2>err", "[[ -f x ]] || rm aw", "[ -f x ] || rm ax", "test -f x || rm ay",
  "rm az; # comment; rm ba", "if rm bb; then :; fi", 'echo "`rm bc`"', "echo '$(rm bd)'", ": $(rm be)",
  "declare x=$(rm bf)", "export y=$(rm bg)", "f() ( rm bh ); f", "function g { rm bi; }; g",
  "cat <<-EOF\n\t$(rm bj)\n\tEOF", "until true; do :; done; rm bl", "case a in b) ;; *) rm bm;; esac",
  "echo {a,b}; rm bn", "rm b{o,p}", "rm *.nomatch", "echo ~; rm bq", 'rm "$(echo br)"', "cat <<EOF | rm bs\nx\nEOF",
  "echo a;\n rm bu", "if true\nthen\n rm bv\nfi", "rm 'bx\\'", 'rm "by\\"z"', "rm $'bz\\'x'", "echo $(echo ')'); rm cb",
  "echo $(case x in x) echo;; esac); rm cc", "echo ${x:-'}'}; rm cd", 'echo ${x:-"}"}; rm ce',
  "cat <<'EOF'\nx\\\nEOF\nrm cf\nEOF", "cat <<EOF\nx\\\nEOF\nrm cg\nEOF", "echo $'\\\\' ; rm ch ; echo $'x'",
  "echo \"a\\\\\"; rm ci", "rm cj \\\n\\\n ck", "echo x >out; rm cl <out", "rm cm & wait", "sh -c 'rm cn'",
  "echo '\\''; rm co; echo '", "echo \"$'x'\"; rm cp", "rm $\"cq\"", "echo \\$(rm cr)", "echo $(echo \\$(rm cs))",
  "echo ${#x} ${x%a} ${x/a/b}; rm ct", "rm cu; exit; rm cv", "rm <<<cw", "cat <<A\n$(rm cx)\nA\nrm cy",
  "echo $(echo a # comment )\nrm x1)", "echo $(echo a # ) ; rm x2\n)", "case x in (x) rm x3;; esac", 'echo "${x:-$(echo "a)b")}"; rm x5',
  "echo $(cat <<EOF\n)\nEOF\n); rm x6", "x=( $(rm x7) )", "echo ${x:-`rm x8`}", 'echo "${x:-"$(rm x9)"}"', "{ rm y2; } | cat",
  "echo a | { rm y3; }", "if ! rm y4; then :; fi", "while read -r l; do rm \"$l\"; done <<EOF\ny7\nEOF", "cat <<EOF | cat\n$(rm y9)\nEOF",
  "echo \\\nrm z1", "echo a\\\n;rm z2", "rm z4 # \\\nrm z5", 'echo "a\nrm z6"; rm z7', "echo ${x//\\}/a}; rm w3",
  "echo $'\\''\"; rm w5; echo \"", "echo `echo '\\`'`; rm w7", "echo \\#; rm v2", ": ${x:=$(rm v6)}", "[[ $(rm v7) ]]",
  "echo ${x#\"$(rm u1)\"}", "cat <(cat <(rm u2))", "rm u8 |& cat", "echo x ||\nrm u9", "echo x &&\n# comment\nrm t1",
  "echo $( (rm a2) )", "( (rm a4) )", "cat <<-EOF\nx\n\t\tEOF\nrm b3\nEOF", "cat <<EOF\n\tEOF\nrm b4\nEOF",
  'cat <<"E O F"\nrm b5\nE O F\nrm b6', "cat <<E\\OF\n$(rm b7)\nEOF\nrm b8", "cat <<EOF\nx\nEOF \nrm c1\nEOF\nrm c2",
  "x=$(cat <<'EOF'\n)\nEOF\n); rm d1", 'echo "$(cat <<EOF\n"\nEOF\n)"; rm d3', "echo ${x:-$(cat <<EOF\n}\nEOF\n)}; rm d6",
];

let dir = "";
let bash = "";

function bashRan(line: string): string[][] {
  const result = spawnSync(bash, ["--norc", "--noprofile", "-c", line], {
    cwd: dir,
    timeout: 5_000,
    stdio: ["ignore", "ignore", "ignore", "pipe"],
    env: {
      PATH: path.join(dir, "no-such-dir"),
      HOME: dir,
      LC_ALL: "C.UTF-8",
      // One printf per command, so records from concurrent pipeline members do not interleave.
      "BASH_FUNC_command_not_found_handle%%": "() { printf '%s\\0' \"$@\" $'\\1' >&3; return 127; }",
    },
  });
  if (result.error !== undefined) assert.fail(`cannot run bash for the trace test: ${result.error.message}`);
  const output = result.output[3];
  const text = typeof output === "string" ? output : Buffer.isBuffer(output) ? output.toString("utf8") : "";
  return text
    .split("\u0001\u0000")
    .slice(0, -1)
    .map((record) => record.split("\u0000").slice(0, -1));
}

function covers(analysis: ShellAnalysis, argv: readonly string[]): boolean {
  const [program, ...args] = argv;
  return analysis.commands.some(
    (command) => command.program === program && (command.dynamicArgs || JSON.stringify(command.args) === JSON.stringify(args)),
  );
}

describe("the commands bash runs are the ones we report", () => {
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "warden-bash-trace-"));
    const found = ["/bin/bash", "/usr/bin/bash", "/usr/local/bin/bash", "/opt/homebrew/bin/bash"].find((candidate) => fs.existsSync(candidate));
    if (found === undefined) assert.fail("bash is needed for the trace test and was not found in /bin, /usr/bin, /usr/local/bin or /opt/homebrew/bin");
    bash = found;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the tracer sees what bash runs", () => {
    assert.deepEqual(bashRan("rm x; echo $(ls -l)"), [["rm", "x"], ["ls", "-l"]]);
  });

  test("for every line we resolve, each command bash ran is in our list", async () => {
    const missed: string[] = [];
    let resolved = 0;
    for (const line of LINES) {
      const analysis = await analyze(line);
      if (!analysis.resolved) continue;
      resolved += 1;
      for (const argv of bashRan(line)) {
        if (!covers(analysis, argv)) missed.push(`${JSON.stringify(line)}: bash ran ${JSON.stringify(argv)}, we reported ${JSON.stringify(analysis.commands.map((c) => [c.program, ...c.args]))}`);
      }
    }
    assert.deepEqual(missed, []);
    // Most lines are ordinary bash: the test must not pass by calling everything unresolved.
    assert.ok(resolved >= LINES.length * 0.8, `only ${resolved} of ${LINES.length} lines were resolved`);
  });
});

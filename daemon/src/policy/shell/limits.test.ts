import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MAX_COMMAND_CHARS, MAX_COMMANDS } from "./limits";
import { analyze, assertResolved, assertUnresolved, programs } from "./test-support";

describe("fail closed: limits, parse errors and constructs that can run hidden code", () => {
  test("attack: 200-deep subshell nesting is unresolved, not a stack overflow", async () => {
    const analysis = await analyze(`${"( ".repeat(200)}rm x${" )".repeat(200)}`);
    assertUnresolved(analysis, /nesting too deep/);
    assertResolved(await analyze(`${"( ".repeat(10)}ls${" )".repeat(10)}`));
  });

  test("attack: 10,000 nested `${x:-…}` and 200 nested `$(…)` are handled without recursion limits", async () => {
    const expansions = await analyze(`echo ${"${x:-".repeat(10_000)}$(rm y)${"}".repeat(10_000)}`);
    assert.ok(programs(expansions).includes("rm"));
    assertUnresolved(await analyze(`echo ${"$(".repeat(200)}rm x${")".repeat(200)}`), /nesting too deep/);
  });

  test("attack: a 100 KiB command is unresolved as over-long", async () => {
    const analysis = await analyze(`echo ${"a".repeat(100 * 1024)}`);
    assertUnresolved(analysis, /over-long/);
    assert.deepEqual(analysis.commands, []);
    assert.ok(MAX_COMMAND_CHARS < 100 * 1024);
  });

  test("attack: more simple commands than the limit are unresolved, and the list is capped", async () => {
    const analysis = await analyze(Array.from({ length: 300 }, (_, i) => `echo ${i}`).join("; "));
    assertUnresolved(analysis, /over-long: more than 256 simple commands/);
    assert.equal(analysis.commands.length, MAX_COMMANDS);
    assertUnresolved(await analyze(Array.from({ length: 5000 }, () => "true").join(" && ")), /over-long/);
  });

  test("attack: any parse error is unresolved and names the column", async () => {
    assertUnresolved(await analyze("echo 'unterminated"), /parse error at column \d+/);
    assertUnresolved(await analyze("if true; then ls"), /parse error/);
    assertUnresolved(await analyze("ls 3<>file"), /parse error at column 6/);
    assertUnresolved(await analyze("echo a\nls )"), /parse error at line 2, column \d+/);
  });

  test("attack: arithmetic in every form is unresolved (x='a[$(cmd)]' makes it run cmd)", async () => {
    assertUnresolved(await analyze("echo $[1+1]"), /arithmetic/);
    assertUnresolved(await analyze("echo $((x + 1))"), /arithmetic expansion/);
    assertUnresolved(await analyze("(( x++ ))"), /arithmetic command/);
    assertUnresolved(await analyze("for ((i=0; i<3; i++)); do ls; done"), /arithmetic `for/);
    assertUnresolved(await analyze("let x=1"), /`let` evaluates arithmetic/);
    assertUnresolved(await analyze("[[ $n -gt 3 ]]"), /arithmetic comparison/);
    assertUnresolved(await analyze('echo "${arr[i]}"'), /array subscript/);
    assertUnresolved(await analyze("echo ${s:off:2}"), /substring expansion/);
    assertResolved(await analyze('[ "$n" -gt 3 ] && echo ${arr[0]} ${s:1:2} ${#s}'));
  });

  test("attack: builtins that evaluate subscripts in names are unresolved (`read 'a[$(id)]'`)", async () => {
    assertUnresolved(await analyze("read 'a[$(id)]'"), /array subscript/);
    assertUnresolved(await analyze("printf -v 'a[$(id)]' %s x"), /array subscript/);
    assertUnresolved(await analyze("test -v 'a[$(id)]'"), /array subscript/);
    assertUnresolved(await analyze("[[ -v 'a[$(id)]' ]]"), /-v` test/);
    assertResolved(await analyze("read -r -p 'Name [y/n]: ' answer; printf '%s[x]\\n' a; test -v HOME"));
  });

  test("attack: indirect and prompt expansions are unresolved (`${!x}`, `${x@P}`)", async () => {
    assertUnresolved(await analyze("echo ${!x}"), /indirect expansion/);
    assertUnresolved(await analyze("echo ${x@P}"), /prompt expansion/);
    assertResolved(await analyze('echo "${!prefix@}" ${x@Q}'));
  });

  test("attack: a named descriptor redirect, a NUL and unparsed text are unresolved", async () => {
    assertUnresolved(await analyze("ls {fd}>f"), /named descriptor/);
    assertUnresolved(await analyze("ls\0rm -rf /"), /NUL/);
  });

  test("the analyser never throws, whatever the input", async () => {
    const inputs = [
      "", " ", "\n\n", ";", "&&", "|", "$(", "`", "'", '"', "\\", "${", "<<EOF", "cat <<", "((", "[[", "]]", "}", "{", "case",
      "function", "if", "for x in", "\u0000", "\u202e", "😀 -rf", "a".repeat(65_536), "$'\\", "${!}", "${@P}", "<(", ">(", "2>&",
    ];
    for (const input of inputs) {
      const analysis = await analyze(input);
      assert.equal(typeof analysis.resolved, "boolean");
      assert.ok(!analysis.problems.some((p) => p.startsWith("internal error")), `${JSON.stringify(input)}: ${JSON.stringify(analysis.problems)}`);
    }
  });
});

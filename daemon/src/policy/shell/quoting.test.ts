import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { analyze, assertResolved, assertUnresolved, only, programs } from "./test-support";
import { DYNAMIC_OPEN } from "./types";

describe("quoting, escapes and word boundaries", () => {
  test("a plain command is one resolved command", async () => {
    const analysis = await analyze("echo hi");
    assertResolved(analysis);
    assert.deepEqual(analysis.commands, [
      { program: "echo", programName: "echo", args: ["hi"], dynamicArgs: false, assignments: [], redirects: [], writes: [], via: [], runsCode: [] },
    ]);
  });

  test("attack: quote splicing, a leading backslash and an inner backslash all spell rm", async () => {
    for (const command of ["'r''m' -rf x", '"r"m -rf x', "\\rm -rf x", "r\\m -rf x"]) {
      const analysis = await analyze(command);
      assertResolved(analysis);
      assert.equal(only(analysis, "rm").program, "rm", command);
      assert.deepEqual(only(analysis, "rm").args, ["-rf", "x"], command);
    }
  });

  test("attack: ANSI-C quoting spells rm (`$'\\x72\\x6d' x`)", async () => {
    const analysis = await analyze("$'\\x72\\x6d' x");
    assertResolved(analysis);
    assert.deepEqual(programs(analysis), ["rm"]);
  });

  test("attack: a path to the program keeps the path and exposes the basename", async () => {
    const analysis = await analyze("/usr/bin/rm -rf x");
    assert.equal(only(analysis, "rm").program, "/usr/bin/rm");
  });

  test("attack: a program name made by command substitution is unresolved, and the substitution still listed", async () => {
    const analysis = await analyze('"$(echo rm)" -rf /');
    assertUnresolved(analysis, /dynamic command name/);
    assert.deepEqual(programs(analysis).slice(1), ["echo"]);
  });

  test("attack: a program name from a variable is unresolved (`$CMD args`)", async () => {
    assertUnresolved(await analyze("$CMD -rf /"), /dynamic command name `⟨\$CMD⟩`/);
    assertUnresolved(await analyze("${X:-rm} -rf /"), /dynamic command name/);
  });

  test("double-quoted escapes are removed as bash does; quoted text is one argument", async () => {
    const analysis = await analyze('printf "%s\\n" "a\\"b\\$c\\\\d\\e" \'x y\'');
    assertResolved(analysis);
    assert.deepEqual(only(analysis, "printf").args, ["%s\\n", 'a"b$c\\d\\e', "x y"]);
  });

  test("a command line in quotes is data: `echo \"rm -rf /\"` runs only echo", async () => {
    const analysis = await analyze('echo "rm -rf /"');
    assertResolved(analysis);
    assert.deepEqual(programs(analysis), ["echo"]);
    assert.deepEqual(only(analysis, "echo").args, ["rm -rf /"]);
  });

  test("attack: a comment hides nothing: `ls # rm -rf /` runs only ls", async () => {
    const analysis = await analyze("ls # rm -rf /");
    assertResolved(analysis);
    assert.deepEqual(programs(analysis), ["ls"]);
  });

  test("line continuations join the command (`rm \\<newline> -rf x`)", async () => {
    const analysis = await analyze("rm \\\n -rf x");
    assertResolved(analysis);
    assert.deepEqual(only(analysis, "rm").args, ["-rf", "x"]);
  });

  test("attack: a carriage return (a word character to bash) makes the command unresolved", async () => {
    const analysis = await analyze("ls\r\nrm -rf x");
    assertUnresolved(analysis, /carriage return/);
    assert.ok(programs(analysis).includes("rm"));
    assertResolved(await analyze("ls\nrm -rf x"));
  });

  test("attack: an escaped space the grammar drops makes the command unresolved", async () => {
    assertUnresolved(await analyze("tr \\  x"), /unparsed text/);
    const ok = await analyze("echo a\\ b");
    assertResolved(ok);
    assert.deepEqual(only(ok, "echo").args, ["a b"]);
  });

  test("words the grammar splits are joined as bash joins them", async () => {
    const analysis = await analyze("cat /lib/modules/`uname -r`/modules.alias");
    assertResolved(analysis);
    assert.deepEqual(only(analysis, "cat").args, [`/lib/modules/${DYNAMIC_OPEN}\`uname -r\`⟩/modules.alias`]);
    assert.ok(programs(analysis).includes("uname"));
  });

  test("attack: an ANSI-C string the grammar ends later than bash does is unresolved (`$'\\\\' ; rm -rf / ; echo $'`)", async () => {
    const analysis = await analyze("echo $'\\\\' ; rm -rf / ; echo $'");
    assertUnresolved(analysis, /ANSI-C string the grammar reads differently/);
    assertUnresolved(await analyze("echo $'a\\\\' 'b'"), /ANSI-C/);
    assert.deepEqual(only(await analyze("echo $'\\\\'"), "echo").args, ["\\"]);
  });

  test("attack: locale-translated strings (`$\"…\"`) are unresolved", async () => {
    assertUnresolved(await analyze('echo $"rm"'), /locale-translated/);
  });

  test("expansions, globs, braces and tilde make arguments dynamic, and keep a marker", async () => {
    for (const word of ["$HOME", '"$x"', "${x:-y}", "*.c", "file?", "[ab].txt", "{a,b}", "{1..3}", "~", "~/x", "~root/x", "a=~/x"]) {
      const analysis = await analyze(`ls ${word}`);
      assertResolved(analysis);
      assert.equal(only(analysis, "ls").dynamicArgs, true, word);
    }
    assert.deepEqual(only(await analyze("ls $HOME"), "ls").args, ["⟨$HOME⟩"]);
  });

  test("quoted globs and braces, `{}` and a lone `[` are literal", async () => {
    for (const word of ["'*.c'", '"{a,b}"', "\\*", "{}", "[", "a]"]) {
      const analysis = await analyze(`ls ${word}`);
      assert.equal(only(analysis, "ls").dynamicArgs, false, word);
    }
  });

  test("assignment prefixes are reported with their values, null when dynamic", async () => {
    const analysis = await analyze("A=1 B=$x C=~/d D='e f' ls");
    assert.deepEqual(only(analysis, "ls").assignments, [
      { name: "A", value: "1" },
      { name: "B", value: null },
      { name: "C", value: null },
      { name: "D", value: "e f" },
    ]);
  });

  test("assignments alone run no program: reported with an empty program", async () => {
    const analysis = await analyze("a=1 b=2");
    assertResolved(analysis);
    assert.equal(analysis.commands.length, 1);
    assert.equal(analysis.commands[0]?.program, "");
    assert.deepEqual(analysis.commands[0]?.assignments, [{ name: "a", value: "1" }, { name: "b", value: "2" }]);
  });
});

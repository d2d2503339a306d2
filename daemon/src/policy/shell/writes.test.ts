import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { analyze, assertResolved, assertUnresolved, only } from "./test-support";

describe("files a command writes", () => {
  test("attack: `echo hi > ~/.bashrc` writes the file; `echo hi` writes nothing", async () => {
    const analysis = await analyze("echo hi > ~/.bashrc");
    assertResolved(analysis);
    const echo = only(analysis, "echo");
    assert.deepEqual(echo.writes, ["~/.bashrc"]);
    assert.deepEqual(echo.redirects, [{ op: ">", fd: 1, target: "~/.bashrc" }]);
    assert.deepEqual(only(await analyze("echo hi"), "echo").writes, []);
  });

  test("every output operator writes; duplications and input do not", async () => {
    const analysis = await analyze("cmd >a >>b >|c &>d &>>e 2>f 2>&1 >&2 <g 3<&0 4>&-");
    assertResolved(analysis);
    const cmd = only(analysis, "cmd");
    assert.deepEqual(cmd.writes, ["a", "b", "c", "d", "e", "f"]);
    assert.deepEqual(cmd.redirects.map((r) => [r.op, r.fd, r.target]), [
      [">", 1, "a"], [">>", 1, "b"], [">|", 1, "c"], ["&>", null, "d"], ["&>>", null, "e"], [">", 2, "f"],
      [">&", 2, "1"], [">&", 1, "2"], ["<", 0, "g"], ["<&", 3, "0"], [">&-", 4, null],
    ]);
  });

  test("/dev/null is listed like any other target (the policy allows it)", async () => {
    assert.deepEqual(only(await analyze("ls 2>/dev/null"), "ls").writes, ["/dev/null"]);
  });

  test("attack: `>& file` (a word, not a descriptor) writes the file", async () => {
    assert.deepEqual(only(await analyze("ls >& out.txt"), "ls").writes, ["out.txt"]);
  });

  test("attack: a write target not known until run time is unresolved", async () => {
    const analysis = await analyze('echo x > "$F"');
    assertUnresolved(analysis, /write target `⟨\$F⟩` .* is not known until run time/);
    assert.deepEqual(only(analysis, "echo").redirects, [{ op: ">", fd: 1, target: null }]);
    assertUnresolved(await analyze("echo x > *.txt"), /write target/);
  });

  test("tee writes its file arguments, also behind sudo", async () => {
    const analysis = await analyze("echo x | sudo tee -a /etc/hosts log.txt");
    assertResolved(analysis);
    assert.deepEqual(only(analysis, "tee").writes, ["/etc/hosts", "log.txt"]);
    assertUnresolved(await analyze('tee "$OUT"'), /write target/);
  });

  test("attack: usually read-only tools with an output option write where told", async () => {
    assert.deepEqual(only(await analyze("sort -o ~/.bashrc list"), "sort").writes, ["~/.bashrc"]);
    assert.deepEqual(only(await analyze("sort -uo out in"), "sort").writes, ["out"]);
    assert.deepEqual(only(await analyze("curl -fsSLo out.sh https://x"), "curl").writes, ["out.sh"]);
    assert.deepEqual(only(await analyze("curl -H 'a: b' https://x"), "curl").writes, []);
    assert.deepEqual(only(await analyze("wget -O - https://x"), "wget").writes, ["-"]);
    assert.deepEqual(only(await analyze("dd if=/dev/zero of=disk.img"), "dd").writes, ["disk.img"]);
    assert.deepEqual(only(await analyze("uniq in.txt out.txt"), "uniq").writes, ["out.txt"]);
    assert.deepEqual(only(await analyze("find . -fprint list.txt"), "find").writes, ["list.txt"]);
  });

  test("redirects on a compound statement apply to every command inside", async () => {
    const analysis = await analyze("{ ls; rm x; } > out; for f in a; do cat $f; done >> log");
    assertResolved(analysis);
    assert.deepEqual(only(analysis, "ls").writes, ["out"]);
    assert.deepEqual(only(analysis, "rm").writes, ["out"]);
    assert.deepEqual(only(analysis, "cat").writes, ["log"]);
  });

  test("attack: a redirect with no command still truncates its file (`> f`)", async () => {
    const analysis = await analyze("> important.txt");
    assertResolved(analysis);
    assert.deepEqual(analysis.commands.map((c) => [c.program, c.writes]), [["", ["important.txt"]]]);
  });

  test("the grammar's extra redirect words are the command's arguments, as in bash", async () => {
    const analysis = await analyze("find . 2>/dev/null -exec rm {} \\;");
    assertResolved(analysis);
    assert.deepEqual(only(analysis, "find").args, [".", "-exec", "rm", "{}", ";"]);
    assert.ok(analysis.commands.some((c) => c.programName === "rm"));
  });

  test("`exec > log` redirects the rest of the script: reported on exec", async () => {
    assert.deepEqual(only(await analyze("exec > log 2>&1"), "exec").writes, ["log"]);
  });
});

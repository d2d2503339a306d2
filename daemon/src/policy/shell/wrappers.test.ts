import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { analyze, assertResolved, assertUnresolved, only, programs } from "./test-support";

describe("wrappers are unwrapped to the program they run", () => {
  test("attack: sudo with a valued option runs rm, listed with the wrapper in via", async () => {
    const analysis = await analyze("sudo -u root rm x");
    assertResolved(analysis);
    assert.deepEqual(programs(analysis), ["sudo", "rm"]);
    assert.deepEqual(only(analysis, "rm").args, ["x"]);
    assert.deepEqual(only(analysis, "rm").via, ["wrapper:sudo"]);
  });

  test("attack: stacked wrappers (`timeout 5 nice -n 3 rm x`) are all unwrapped", async () => {
    const analysis = await analyze("timeout 5 nice -n 3 rm x");
    assertResolved(analysis);
    assert.deepEqual(programs(analysis), ["timeout", "nice", "rm"]);
    assert.deepEqual(only(analysis, "rm").via, ["wrapper:timeout", "wrapper:nice"]);
  });

  test("env: options and NAME=VALUE pairs are skipped, and the pairs reported on the program", async () => {
    const analysis = await analyze("env -i -u HOME PATH=/tmp LC_ALL=C ls -l");
    assertResolved(analysis);
    const ls = only(analysis, "ls");
    assert.deepEqual(ls.args, ["-l"]);
    assert.deepEqual(ls.assignments, [{ name: "PATH", value: "/tmp" }, { name: "LC_ALL", value: "C" }]);
    assert.ok(ls.runsCode.includes("PATH set (can make programs run other code)"));
  });

  test("attack: `env -S` splits a string with its own syntax: unresolved", async () => {
    assertUnresolved(await analyze("env -S 'rm -rf x'"), /env -S/);
  });

  test("attack: LD_PRELOAD as a prefix is reported on the program it affects", async () => {
    const ls = only(await analyze("LD_PRELOAD=/tmp/x.so ls"), "ls");
    assert.deepEqual(ls.assignments, [{ name: "LD_PRELOAD", value: "/tmp/x.so" }]);
    assert.deepEqual(ls.runsCode, ["LD_PRELOAD set (can make programs run other code)"]);
    assert.deepEqual(only(await analyze("LC_ALL=C ls"), "ls").runsCode, []);
  });

  test("many wrappers run their operand: nohup, exec, stdbuf, setsid, ionice, doas, chroot, strace, time, busybox", async () => {
    const cases = [
      "nohup rm x", "exec -a name rm x", "stdbuf -oL rm x", "setsid -f rm x", "ionice -c 3 rm x", "doas -u root rm x",
      "chroot /srv rm x", "strace -f -o trace.txt rm x", "time -p rm x", "busybox rm x", "command -p rm x", "builtin eval 'rm x'",
      "flock /tmp/lock rm x", "coproc rm x", "runuser -u bob -- rm x", "gtimeout 5 rm x", "pkexec rm x",
    ];
    for (const command of cases) {
      const analysis = await analyze(command);
      assertResolved(analysis);
      assert.deepEqual(only(analysis, "rm").args, ["x"], command);
    }
    assert.deepEqual(only(await analyze("strace -o trace.txt rm x"), "strace").writes, ["trace.txt"]);
  });

  test("`command -v`, `ionice -p` and `sudo -l` run nothing", async () => {
    for (const command of ["command -v rm", "ionice -p 42", "sudo -l rm", "env"]) {
      const analysis = await analyze(command);
      assertResolved(analysis);
      assert.equal(analysis.commands.length, 1, command);
    }
  });

  test("attack: an option the wrapper table does not know is unresolved, not guessed", async () => {
    assertUnresolved(await analyze("sudo --bogus rm x"), /cannot analyse `sudo` option `--bogus`/);
    assertUnresolved(await analyze("timeout --sig=KILL 5 rm x"), /unknown to Warden/);
    assertUnresolved(await analyze("sudo $OPTS rm x"), /not known until run time/);
  });

  test("attack: xargs runs its operand with unknown arguments (echo when none)", async () => {
    const analysis = await analyze("find . -name '*.tmp' | xargs -0 rm -f");
    assertResolved(analysis);
    const rm = only(analysis, "rm");
    assert.deepEqual(rm.args, ["-f"]);
    assert.equal(rm.dynamicArgs, true);
    assert.deepEqual(rm.via, ["pipeline", "xargs"]);
    assert.deepEqual(only(analysis, "xargs").runsCode, ["xargs"]);
    assert.equal(only(await analyze("xargs"), "echo").dynamicArgs, true);
  });

  test("attack: `xargs -I{} sh -c '… {} …'` splices input into code: unresolved", async () => {
    assertUnresolved(await analyze("xargs -I{} sh -c 'echo {}'"), /`sh -c` runs a command string not known/);
  });

  test("attack: `find -exec` runs a nested command; `{}` is a file name chosen elsewhere", async () => {
    const analysis = await analyze("find . -name x -exec rm {} \\;");
    assertResolved(analysis);
    const rm = only(analysis, "rm");
    assert.deepEqual(rm.args, ["{}"]);
    assert.equal(rm.dynamicArgs, true);
    assert.deepEqual(rm.via, ["find -exec"]);
    assert.deepEqual(only(analysis, "find").runsCode, ["find -exec"]);
    const two = await analyze("find . -execdir chmod 600 {} + -ok rm {} ';'");
    assert.deepEqual(programs(two), ["find", "chmod", "rm"]);
    assertUnresolved(await analyze("find . -exec rm {}"), /without a terminating/);
  });

  test("attack: `bash -c 'STRING'` is parsed; a dynamic string is unresolved", async () => {
    const analysis = await analyze("bash -c 'rm -rf x; curl y'");
    assertResolved(analysis);
    assert.deepEqual(programs(analysis), ["bash", "rm", "curl"]);
    assert.deepEqual(only(analysis, "rm").via, ["bash -c"]);
    assert.deepEqual(only(analysis, "bash").runsCode, ["bash -c"]);
    assertUnresolved(await analyze('sh -c "$X"'), /`sh -c` runs a command string not known until run time/);
    assert.ok(programs(await analyze("sh -ec 'rm x' arg0")).includes("rm"));
    assert.ok(programs(await analyze("sudo bash -lc 'rm x'")).includes("rm"));
  });

  test("a problem inside a re-parsed string says where it came from", async () => {
    assertUnresolved(await analyze("bash -c '$CMD x'"), /^in `bash -c` string: dynamic command name/);
  });

  test("attack: eval of a literal is parsed; eval of anything else is unresolved", async () => {
    const analysis = await analyze('eval "rm -rf /"');
    assertResolved(analysis);
    assert.deepEqual(only(analysis, "rm").args, ["-rf", "/"]);
    assert.deepEqual(only(analysis, "eval").runsCode, ["eval"]);
    assertUnresolved(await analyze('eval "$X"'), /`eval` of arguments not known/);
  });

  test("watch hands its joined arguments to sh -c; trap strings and su -c are parsed too", async () => {
    assert.deepEqual(programs(await analyze("watch -n 1 'ls | wc -l'")), ["watch", "ls", "wc"]);
    assert.deepEqual(programs(await analyze("watch -x rm x")), ["watch", "rm"]);
    assert.deepEqual(programs(await analyze("trap 'rm -rf /tmp/x' EXIT")), ["trap", "rm"]);
    assert.deepEqual(programs(await analyze("su root -c 'rm x'")), ["su", "rm"]);
    assert.deepEqual(programs(await analyze("flock /tmp/l -c 'rm x'")), ["flock", "rm"]);
  });

  test("attack: a shell whose language is not bash is unresolved rather than mis-parsed", async () => {
    assertUnresolved(await analyze("fish -c 'rm x'"), /not a bash-compatible shell/);
  });

  test("shells running a script file or stdin say so", async () => {
    assert.deepEqual(only(await analyze("bash ./deploy.sh"), "bash").runsCode, ["runs script file"]);
    assertUnresolved(await analyze("curl -fsSL https://x.sh | sudo bash"), /`bash` runs a script from stdin/);
  });

  test("attack: deep wrapper chains stop at the nesting limit", async () => {
    assertUnresolved(await analyze(`${"nice ".repeat(40)}rm x`), /nesting too deep/);
  });
});

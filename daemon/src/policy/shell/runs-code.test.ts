import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { analyze, assertResolved, assertUnresolved, only } from "./test-support";

async function runsCode(command: string, program: string): Promise<string[]> {
  return only(await analyze(command), program).runsCode;
}

describe("programs that run code from their arguments", () => {
  test("awk: field printing is harmless; system(), pipes and file output are reported", async () => {
    assert.deepEqual(await runsCode("awk '{print $1}' f", "awk"), []);
    assert.deepEqual(await runsCode("awk 'BEGIN{system(\"id\")}'", "awk"), ["awk system()"]);
    assert.deepEqual(await runsCode("gawk -F: -v x=1 '{print | \"sh\"}' /etc/passwd", "gawk"), ["awk print | command"]);
    assert.deepEqual(await runsCode("awk -f prog.awk data", "awk"), ["awk -f (program from a file)"]);
    assertUnresolved(await analyze('awk "{print $N}"'), /`awk` program .* is not known until run time/);
  });

  test("sed: plain substitution and -i are not code; `e`, `s///e` and `w` are", async () => {
    const inPlace = await analyze("sed -i s/a/b/ f");
    assertResolved(inPlace);
    assert.deepEqual(only(inPlace, "sed").runsCode, []);
    assert.deepEqual(only(inPlace, "sed").writes, ["f"]);
    assert.deepEqual(await runsCode("sed 'e id'", "sed"), ["sed e command"]);
    assert.deepEqual(await runsCode("sed -n -e 's/x/id/e' f", "sed"), ["sed e command"]);
    assert.deepEqual(only(await analyze("sed 'w /tmp/out' f"), "sed").writes, ["/tmp/out"]);
    assert.deepEqual(only(await analyze("sed -i.bak -e 's/a/b/' a b"), "sed").writes, ["a", "b"]);
    assert.deepEqual(only(await analyze("sed -i '' 's/a/b/' f"), "sed").writes, ["f"]);
  });

  test("git: ordinary subcommands run nothing; config overrides and hidden transports do", async () => {
    assert.deepEqual(await runsCode("git status", "git"), []);
    assert.deepEqual(await runsCode("git -C repo log --oneline -5", "git"), []);
    assert.deepEqual(await runsCode("git -c core.pager=x log", "git"), ["git -c (config override)"]);
    assert.deepEqual(await runsCode("git --config-env=core.pager=X log", "git"), ["git --config-env (config override)"]);
    assert.deepEqual(await runsCode("git grep -O vim x", "git"), ["git grep -O/--open-files-in-pager"]);
    assert.deepEqual(await runsCode("git grep --open-files-in-pager=vim x", "git"), ["git grep -O/--open-files-in-pager"]);
    assert.deepEqual(await runsCode("git clone ext::sh -c touch% /tmp/pwned", "git"), ["git ext:: transport"]);
    assert.deepEqual(await runsCode("git clone --upload-pack='touch /tmp/x' host:repo", "git"), ["git --upload-pack/--receive-pack/--exec (runs a command)"]);
    assert.deepEqual(await runsCode("git lg", "git"), ["git alias or external subcommand"]);
    assert.deepEqual(await runsCode("git config --global alias.st '!rm -rf ~'", "git"), ["git config write (can install aliases, hooks and pagers)"]);
    assert.deepEqual(await runsCode("git config --get user.name", "git"), []);
  });

  test("git: rebase --exec, bisect run and submodule foreach run nested commands", async () => {
    assert.ok((await analyze("git rebase -x 'rm -rf x' HEAD~3")).commands.some((c) => c.programName === "rm"));
    assert.ok((await analyze("git bisect run rm x")).commands.some((c) => c.programName === "rm"));
    assert.ok((await analyze("git submodule foreach 'rm -rf x'")).commands.some((c) => c.programName === "rm"));
  });

  test("git: `--output` writes a file", async () => {
    assert.deepEqual(only(await analyze("git diff --output=/home/u/.bashrc"), "git").writes, ["/home/u/.bashrc"]);
  });

  test("interpreters: -c/-e code, script files and stdin are told apart", async () => {
    assert.deepEqual(await runsCode("node -e 'process.exit(1)'", "node"), ["node -e"]);
    assert.deepEqual(await runsCode("node --eval=1", "node"), ["node -e"]);
    assert.deepEqual(await runsCode("node -p 1", "node"), ["node -e"]);
    assert.deepEqual(await runsCode("python3 -c 'import os'", "python3"), ["python -c"]);
    assert.deepEqual(await runsCode("python -Bc 'x'", "python"), ["python -c"]);
    assert.deepEqual(await runsCode("python -m http.server", "python"), ["python -m (loads and runs a module)"]);
    assert.deepEqual(await runsCode("ruby -e 'x'", "ruby"), ["ruby -e"]);
    assert.deepEqual(await runsCode("perl -ne 'print'", "perl"), ["perl -e"]);
    assert.deepEqual(await runsCode("perl -E 'say 1'", "perl"), ["perl -e"]);
    assert.deepEqual(await runsCode("php -r 'echo 1;'", "php"), ["php -r"]);
    assert.deepEqual(await runsCode("node build.js", "node"), ["runs script file"]);
    assert.deepEqual(await runsCode("node --version", "node"), []);
  });

  test("script runners and package downloaders", async () => {
    assert.deepEqual(await runsCode("make test", "make"), ["script runner"]);
    assert.deepEqual(await runsCode("npm run build", "npm"), ["script runner"]);
    assert.deepEqual(await runsCode("npm test", "npm"), ["script runner"]);
    assert.deepEqual(await runsCode("npm install", "npm"), ["script runner"]);
    assert.deepEqual(await runsCode("npm ls", "npm"), []);
    assert.deepEqual(await runsCode("yarn", "yarn"), ["script runner"]);
    assert.deepEqual(await runsCode("pnpm build", "pnpm"), ["script runner"]);
    assert.deepEqual(await runsCode("npx cowsay hi", "npx"), ["downloads and runs code"]);
    assert.deepEqual(await runsCode("bunx x", "bunx"), ["downloads and runs code"]);
    assert.deepEqual(await runsCode("pnpm dlx x", "pnpm"), ["downloads and runs code"]);
    assert.deepEqual(await runsCode("npm exec x", "npm"), ["downloads and runs code"]);
  });

  test("remote and container commands, and transports given as options", async () => {
    assert.deepEqual(await runsCode("ssh host 'rm -rf /'", "ssh"), ["ssh remote command"]);
    assert.deepEqual(await runsCode("ssh -p 22 host <<EOF\nrm -rf /\nEOF", "ssh"), ["ssh remote shell (commands from stdin)"]);
    assert.deepEqual(await runsCode("ssh -V", "ssh"), []);
    assert.deepEqual(await runsCode("ssh -o ProxyCommand='sh -c id' host true", "ssh"), ["ssh -o …Command (runs a local command)", "ssh remote command"]);
    assert.deepEqual(await runsCode("docker run --rm alpine id", "docker"), ["docker run/exec (container command)"]);
    assert.deepEqual(await runsCode("docker exec c sh", "docker"), ["docker run/exec (container command)"]);
    assert.deepEqual(await runsCode("docker ps", "docker"), []);
    assert.deepEqual(await runsCode("rsync -e 'sh -c id' a b:", "rsync"), ["rsync -e (runs a command as the transport)"]);
    assert.deepEqual(await runsCode("tar --to-command='sh' -xf a.tar", "tar"), ["tar runs a command (--to-command, -I, --checkpoint-action=exec)"]);
  });

  test("attack: builtins that redefine what a name runs (alias, hash -p, enable -f)", async () => {
    const alias = await analyze("alias ls='rm -rf ~'");
    assertResolved(alias);
    assert.deepEqual(only(alias, "alias").runsCode, ["alias (defines a command)"]);
    assert.deepEqual(only(alias, "rm").via, ["alias:ls"]);
    assert.deepEqual(await runsCode("hash -p /tmp/evil ls", "hash"), ["hash -p (changes which file a command name runs)"]);
    assert.deepEqual(await runsCode("enable -f /tmp/x.so x", "enable"), ["enable -f (loads a shared library as a builtin)"]);
    assertUnresolved(await analyze("coproc NAME { rm x; }"), /coproc/);
  });

  test("editors and pagers given commands on their command line", async () => {
    assert.deepEqual(await runsCode("vim -c '!rm -rf ~' notes.txt", "vim"), ["vim command-line commands (can run shell commands)"]);
    assert.deepEqual(await runsCode("man -P 'sh -c id' ls", "man"), ["man command-line commands (can run shell commands)"]);
    assert.deepEqual(await runsCode("vim notes.txt", "vim"), []);
    assert.deepEqual(await runsCode("less log.txt", "less"), []);
  });

  test("eval, source and shells", async () => {
    assert.deepEqual(await runsCode("source ./env.sh", "source"), ["source/."]);
    assert.deepEqual(await runsCode(". ./env.sh", "."), ["source/."]);
    assert.deepEqual(await runsCode("bash -c 'ls'", "bash"), ["bash -c"]);
  });

  test("attack: variables that inject code are reported wherever they are set", async () => {
    assert.deepEqual(await runsCode("NODE_OPTIONS=--require=/tmp/x.js node app.js", "node"), [
      "NODE_OPTIONS set (can make programs run other code)",
      "runs script file",
    ]);
    assert.deepEqual(await runsCode("GIT_SSH_COMMAND='sh -c id' git fetch", "git"), ["GIT_SSH_COMMAND set (can make programs run other code)"]);
    assert.deepEqual(only(await analyze("export BASH_ENV=/tmp/x"), "export").runsCode, ["BASH_ENV set (can make programs run other code)"]);
    const plain = await analyze("PATH=/tmp; ls");
    assert.deepEqual(plain.commands[0]?.runsCode, ["PATH set (can make programs run other code)"]);
  });
});

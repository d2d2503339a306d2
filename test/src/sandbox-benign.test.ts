import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { SandboxDirective } from "../../protocol/src/sandbox";
import { parsePolicyText } from "../../daemon/src/policy/load-policy";
import { STARTER_POLICY } from "../../daemon/src/policy/starter-policy";
import { probeSandbox } from "../../daemon/src/sandbox/availability";
import { compileProfile } from "../../daemon/src/sandbox/compile-profile";
import { prepareCommand } from "../../daemon/src/sandbox/prepare";
import { sandboxSettings } from "../../daemon/src/sandbox/sandbox-settings";
import { scanWorkspace } from "../../daemon/src/sandbox/workspace-scan";

// The benign suite: ordinary developer commands behave the same inside Warden's
// sandbox as outside. Each runs twice in the same fixture repository, reset in
// between: directly, then sandboxed with the profile compiled from the starter policy.
// Compared: exit code, output, and the repository's state afterwards.

const COMMANDS: readonly string[] = [
  "ls; ls -R src",
  "pwd",
  "cat src/cart.js",
  "grep -rn total src",
  "wc -l src/*.js",
  "find . -name '*.js' -not -path './.git/*' -not -path './node_modules/*' | sort",
  "head -n 2 src/cart.js; tail -n 1 src/cart.js",
  "sed -n '1,2p' src/cart.js | sort | uniq",
  "awk '/total/ { n++ } END { print n }' src/cart.js",
  "node -e 'console.log(1 + 2)'",
  "python3 -c 'print(6 * 7)'",
  "npm test",
  "npm run build && ls dist",
  "npm ci --offline --no-audit --no-fund 2>&1 | grep -c 'up to date\\|added' ; ls node_modules | wc -l",
  "mkdir -p build/out && echo x > build/out/file && cp src/cart.js build/ && mv build/cart.js build/cart.copy.js && ls -R build && rm -rf build",
  "echo '// more' >> src/cart.js && git diff --stat",
  "sed -i 's/total/sum/' src/cart.js && git diff --numstat",
  "git status --porcelain; git log --format=%s",
  "git add -A && git -c user.email=dev@example.com -c user.name=Dev commit -q -m 'a change' && git log --format=%s -n 1",
  "git checkout -q -b feature/x && git branch --show-current",
  "git stash list; git tag -l; git rev-parse --abbrev-ref HEAD",
  "tar czf \"${TMPDIR:-/tmp}/wd-benign.tgz\" src && tar tzf \"${TMPDIR:-/tmp}/wd-benign.tgz\" | sort && rm \"${TMPDIR:-/tmp}/wd-benign.tgz\"",
  "diff <(echo a) <(echo b); echo status $?",
  "printf 'b\\na\\n' > list.txt && sort list.txt && rm list.txt",
  "ln -s src/cart.js link.js && cat link.js | wc -l && rm link.js",
  "env | grep -c '^PATH='",
  "ls missing-file; echo status $?",
];

interface Outcome {
  code: number | null;
  out: string;
  err: string;
  state: string;
}

/** stdout and stderr kept apart: how two streams interleave is up to the scheduler, not the sandbox. */
function shell(file: string, args: readonly string[], cwd: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

describe("sandbox, benign suite: developer commands behave the same inside as outside", () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-benign-")));
  const ws = path.join(root, "app");
  const wardenHome = path.join(root, "warden");
  let directive: SandboxDirective | null = null;
  const git = (...args: string[]) => execFileSync("git", ["-C", ws, ...args], { encoding: "utf8" });
  const reset = () => {
    git("checkout", "-q", "-f", "main");
    git("reset", "-q", "--hard", "base");
    git("clean", "-qfdx", "-e", "node_modules");
    for (const b of git("branch", "--format=%(refname:short)").split("\n")) if (b !== "" && b !== "main") git("branch", "-q", "-D", b);
  };
  const state = () => `${git("status", "--porcelain", "--untracked-files=all")}\n${git("log", "--format=%s")}\n${git("branch", "--format=%(refname:short)")}`;

  before(() => {
    fs.mkdirSync(wardenHome);
    fs.mkdirSync(path.join(ws, "src"), { recursive: true });
    fs.mkdirSync(path.join(ws, "test"));
    fs.writeFileSync(path.join(ws, "src/cart.js"), "function total(items) {\n  return items.reduce((s, i) => s + i.price, 0);\n}\nmodule.exports = { total };\n");
    fs.writeFileSync(path.join(ws, "test/cart.test.js"), "const { total } = require('../src/cart');\nif (total([{ price: 2 }, { price: 3 }]) !== 5) { console.error('wrong'); process.exit(1); }\nconsole.log('1 test passed');\n");
    fs.writeFileSync(path.join(ws, "build.js"), "const fs = require('fs');\nfs.mkdirSync('dist', { recursive: true });\nfs.copyFileSync('src/cart.js', 'dist/cart.js');\n");
    fs.writeFileSync(path.join(ws, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true, scripts: { test: "node test/cart.test.js", build: "node build.js" } }, null, 2));
    fs.writeFileSync(path.join(ws, ".gitignore"), "node_modules/\ndist/\n");
    execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--package-lock-only"], { cwd: ws, stdio: "ignore" });
    execFileSync("git", ["init", "-q", "-b", "main", ws]);
    git("add", "-A");
    git("-c", "user.email=dev@example.com", "-c", "user.name=Dev", "commit", "-q", "-m", "base");
    git("tag", "base");
    const available = probeSandbox();
    assert.ok(available.available, "bubblewrap is installed for these tests (scripts/install-sandbox.sh)");
    const parsed = parsePolicyText(STARTER_POLICY, path.join(ws, ".warden/policy.json"), "workspace");
    assert.ok(parsed.ok);
    const set = { layers: [parsed.loaded] };
    const profile = compileProfile({
      workspace: ws, wardenHome, home: os.homedir(), set, settings: sandboxSettings(set),
      match: { actor: { name: "dev", role: "writer" }, home: os.homedir(), caseInsensitive: false },
      scan: scanWorkspace(ws), approvedReads: [],
    });
    directive = { kind: "sandbox", profile, launcher: available.launcher };
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  test(`each of ${COMMANDS.length} commands: same exit code, output and repository state`, async () => {
    assert.ok(directive !== null);
    const differ: string[] = [];
    for (const command of COMMANDS) {
      reset();
      const direct: Outcome = { ...(await shell("bash", ["-c", command], ws)), state: state() };
      reset();
      const prepared = await prepareCommand(directive, wardenHome, ws, ["bash", "-c", command]);
      let sandboxed: Outcome;
      try {
        sandboxed = { ...(await shell(prepared.file, prepared.args, ws)), state: state() };
      } finally {
        prepared.cleanup();
      }
      if (direct.code !== sandboxed.code || direct.out !== sandboxed.out || direct.err !== sandboxed.err || direct.state !== sandboxed.state) {
        differ.push(`${command}\n  direct:    ${JSON.stringify(direct)}\n  sandboxed: ${JSON.stringify(sandboxed)}`);
      }
    }
    console.log(`benign suite: ${COMMANDS.length - differ.length} of ${COMMANDS.length} commands behave the same sandboxed`);
    assert.deepEqual(differ, []);
  });
});

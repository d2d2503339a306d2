import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { WardenClient } from "../../protocol/src/client";
import { hookArgv, shellJoin } from "../../daemon/src/hook/entry-points";
import { STARTER_POLICY } from "../../daemon/src/policy/starter-policy";
import { SHELL_GATE_MAIN, claudeScript, runNode, tempWorkspace } from "./gate-helpers.test";
import { TempWarden } from "./helpers/warden-home";

// The shell gate behind CLAUDE_CODE_SHELL_PREFIX, run as Claude Code runs it:
// `PREFIX <script>` with Claude Code's wrapper around the model's command.

describe("shell gate: a second layer under the hooks", () => {
  const w = new TempWarden();
  let workspace = "";
  let human: WardenClient;
  let token = "";
  const gate = (line: string, env: NodeJS.ProcessEnv = { ...w.env, WARDEN_TOKEN: token }, input = "") =>
    runNode([SHELL_GATE_MAIN, "--workspace", workspace, "--home", w.home, "--", line], { env, cwd: workspace, input });
  const file = (name: string) => path.join(workspace, name);

  before(async () => {
    workspace = tempWorkspace();
    w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
    // The starter policy, plus printenv so a test can look at a command's environment.
    fs.mkdirSync(path.join(workspace, ".warden"));
    const policy = STARTER_POLICY.replace('"rules": [', '"rules": [\n    { "id": "test-printenv", "action": "shell.exec", "commands": [{ "program": "printenv" }], "decision": "allow" },');
    fs.writeFileSync(path.join(workspace, ".warden", "policy.json"), policy);
    await w.start();
    human = await w.connect();
    const status = await human.request("policy/status", { workspace });
    if (status.pending !== null) await human.request("policy/accept", { workspace });
    await human.request("agents/add", { workspace, name: "claude-1", kind: "claude-code", owner: "alice", purpose: "tests" });
    token = (await human.request("tokens/issue", { workspace, name: "claude-1" })).token;
  });
  after(async () => {
    human.close();
    await w.cleanup();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test("an allowed command runs with its words exactly as written", async () => {
    const r = await gate(claudeScript(`printf '%s|' "a b" 'c  d' "it's" '$HOME' > out.txt`));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(file("out.txt"), "utf8"), "a b|c  d|it's|$HOME|");
  });

  test("the command's exit status comes back unchanged", async () => {
    const r = await gate(claudeScript("ls no-such-file"));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /no-such-file/);
  });

  test("attack: a denied command does not run (the file it would create is not there), exit 126", async () => {
    fs.writeFileSync(file("victim.txt"), "keep me");
    const r = await gate(claudeScript("rm -f victim.txt && echo ran > pwned.txt"));
    assert.equal(r.code, 126);
    assert.match(r.stderr, /^Warden denied this/);
    assert.equal(fs.readFileSync(file("victim.txt"), "utf8"), "keep me");
    assert.equal(fs.existsSync(file("pwned.txt")), false);
  });

  test("attack: text smuggled after Claude Code's wrapper gets the whole script decided, and refused", async () => {
    const r = await gate(`${claudeScript("printf ok")} ; echo ran > pwned2.txt`);
    assert.equal(r.code, 126);
    assert.equal(fs.existsSync(file("pwned2.txt")), false);
  });

  test("attack: the agent's commands never see WARDEN_TOKEN (the rest of the environment is kept)", async () => {
    const r = await gate(claudeScript("printenv > env.txt"));
    assert.equal(r.code, 0, r.stderr);
    const env = fs.readFileSync(file("env.txt"), "utf8");
    assert.doesNotMatch(env, /WARDEN_TOKEN/);
    assert.ok(!env.includes(token));
    assert.match(env, new RegExp(`^WARDEN_HOME=${w.home}$`, "m"));
  });

  test("Warden's own hook, exactly as connect writes it, runs through the gate with its token", async () => {
    const line = shellJoin(hookArgv("claude-code", { workspace, home: w.home }));
    const input = JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Read", tool_input: { file_path: "out.txt" }, cwd: workspace });
    const r = await gate(line, { ...w.env, WARDEN_TOKEN: token }, input);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /"permissionDecision":"allow"/);
  });

  test("attack: a look-alike of Warden's hook (one more word) is decided like any command", async () => {
    const line = `${shellJoin(hookArgv("claude-code", { workspace, home: w.home }))} --timeout 1`;
    const r = await gate(line);
    assert.equal(r.code, 126);
    assert.match(r.stderr, /Warden denied this/);
  });

  test("attack: without a token nothing runs", async () => {
    const r = await gate(claudeScript("echo ran > pwned3.txt"), { ...w.env });
    assert.equal(r.code, 126);
    assert.match(r.stderr, /WARDEN_TOKEN is not set/);
    assert.equal(fs.existsSync(file("pwned3.txt")), false);
  });

  test("attack: a second argument (not how Claude Code calls it) is refused", async () => {
    const r = await runNode([SHELL_GATE_MAIN, "--workspace", workspace, "--home", w.home, "--", "echo", "ran > pwned4.txt"], { env: { ...w.env, WARDEN_TOKEN: token }, cwd: workspace });
    assert.equal(r.code, 126);
    assert.equal(fs.existsSync(file("pwned4.txt")), false);
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { WardenClient } from "../../protocol/src/client";
import { HOOK_ENTRY } from "../../daemon/src/hook/entry-points";
import { tempWorkspace } from "./gate-helpers.test";
import { TempWarden } from "./helpers/warden-home";

// `warden connect | disconnect | run claude-code`: Warden's entries go into the
// workspace's local Claude Code settings, merged with the user's, and come out again
// exactly; the token only ever travels in the agent's environment.

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

function jsonOut(stdout: string): Record<string, unknown> {
  const v: unknown = JSON.parse(stdout);
  return typeof v === "object" && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v)) : {};
}

describe("warden connect claude-code (daemon without a TCP listener: command hooks)", () => {
  const w = new TempWarden();
  let workspace = "";
  let human: WardenClient;
  const settingsFile = () => path.join(workspace, ".claude", "settings.local.json");
  const exclude = () => path.join(workspace, ".git", "info", "exclude");
  const userSettings = {
    permissions: { allow: ["Bash(ls:*)"] },
    hooks: { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "my-linter --strict" }] }], Stop: [{ hooks: [{ type: "command", command: "notify-send done" }] }] },
    env: { FOO: "1" },
    someFutureKey: { nested: [1, 2, 3] },
  };

  before(async () => {
    workspace = tempWorkspace();
    fs.mkdirSync(path.join(workspace, ".git", "info"), { recursive: true });
    fs.writeFileSync(exclude(), "# git's own comment\n*.log\n");
    fs.mkdirSync(path.join(workspace, ".claude"));
    fs.writeFileSync(settingsFile(), JSON.stringify(userSettings, null, 2));
    await w.start();
    human = await w.connect();
  });
  after(async () => {
    human.close();
    await w.cleanup();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test("creates the identity and writes hooks, the shell gate and the MCP server, keeping the user's settings", async () => {
    const r = await w.cli(["connect", "claude-code", "--workspace", workspace, "--owner", "alice", "--purpose", "refactoring", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const out = jsonOut(r.stdout);
    assert.equal(out["created"], true);
    assert.equal(out["transport"], "command");
    const { agent } = await human.request("agents/show", { workspace, name: "claude-code" });
    assert.equal(agent.owner, "alice");
    assert.equal(agent.purpose, "refactoring");

    const s = readJson(settingsFile());
    assert.ok(typeof s === "object" && s !== null && "hooks" in s && "env" in s && "permissions" in s && "someFutureKey" in s);
    assert.deepEqual(s.permissions, userSettings.permissions);
    assert.deepEqual(s.someFutureKey, userSettings.someFutureKey);
    const text = JSON.stringify(s);
    assert.ok(text.includes("my-linter --strict") && text.includes("notify-send done"), "the user's hooks are kept");
    for (const event of ["PreToolUse", "PostToolUse", "UserPromptSubmit", "PermissionRequest"]) {
      assert.ok(text.includes(`"${event}"`), event);
    }
    const hookLine = `${process.execPath} ${HOOK_ENTRY} claude-code --workspace ${workspace} --home ${w.home}`;
    assert.equal(text.split(JSON.stringify(hookLine)).length - 1, 4, "one Warden hook per event");
    const env = s.env;
    assert.ok(typeof env === "object" && env !== null && "CLAUDE_CODE_SHELL_PREFIX" in env && "FOO" in env);
    const gate = String(env.CLAUDE_CODE_SHELL_PREFIX);
    assert.ok(gate.startsWith(path.join(w.home, "agents", agent.id)), gate);
    assert.equal(fs.statSync(gate).mode & 0o777, 0o700);
    assert.match(fs.readFileSync(gate, "utf8"), /^#!\/bin\/sh\n(#.*\n)*exec .*shell-gate-main\.js --workspace .* -- "\$@"\n$/);
    assert.ok(!text.includes("WARDEN_TOKEN=") && !/[A-Za-z0-9_-]{43}/.test(text), "no token in the workspace");
    assert.deepEqual(readJson(path.join(w.home, "agents", agent.id, "claude-mcp.json")), {
      mcpServers: { warden: { type: "stdio", command: process.execPath, args: [path.resolve(HOOK_ENTRY, "..", "..", "cli", "main.js"), "mcp", "--workspace", workspace], env: { WARDEN_HOME: w.home } } },
    });
    assert.equal(fs.readFileSync(exclude(), "utf8"), "# git's own comment\n*.log\n# warden connect: Claude Code's local settings stay out of commits\n/.claude/settings.local.json\n");
  });

  test("is idempotent: a second connect reuses the identity and changes nothing", async () => {
    const before = fs.readFileSync(settingsFile(), "utf8");
    const r = await w.cli(["connect", "claude-code", "--workspace", workspace, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(jsonOut(r.stdout)["created"], false);
    assert.equal(fs.readFileSync(settingsFile(), "utf8"), before);
    assert.equal(fs.readFileSync(exclude(), "utf8").split("/.claude/settings.local.json").length, 2);
  });

  test("warden run: a fresh token in the agent's environment only, the exit status passed on, the token revoked after", async () => {
    const seenFile = path.join(workspace, "seen.json");
    const script = `const e=process.env;require('fs').writeFileSync(${JSON.stringify(seenFile)},JSON.stringify({t:e.WARDEN_TOKEN,h:e.WARDEN_HOME,a:process.argv.slice(1)}));process.exit(7)`;
    const r = await w.cli(["run", "claude-code", "--workspace", workspace, "--", process.execPath, "-e", script, "x y"]);
    assert.equal(r.code, 7, r.stderr);
    const m = /running .* as agent claude-code in .* \(token ([0-9a-f]{16}), expires/.exec(r.stderr);
    assert.ok(m !== null, r.stderr);
    assert.match(r.stderr, /session token [0-9a-f]{16} revoked/);
    const seen = readJson(seenFile);
    fs.rmSync(seenFile);
    assert.ok(typeof seen === "object" && seen !== null && "t" in seen && "h" in seen && "a" in seen);
    assert.match(String(seen.t), /^[A-Za-z0-9_-]{32,}$/);
    assert.equal(seen.h, w.home);
    assert.deepEqual(seen.a, ["x y"]);
    const { tokens } = await human.request("agents/show", { workspace, name: "claude-code" });
    assert.equal(tokens.find((t) => t.id === m[1])?.state, "revoked");
    assert.ok(!fs.readFileSync(settingsFile(), "utf8").includes(String(seen.t)));
  });

  test("warden run refuses an agent that is not connected, or whose settings were changed", async () => {
    const none = await w.cli(["run", "claude-code", "--workspace", workspace, "--agent", "nobody", "--", "true"]);
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, /warden connect claude-code/);
    const good = fs.readFileSync(settingsFile(), "utf8");
    fs.writeFileSync(settingsFile(), good.replace(/"CLAUDE_CODE_SHELL_PREFIX": "[^"]*"/, '"CLAUDE_CODE_SHELL_PREFIX_OFF": "x"'));
    const stale = await w.cli(["run", "claude-code", "--workspace", workspace, "--", "true"]);
    assert.notEqual(stale.code, 0);
    assert.match(stale.stderr, /out of date.*warden connect claude-code/);
    fs.writeFileSync(settingsFile(), good);
  });

  test("attack: a settings file Warden cannot parse is refused, not overwritten", async () => {
    const other = tempWorkspace();
    after(() => fs.rmSync(other, { recursive: true, force: true }));
    fs.mkdirSync(path.join(other, ".claude"));
    const broken = '{ "permissions": { "allow": ["Bash(ls:*)"] }, // a comment\n}';
    fs.writeFileSync(path.join(other, ".claude", "settings.local.json"), broken);
    const r = await w.cli(["connect", "claude-code", "--workspace", other]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /settings\.local\.json is not valid JSON.*will not overwrite/);
    assert.equal(fs.readFileSync(path.join(other, ".claude", "settings.local.json"), "utf8"), broken);
  });

  test("a shell prefix the user already set is not replaced", async () => {
    const other = tempWorkspace();
    after(() => fs.rmSync(other, { recursive: true, force: true }));
    fs.mkdirSync(path.join(other, ".claude"));
    const mine = JSON.stringify({ env: { CLAUDE_CODE_SHELL_PREFIX: "/usr/local/bin/my-logger" } });
    fs.writeFileSync(path.join(other, ".claude", "settings.local.json"), mine);
    const r = await w.cli(["connect", "claude-code", "--workspace", other]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /already sets env\.CLAUDE_CODE_SHELL_PREFIX/);
    assert.equal(fs.readFileSync(path.join(other, ".claude", "settings.local.json"), "utf8"), mine);
  });

  test("disconnect removes exactly what connect added; --revoke ends the identity", async () => {
    const { agent } = await human.request("agents/show", { workspace, name: "claude-code" });
    const r = await w.cli(["disconnect", "claude-code", "--workspace", workspace, "--revoke", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(jsonOut(r.stdout)["removed"], 5);
    assert.deepEqual(readJson(settingsFile()), userSettings);
    assert.equal(fs.readFileSync(exclude(), "utf8"), "# git's own comment\n*.log\n");
    assert.equal(fs.existsSync(path.join(w.home, "agents", agent.id)), false);
    assert.equal((await human.request("agents/show", { workspace, name: "claude-code" })).agent.status, "revoked");
    const again = await w.cli(["connect", "claude-code", "--workspace", workspace]);
    assert.notEqual(again.code, 0, "a revoked identity is not brought back by connect");
    assert.match(again.stderr, /revoked/);
  });

  test("a settings file that held only Warden's entries is removed by disconnect", async () => {
    const other = tempWorkspace();
    after(() => fs.rmSync(other, { recursive: true, force: true }));
    assert.equal((await w.cli(["connect", "claude-code", "--workspace", other, "--agent", "cc2"])).code, 0);
    assert.ok(fs.existsSync(path.join(other, ".claude", "settings.local.json")));
    assert.equal((await w.cli(["disconnect", "claude-code", "--workspace", other, "--agent", "cc2"])).code, 0);
    assert.equal(fs.existsSync(path.join(other, ".claude", "settings.local.json")), false);
  });
});

describe("warden connect claude-code (daemon with a loopback listener: HTTP hooks)", () => {
  const w = new TempWarden();
  let workspace = "";
  before(async () => {
    workspace = tempWorkspace();
    await w.start(["--listen", "127.0.0.1:0"]);
  });
  after(async () => {
    await w.cleanup();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test("hooks post to the daemon with the token header from the environment, failing closed", async () => {
    const r = await w.cli(["connect", "claude-code", "--workspace", workspace, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const listen = String(jsonOut(r.stdout)["listen"]);
    assert.match(listen, /^127\.0\.0\.1:\d+$/);
    const s = readJson(path.join(workspace, ".claude", "settings.local.json"));
    const hook = { type: "http", url: `http://${listen}/hooks/claude-code`, headers: { Authorization: "Bearer $WARDEN_TOKEN" }, allowedEnvVars: ["WARDEN_TOKEN"], timeout: 180, onFailure: "block" };
    assert.ok(typeof s === "object" && s !== null && "hooks" in s);
    assert.deepEqual(s.hooks, {
      PreToolUse: [{ matcher: "*", hooks: [hook] }],
      PostToolUse: [{ matcher: "*", hooks: [hook] }],
      UserPromptSubmit: [{ hooks: [hook] }],
      PermissionRequest: [{ matcher: "*", hooks: [hook] }],
    });
    const agentDirs = fs.readdirSync(path.join(w.home, "agents"));
    const mcp = readJson(path.join(w.home, "agents", agentDirs[0] ?? "", "claude-mcp.json"));
    assert.deepEqual(mcp, { mcpServers: { warden: { type: "http", url: `http://${listen}/mcp`, headers: { Authorization: "Bearer ${WARDEN_TOKEN}" } } } });
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { WardenClient } from "../../protocol/src/client";
import { HOOK_MAIN, runNode, tempWorkspace } from "./gate-helpers.test";
import { TempWarden } from "./helpers/warden-home";
import { TokenFactory } from "../../daemon/src/secrets/detect/token-fixtures";

// The command-hook adapter as the agents run it: a process per call, hook JSON on
// stdin. Both agents let the tool run when a command hook fails, so every failure
// must come out as exit 2 (a deny) with a reason naming what failed.

const pre = (tool_name: string, tool_input: Record<string, unknown>, cwd: string) => JSON.stringify({ session_id: "s-1", hook_event_name: "PreToolUse", tool_name, tool_input, cwd });

describe("warden hook: decisions from the daemon, in each agent's protocol", () => {
  const w = new TempWarden();
  let workspace = "";
  let other = "";
  let human: WardenClient;
  let token = "";
  let otherToken = "";
  const hook = (agent: string, input: string, env: NodeJS.ProcessEnv = { ...w.env, WARDEN_TOKEN: token }, extra: string[] = []) =>
    runNode([HOOK_MAIN, agent, "--workspace", workspace, ...extra], { env, input });

  before(async () => {
    workspace = tempWorkspace();
    other = tempWorkspace();
    fs.mkdirSync(path.join(workspace, "src"));
    w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
    await w.start();
    human = await w.connect();
    await human.request("agents/add", { workspace, name: "claude-1", kind: "claude-code", owner: "alice", purpose: "tests" });
    await human.request("agents/add", { workspace: other, name: "claude-2", kind: "claude-code", owner: "alice", purpose: "tests" });
    token = (await human.request("tokens/issue", { workspace, name: "claude-1" })).token;
    otherToken = (await human.request("tokens/issue", { workspace: other, name: "claude-2" })).token;
  });
  after(async () => {
    human.close();
    await w.cleanup();
    for (const d of [workspace, other]) fs.rmSync(d, { recursive: true, force: true });
  });

  test("an allowed call: exit 0 with Claude Code's allow answer, audited as the agent", async () => {
    const r = await hook("claude-code", pre("Read", { file_path: "src/a.ts" }, workspace));
    assert.equal(r.code, 0, r.stderr);
    const answer: unknown = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(answer && typeof answer === "object" ? answer : {}), ["hookSpecificOutput"]);
    assert.match(r.stdout, /"hookEventName":"PreToolUse","permissionDecision":"allow","permissionDecisionReason":"Warden allowed this/);
    const { records } = await human.request("audit/query", { filter: { kinds: ["action.decided"] }, limit: 1, order: "desc" });
    assert.deepEqual(records[0]?.actor, { type: "agent", id: "claude-1" });
  });

  test("for Codex an allow is silence (Codex refuses permissionDecision allow as unsupported)", async () => {
    const r = await hook("codex", pre("Read", { file_path: "src/a.ts" }, workspace));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "");
  });

  test("PermissionRequest is decided and answered in its own shape", async () => {
    const input = JSON.stringify({ hook_event_name: "PermissionRequest", tool_name: "Read", tool_input: { file_path: "src/a.ts" }, cwd: workspace });
    const r = await hook("claude-code", input);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "allow" } } });
  });

  test("attack: a write to the agent's own settings is denied with exit 2 and the rule on stderr", async () => {
    const r = await hook("claude-code", pre("Write", { file_path: ".claude/settings.local.json", content: "{}" }, workspace));
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /Warden denied this \(rule builtin:protected-path/);
  });

  test("a call policy would ask about is denied when nobody can answer (never left to the agent)", async () => {
    const r = await hook("codex", pre("Bash", { command: "rm -rf src" }, workspace));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Warden/);
    assert.ok(fs.existsSync(path.join(workspace, "src")));
  });

  test("PostToolUse and UserPromptSubmit are recorded and let through", async () => {
    const prompt = JSON.stringify({ hook_event_name: "UserPromptSubmit", prompt: "tidy up src", session_id: "s-1", cwd: workspace });
    const r1 = await hook("claude-code", prompt);
    assert.equal(r1.code, 0, r1.stderr);
    const post = JSON.stringify({ hook_event_name: "PostToolUse", tool_name: "Read", tool_input: { file_path: "src/a.ts" }, tool_response: "ok", cwd: workspace });
    const r2 = await hook("codex", post);
    assert.equal(r2.code, 0, r2.stderr);
    const { records } = await human.request("audit/query", { filter: { kinds: ["prompt.submitted", "action.result"] }, limit: 10 });
    assert.deepEqual(records.map((x) => x.kind), ["prompt.submitted", "action.result"]);
    assert.match(JSON.stringify(records[0]?.payload), /tidy up src/);
    assert.deepEqual(records[1]?.actor, { type: "agent", id: "claude-1" });
  });

  test("attack: a prompt holding a secret is blocked through the command hook too (exit 2), and never echoed", async () => {
    const secret = new TokenFactory(23).checksummed("ghp_");
    for (const agent of ["claude-code", "codex"]) {
      const r = await hook(agent, JSON.stringify({ hook_event_name: "UserPromptSubmit", prompt: `use ${secret} to push`, cwd: workspace }));
      assert.equal(r.code, 2, `${agent}: ${r.stderr}`);
      assert.ok(!r.stderr.includes(secret) && !r.stdout.includes(secret));
    }
  });

  test("the workspace comes from CLAUDE_PROJECT_DIR when --workspace is not given", async () => {
    const r = await runNode([HOOK_MAIN, "claude-code"], { env: { ...w.env, WARDEN_TOKEN: token, CLAUDE_PROJECT_DIR: workspace }, input: pre("Read", { file_path: path.join(workspace, "src", "a.ts") }, "/") });
    assert.equal(r.code, 0, r.stderr);
  });

  test("the `warden hook` CLI command answers the same way", async () => {
    w.env["WARDEN_TOKEN"] = token;
    try {
      const ok = await w.cli(["hook", "claude-code", "--workspace", workspace], { input: pre("Read", { file_path: "src/a.ts" }, workspace) });
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /"permissionDecision":"allow"/);
      const no = await w.cli(["hook", "claude-code", "--workspace", workspace], { input: "{" });
      assert.equal(no.code, 2);
    } finally {
      delete w.env["WARDEN_TOKEN"];
    }
  });

  for (const [name, input] of [
    ["garbage on stdin", "\u0000\u0001 not json"],
    ["an empty stdin", ""],
    ["a JSON array", "[1,2]"],
    ["no hook_event_name", JSON.stringify({ tool_name: "Read", tool_input: {} })],
    ["a tool call of the wrong shape", JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Write", tool_input: { file_path: 7 } })],
  ] as const) {
    test(`attack: ${name} is a deny (exit 2), never the agent's fail-open exit 1`, async () => {
      const r = await hook("claude-code", input);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^Warden (blocked|denied)/);
    });
  }

  test("attack: more input than the hook reads (4 MiB) is a deny", async () => {
    const huge = pre("Write", { file_path: "src/big.txt", content: "x".repeat(5 * 1024 * 1024) }, workspace);
    const r = await hook("claude-code", huge);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /larger than/);
  });

  test("attack: no token is a deny that says how to get one", async () => {
    const r = await hook("claude-code", pre("Read", { file_path: "src/a.ts" }, workspace), { ...w.env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /WARDEN_TOKEN is not set.*warden run claude-code/);
  });

  test("attack: a forged token is a deny", async () => {
    const r = await hook("claude-code", pre("Read", { file_path: "src/a.ts" }, workspace), { ...w.env, WARDEN_TOKEN: "x".repeat(43) });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /token was not accepted/);
  });

  test("attack: another workspace's token is a deny", async () => {
    const r = await hook("claude-code", pre("Read", { file_path: "src/a.ts" }, workspace), { ...w.env, WARDEN_TOKEN: otherToken });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /token_wrong_workspace|another workspace|not accepted/);
  });

  test("attack: a revoked token is a deny", async () => {
    const issued = await human.request("tokens/issue", { workspace, name: "claude-1" });
    assert.equal((await hook("claude-code", pre("Read", { file_path: "src/a.ts" }, workspace), { ...w.env, WARDEN_TOKEN: issued.token })).code, 0);
    await human.request("tokens/revoke", { tokenId: issued.info.id });
    const r = await hook("claude-code", pre("Read", { file_path: "src/a.ts" }, workspace), { ...w.env, WARDEN_TOKEN: issued.token });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /token was not accepted/);
  });

  test("attack: a daemon that is stopped is a deny naming the fix", async () => {
    human.close();
    assert.equal((await w.cli(["daemon", "stop"])).code, 0);
    const r = await hook("claude-code", pre("Read", { file_path: "src/a.ts" }, workspace));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /daemon is not running.*warden daemon start/);
    await w.start();
    human = await w.connect();
  });
});

describe("warden hook: peers that hang are cut off at the hook's own deadline", () => {
  const homes: string[] = [];
  const fakeHome = () => {
    const h = fs.mkdtempSync(path.join(os.tmpdir(), "wd-fk-"));
    homes.push(h);
    return h;
  };
  after(() => {
    for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
  });
  const input = JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Read", tool_input: { file_path: "a" }, cwd: "/" });

  test("attack: a daemon that accepts the request and never answers", async () => {
    const home = fakeHome();
    // Reads the whole request, then never answers.
    let requests = 0;
    const held: http.ServerResponse[] = [];
    const httpServer = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => requests++);
      held.push(res);
    });
    await new Promise<void>((resolve) => httpServer.listen(path.join(home, "daemon.sock"), resolve));
    try {
      const r = await runNode([HOOK_MAIN, "claude-code", "--workspace", os.tmpdir(), "--home", home, "--timeout", "1"], { env: { ...process.env, WARDEN_TOKEN: "t".repeat(43) }, input });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /no (answer|decision)/);
      assert.equal(requests, 1, "the request reached the peer");
      assert.ok(r.ms < 5000, `gave up in ${r.ms} ms`);
    } finally {
      for (const res of held) res.destroy();
      httpServer.closeAllConnections();
      await new Promise((resolve) => httpServer.close(resolve));
    }
  });

  test("attack: a socket that accepts the connection and never completes the handshake", async () => {
    const home = fakeHome();
    const sockets: net.Socket[] = [];
    const server = net.createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => server.listen(path.join(home, "daemon.sock"), resolve));
    try {
      const r = await runNode([HOOK_MAIN, "codex", "--workspace", os.tmpdir(), "--home", home, "--timeout", "1"], { env: { ...process.env, WARDEN_TOKEN: "t".repeat(43) }, input });
      assert.equal(r.code, 2);
      assert.ok(r.ms < 5000, `gave up in ${r.ms} ms`);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test("attack: an agent that never closes stdin", async () => {
    const r = await runNode([HOOK_MAIN, "claude-code", "--workspace", os.tmpdir(), "--timeout", "1"], { env: { ...process.env, WARDEN_TOKEN: "t" }, input: null, timeoutMs: 10_000 });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no decision within 1 s/);
  });
});

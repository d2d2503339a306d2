// Proves the agent harness against the real Claude Code CLI, with no Warden
// involved: the scripted model makes tool calls, the CLI runs them (or its hooks
// stop them), and the model server shows what the model was told.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { runClaude, ClaudeRun } from "./claude";
import { Scratch, readJsonLines, withScratch } from "./fixtures";
import { closedPort, startHookServer, HookReply } from "./hook-server";
import { startModelServer, ModelServer } from "./model-server";
import { Turn, asArray, asString, field, say, tools } from "./script";

const RUN_MS = 60_000;
const TEST_MS = 90_000;

/** Runs Claude Code in `workspace` against a fresh model server playing `script`. */
async function claudeWith(workspace: string, script: Turn[], extra: { env?: NodeJS.ProcessEnv; permissionMode?: string; settingsFile?: string } = {}): Promise<{ run: ClaudeRun; model: ModelServer }> {
  const model = await startModelServer(script);
  try {
    const run = await runClaude({ workspace, prompt: "Do the scripted task.", modelUrl: model.url, timeoutMs: RUN_MS, ...extra });
    assert.equal(run.timedOut, false, `claude did not finish in ${RUN_MS} ms\nstderr: ${run.stderr}`);
    assert.equal(run.code, 0, `claude exited ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
    assert.deepEqual(model.problems, [], "the model server saw off-script requests");
    return { run, model };
  } finally {
    await model.close();
  }
}

function settings(scratch: Scratch, workspace: string, hooks: Record<string, unknown>): void {
  scratch.file(path.relative(scratch.root, path.join(workspace, ".claude", "settings.json")), JSON.stringify({ hooks }, null, 2));
}

const echoHi = (file: string): Turn => tools({ tool: "Bash", input: { command: `echo hi > ${file}`, description: "write a file" } });

function deny(reason: string): HookReply {
  return { status: 200, text: JSON.stringify({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: reason } }) };
}

describe("Claude Code driven by the scripted model", () => {
  test("(a) runs a scripted Bash call and reports the result back to the model", { timeout: TEST_MS }, () =>
    withScratch("claude-a", async (scratch) => {
      const ws = scratch.dir("ws");
      const { run, model } = await claudeWith(ws, [echoHi("a.txt"), say("all done")]);
      assert.equal(fs.readFileSync(path.join(ws, "a.txt"), "utf8"), "hi\n");
      assert.deepEqual(model.claudeToolResults(), [{ toolUseId: "toolu_scripted_0_0", text: "(Bash completed with no output)", isError: false }]);
      assert.deepEqual(model.mainRequests().map((r) => r.turn), [0, 1]);
      assert.equal(field(run.result, "result"), "all done");
      assert.equal(field(run.result, "is_error"), false);
    }));

  test("(b) a project command hook that exits 2 blocks the call and its stderr reaches the model", { timeout: TEST_MS }, () =>
    withScratch("claude-b", async (scratch) => {
      const ws = scratch.dir("ws");
      const log = path.join(scratch.root, "hook-stdin.jsonl");
      const hook = scratch.script("deny-hook.sh", `#!/bin/sh\ncat >> '${log}'\necho >> '${log}'\necho 'no shell for you (test hook)' >&2\nexit 2\n`);
      settings(scratch, ws, { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: hook, timeout: 10 }] }] });
      const { run, model } = await claudeWith(ws, [echoHi("a.txt"), say("blocked")]);
      assert.equal(fs.existsSync(path.join(ws, "a.txt")), false, "the hook did not stop the command");
      const [result] = model.claudeToolResults();
      assert.equal(result?.isError, true);
      assert.match(result?.text ?? "", /no shell for you \(test hook\)/);
      const [input] = readJsonLines(log);
      assert.equal(field(input, "hook_event_name"), "PreToolUse");
      assert.equal(field(input, "tool_name"), "Bash");
      assert.deepEqual(field(input, "tool_input"), { command: "echo hi > a.txt", description: "write a file" });
      assert.equal(field(input, "tool_use_id"), "toolu_scripted_0_0");
      assert.equal(field(input, "cwd"), ws);
      assert.equal(field(input, "permission_mode"), "acceptEdits");
      assert.equal(asArray(field(run.result, "permission_denials")).length, 1);
    }));

  describe("(c) HTTP hooks with onFailure block", () => {
    const httpHook = (url: string): Record<string, unknown> => ({
      type: "http",
      url,
      timeout: 10,
      onFailure: "block",
      headers: { Authorization: "Bearer $WARDEN_TEST_TOKEN", "X-Not-Allowed": "[$WARDEN_TEST_OTHER]" },
      allowedEnvVars: ["WARDEN_TEST_TOKEN"],
    });
    const env = { WARDEN_TEST_TOKEN: "tok-123", WARDEN_TEST_OTHER: "must-not-leak" };

    test("a deny answer blocks the call with the endpoint's reason; the POST carries the hook input", { timeout: TEST_MS }, () =>
      withScratch("claude-c1", async (scratch) => {
        const ws = scratch.dir("ws");
        const hooks = await startHookServer(() => deny("refused by the test endpoint"));
        try {
          settings(scratch, ws, { PreToolUse: [{ matcher: "Bash", hooks: [httpHook(hooks.url)] }] });
          const { model } = await claudeWith(ws, [echoHi("a.txt"), say("blocked")], { env });
          assert.equal(fs.existsSync(path.join(ws, "a.txt")), false);
          assert.deepEqual(model.claudeToolResults(), [{ toolUseId: "toolu_scripted_0_0", text: "PreToolUse:Bash hook error: refused by the test endpoint", isError: true }]);
          assert.equal(hooks.posts.length, 1);
          const post = hooks.posts[0];
          assert.equal(post?.path, "/hook");
          assert.equal(post?.headers["content-type"], "application/json");
          assert.equal(post?.headers.authorization, "Bearer tok-123");
          assert.equal(post?.headers["x-not-allowed"], "[]", "a variable outside allowedEnvVars must not be interpolated");
          assert.equal(field(post?.body, "hook_event_name"), "PreToolUse");
          assert.equal(field(post?.body, "tool_name"), "Bash");
          assert.equal(field(post?.body, "tool_input", "command"), "echo hi > a.txt");
          assert.equal(field(post?.body, "tool_use_id"), "toolu_scripted_0_0");
          assert.equal(field(post?.body, "cwd"), ws);
          assert.equal(typeof field(post?.body, "session_id"), "string");
        } finally {
          await hooks.close();
        }
      }));

    test("an allow answer lets the same call run (the endpoint, not the hook's presence, decides)", { timeout: TEST_MS }, () =>
      withScratch("claude-c2", async (scratch) => {
        const ws = scratch.dir("ws");
        const allow = JSON.stringify({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "allow", permissionDecisionReason: "fine" } });
        const hooks = await startHookServer(() => ({ status: 200, text: allow }));
        try {
          settings(scratch, ws, { PreToolUse: [{ matcher: "Bash", hooks: [httpHook(hooks.url)] }] });
          const { model } = await claudeWith(ws, [echoHi("a.txt"), say("done")], { env });
          assert.equal(fs.readFileSync(path.join(ws, "a.txt"), "utf8"), "hi\n");
          assert.equal(model.claudeToolResults()[0]?.isError, false);
          assert.equal(hooks.posts.length, 1);
        } finally {
          await hooks.close();
        }
      }));

    test("with the endpoint down, the call is blocked (fail closed)", { timeout: TEST_MS }, () =>
      withScratch("claude-c3", async (scratch) => {
        const ws = scratch.dir("ws");
        const port = await closedPort();
        settings(scratch, ws, { PreToolUse: [{ matcher: "Bash", hooks: [httpHook(`http://127.0.0.1:${port}/hook`)] }] });
        const { model } = await claudeWith(ws, [echoHi("a.txt"), say("blocked")], { env });
        assert.equal(fs.existsSync(path.join(ws, "a.txt")), false);
        const [result] = model.claudeToolResults();
        assert.equal(result?.isError, true);
        assert.match(result?.text ?? "", /blocking because onFailure is "block"/);
        assert.match(result?.text ?? "", /ECONNREFUSED/);
      }));

    test("hooks from --settings FILE outside the workspace apply as well", { timeout: TEST_MS }, () =>
      withScratch("claude-c6", async (scratch) => {
        const ws = scratch.dir("ws");
        const port = await closedPort();
        const settingsFile = scratch.file("outside/settings.json", JSON.stringify({ hooks: { PreToolUse: [{ matcher: "Bash", hooks: [httpHook(`http://127.0.0.1:${port}/hook`)] }] } }));
        const { model } = await claudeWith(ws, [echoHi("a.txt"), say("blocked")], { env, settingsFile });
        assert.equal(fs.existsSync(path.join(ws, "a.txt")), false);
        assert.match(model.claudeToolResults()[0]?.text ?? "", /blocking because onFailure is "block"/);
      }));

    test("a malformed answer (HTTP 200, not JSON) is a failure and blocks", { timeout: TEST_MS }, () =>
      withScratch("claude-c4", async (scratch) => {
        const ws = scratch.dir("ws");
        const hooks = await startHookServer(() => ({ status: 200, text: "this is not json" }));
        try {
          settings(scratch, ws, { PreToolUse: [{ matcher: "Bash", hooks: [httpHook(hooks.url)] }] });
          const { model } = await claudeWith(ws, [echoHi("a.txt"), say("blocked")], { env });
          assert.equal(fs.existsSync(path.join(ws, "a.txt")), false);
          assert.match(model.claudeToolResults()[0]?.text ?? "", /HTTP hook must return JSON/);
        } finally {
          await hooks.close();
        }
      }));

    test("PermissionRequest: {decision: {behavior: deny, message}} refuses, {behavior: allow} runs", { timeout: TEST_MS }, () =>
      withScratch("claude-c5", async (scratch) => {
        // In the default permission mode Claude Code asks before `touch` creates a
        // file; in -p mode nobody can answer, so only the hook decides.
        const touch = tools({ tool: "Bash", input: { command: "touch a.txt" } });
        let behaviour: Record<string, unknown> = { behavior: "deny", message: "a human said no (test)" };
        const hooks = await startHookServer(() => ({ status: 200, text: JSON.stringify({ hookSpecificOutput: { hookEventName: "PermissionRequest", decision: behaviour } }) }));
        try {
          const ws = scratch.dir("ws");
          settings(scratch, ws, { PermissionRequest: [{ matcher: "Bash", hooks: [httpHook(hooks.url)] }] });
          const denied = await claudeWith(ws, [touch, say("denied")], { env, permissionMode: "default" });
          assert.equal(fs.existsSync(path.join(ws, "a.txt")), false);
          assert.deepEqual(denied.model.claudeToolResults()[0], { toolUseId: "toolu_scripted_0_0", text: "a human said no (test)", isError: true });
          assert.equal(field(hooks.posts[0]?.body, "hook_event_name"), "PermissionRequest");
          assert.equal(field(hooks.posts[0]?.body, "tool_input", "command"), "touch a.txt");
          assert.ok(Array.isArray(field(hooks.posts[0]?.body, "permission_suggestions")), "PermissionRequest carries permission_suggestions");

          behaviour = { behavior: "allow" };
          await claudeWith(ws, [touch, say("allowed")], { env, permissionMode: "default" });
          assert.equal(fs.existsSync(path.join(ws, "a.txt")), true);
          assert.equal(hooks.posts.length, 2);
        } finally {
          await hooks.close();
        }
      }));
  });

  test("CLAUDE_CODE_SHELL_PREFIX wraps Bash commands and command hooks: one argument, the whole shell string", { timeout: TEST_MS }, () =>
    withScratch("claude-prefix", async (scratch) => {
      const ws = scratch.dir("ws");
      const log = path.join(scratch.root, "prefix-argv.jsonl");
      // The prefix logs what it was given, then runs the last argument the way Claude Code would have.
      const prefix = scratch.script(
        "prefix.js",
        `#!${process.execPath}\nconst fs = require("node:fs");\nconst args = process.argv.slice(2);\n` +
          `fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + "\\n");\n` +
          `const r = require("node:child_process").spawnSync("/bin/bash", ["-c", args[args.length - 1]], { stdio: "inherit" });\n` +
          `process.exit(r.status ?? 1);\n`,
      );
      const hook = scratch.script("allow-hook.sh", "#!/bin/sh\ncat > /dev/null\nexit 0\n");
      settings(scratch, ws, { PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: hook, timeout: 10 }] }] });
      const command = `echo "it's" > a.txt`;
      const { model } = await claudeWith(ws, [tools({ tool: "Bash", input: { command } }), say("done")], { env: { CLAUDE_CODE_SHELL_PREFIX: prefix } });
      assert.equal(fs.readFileSync(path.join(ws, "a.txt"), "utf8"), "it's\n");
      assert.equal(model.claudeToolResults()[0]?.isError, false);
      const calls = readJsonLines(log);
      assert.deepEqual(calls[0], [hook], "the command hook itself is run through the prefix");
      const bash = asArray(calls[1]);
      assert.equal(bash.length, 1, `expected one argument, got ${JSON.stringify(bash)}`);
      const shellString = asString(bash[0]) ?? "";
      // The model's command is single-quoted (POSIX '"'"' escaping) inside an eval,
      // after a shell-snapshot `source` and alias clean-up, before a `pwd -P` cwd marker.
      assert.ok(shellString.includes(`eval 'echo "it'"'"'s" > a.txt' < /dev/null && pwd -P >| `), shellString);
      assert.match(shellString, /^source \S+\/shell-snapshots\/snapshot-bash-\S+\.sh 2>\/dev\/null \|\| true && /);
      assert.equal(calls.length, 2);
    }));
});

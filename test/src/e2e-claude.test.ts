/**
 * The end-to-end scenarios with the real Claude Code CLI, connected the
 * way a user connects it (`warden connect claude-code`, `warden run claude-code`),
 * with HTTP hooks on the daemon's loopback listener and the shell gate, driven by
 * the scripted model server. Each asserts on the workspace, the audit log and what
 * the model was told. (Scenario 5, Codex, is in e2e-codex.test.ts; scenario 6, an
 * MCP client over stdio and Streamable HTTP, in broker.test.ts.)
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ApprovalInfo } from "../../protocol/src/approvals";
import { AuditRecord } from "../../protocol/src/audit";
import { WardenClient } from "../../protocol/src/client";
import { claudeBinary } from "./agents/install";
import { ModelServer, startModelServer } from "./agents/model-server";
import { ProcessResult, runProcess } from "./agents/run-process";
import { Turn, after as afterStep, say, tools } from "./agents/script";
import { CLI, TempWarden } from "./helpers/warden-home";

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: "Dev", GIT_AUTHOR_EMAIL: "dev@example.com", GIT_COMMITTER_NAME: "Dev", GIT_COMMITTER_EMAIL: "dev@example.com" };
const git = (cwd: string, ...args: string[]): string => execFileSync("git", args, { cwd, encoding: "utf8", env: GIT_ENV });

function payload(r: AuditRecord): Record<string, unknown> {
  return typeof r.payload === "object" && r.payload !== null && !Array.isArray(r.payload) ? r.payload : {};
}

describe("real Claude Code through Warden: the issue's scenarios", () => {
  const w = new TempWarden();
  let workspace = "";
  let bare = "";
  let human: WardenClient;
  const file = (name: string) => path.join(workspace, name);

  /** One Claude Code session, run by `warden run` as a user would, against a scripted model. */
  async function session(script: Turn[]): Promise<{ run: ProcessResult; server: ModelServer }> {
    const server = await startModelServer(script);
    try {
      const home = fs.mkdtempSync(path.join(w.home, "claude-user-"));
      const env = { ...w.env, HOME: home, TMPDIR: home, ANTHROPIC_BASE_URL: server.url, ANTHROPIC_API_KEY: "dummy", CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1" };
      const args = [CLI, "run", "claude-code", "--workspace", workspace, "--", claudeBinary(), "-p", "do the task", "--output-format", "json", "--permission-mode", "acceptEdits"];
      const run = await runProcess(process.execPath, args, { cwd: workspace, env, timeoutMs: 150_000 });
      assert.equal(run.timedOut, false, `${run.stderr}\n${run.stdout}`);
      assert.deepEqual(server.problems, [], "the session followed the script");
      return { run, server };
    } finally {
      await server.close();
    }
  }

  async function decided(sinceSeq: number): Promise<AuditRecord[]> {
    const { records } = await human.request("audit/query", { filter: { kinds: ["action.decided", "action.result"], fromSeq: sinceSeq + 1 }, limit: 1000 });
    return records;
  }

  const head = async (): Promise<number> => (await human.request("daemon/status", {})).audit.headSeq;

  before(async () => {
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-e2e-")));
    bare = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-e2e-remote-")));
    git(bare, "init", "-q", "--bare", "-b", "main");
    git(workspace, "init", "-q", "-b", "main");
    fs.mkdirSync(file("src"));
    fs.writeFileSync(file("src/app.ts"), "export function answer() {\n  return 1;\n}\n");
    git(workspace, "add", ".");
    git(workspace, "commit", "-q", "-m", "initial");
    git(workspace, "remote", "add", "origin", bare);
    git(workspace, "push", "-q", "origin", "main");
    w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
    await w.start(["--listen", "127.0.0.1:0", "--approval-timeout", "60s"]);
    human = await w.connect();
    const connect = await w.cli(["connect", "claude-code", "--workspace", workspace, "--owner", "dev@example.com", "--purpose", "end-to-end scenarios"]);
    assert.equal(connect.code, 0, connect.stderr);
    const settings = fs.readFileSync(file(".claude/settings.local.json"), "utf8");
    assert.match(settings, /"type": "http"/, "with a loopback listener, Claude Code gets HTTP hooks");
  });
  after(async () => {
    human.close();
    await w.cleanup();
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(bare, { recursive: true, force: true });
  });

  test("1. Claude Code edits a file and runs git status: allowed, executed, logged with agent identity and rule", async () => {
    const from = await head();
    const { server } = await session([
      tools({ tool: "Read", input: { file_path: file("src/app.ts") } }),
      tools({ tool: "Edit", input: { file_path: file("src/app.ts"), old_string: "return 1;", new_string: "return 42;" } }),
      tools({ tool: "Bash", input: { command: "git status" } }),
      say("edited and checked"),
    ]);
    assert.match(fs.readFileSync(file("src/app.ts"), "utf8"), /return 42;/);
    const results = server.claudeToolResults();
    assert.equal(results.length, 3);
    assert.match(results[2]?.text ?? "", /modified: {3}src\/app\.ts/, "git status ran and the model saw its output");
    const records = await decided(from);
    const byTool = (tool: string) => records.filter((r) => r.kind === "action.decided" && payload(r)["tool"] === tool && payload(r)["event"] === "PreToolUse");
    const [edit] = byTool("Edit");
    const [status] = byTool("Bash");
    assert.ok(edit !== undefined && status !== undefined, JSON.stringify(records.map((r) => r.payload)));
    for (const r of [edit, status]) {
      assert.deepEqual(r.actor, { type: "agent", id: "claude-code" });
      assert.equal(payload(r)["decision"], "allow");
      assert.equal(payload(r)["owner"], "dev@example.com");
      assert.match(String(payload(r)["requester"]), /^human:/);
    }
    assert.equal(payload(edit)["rule"], "edit-workspace");
    assert.equal(payload(status)["rule"], "read-only-commands");
    assert.ok(records.some((r) => r.kind === "action.result" && payload(r)["tool"] === "Edit"), "the result was recorded too (PostToolUse)");
    assert.ok(records.some((r) => r.kind === "action.decided" && payload(r)["event"] === "ShellGate"), "the command also passed the shell gate");
  });

  test("2. rm -rf src and a redirect into .vscode/settings.json: denied, nothing changed, the model told why", async () => {
    const { server } = await session([
      tools({ tool: "Bash", input: { command: "rm -rf src" } }),
      tools({ tool: "Bash", input: { command: "echo x > .vscode/settings.json" } }),
      say("could not"),
    ]);
    assert.ok(fs.existsSync(file("src/app.ts")), "src is still there");
    assert.equal(fs.existsSync(file(".vscode/settings.json")), false);
    const results = server.claudeToolResults();
    assert.equal(results.length, 2);
    assert.match(results[0]?.text ?? "", /Warden denied this.*no approver is attached/s);
    assert.match(results[1]?.text ?? "", /Warden denied this \(rule builtin:protected-path/);
  });

  test("3. git push asks with the commits; approved, the push happens; the next one denied, nothing pushed", async () => {
    git(workspace, "commit", "-q", "-am", "answer is 42");
    const approvals = await w.connect();
    const seen: ApprovalInfo[] = [];
    let answer: "approve" | "deny" = "approve";
    const { subscription } = await approvals.request("events/subscribe", { filter: { kinds: ["approval.requested"], workspace } });
    approvals.onEvent(subscription, (r) => {
      const id = payload(r)["id"];
      if (typeof id !== "string") return;
      void approvals.request("approvals/show", { id }).then(async ({ approval }) => {
        seen.push(approval);
        await approvals.request("approvals/answer", { id, answer, ...(answer === "deny" ? { reason: "no release today" } : {}) });
      });
    });
    try {
      const before = git(bare, "rev-parse", "main").trim();
      await session([tools({ tool: "Bash", input: { command: "git push origin main" } }), say("pushed")]);
      assert.equal(seen.length, 1, "one question for the push (the shell gate does not ask again)");
      const ctx = seen[0]?.context;
      assert.equal(ctx?.data.type, "commits");
      if (ctx?.data.type === "commits") {
        assert.deepEqual(ctx.data.commits.map((c) => c.subject), ["answer is 42"]);
        assert.equal(ctx.data.remoteRef, before);
      }
      assert.equal(ctx?.identity.agent, "claude-code");
      assert.equal(ctx?.identity.owner, "dev@example.com");
      assert.match(ctx?.rollback ?? "", new RegExp(`force-with-lease origin ${before}:refs/heads/main`));
      assert.equal(git(bare, "rev-parse", "main").trim(), git(workspace, "rev-parse", "HEAD").trim(), "the approved push happened");

      answer = "deny";
      fs.writeFileSync(file("src/app.ts"), "export function answer() {\n  return 43;\n}\n");
      git(workspace, "commit", "-q", "-am", "answer is 43");
      const pushed = git(bare, "rev-parse", "main").trim();
      const { server } = await session([tools({ tool: "Bash", input: { command: "git push origin main" } }), say("not pushed")]);
      assert.equal(seen.length, 2);
      assert.equal(git(bare, "rev-parse", "main").trim(), pushed, "nothing pushed");
      assert.match(server.claudeToolResults()[0]?.text ?? "", /no release today/);
    } finally {
      approvals.close();
    }
  });

  test("4. the daemon stops mid-session: the next tool call is blocked, not run", async () => {
    const { server } = await session([
      tools({ tool: "Bash", input: { command: "echo one > one.txt" } }),
      afterStep(
        async () => {
          human.close();
          const stop = await w.cli(["daemon", "stop"]);
          assert.equal(stop.code, 0, stop.stderr);
        },
        tools({ tool: "Bash", input: { command: "echo two > two.txt" } }),
      ),
      say("the second step was blocked"),
    ]);
    assert.ok(fs.existsSync(file("one.txt")), "the first call ran while the daemon was up");
    assert.equal(fs.existsSync(file("two.txt")), false, "fail closed: nothing runs without the daemon");
    const results = server.claudeToolResults();
    assert.equal(results.length, 2);
    assert.match(results[1]?.text ?? "", /blocking because onFailure is "block"/);
    // Bring the daemon back for whatever runs after this file.
    await w.start(["--listen", "127.0.0.1:0"]);
    human = await w.connect();
  });
});

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import Database from "better-sqlite3";
import { WardenClient } from "../../protocol/src/client";
import { IncidentReport, ReportEntry, incidentReport } from "../../protocol/src/incident-methods";
import { connectDaemon } from "../../protocol/src/ws-transport";
import { TempWarden } from "./helpers/warden-home";

const gitEnv = { ...process.env, GIT_AUTHOR_NAME: "T", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "T", GIT_COMMITTER_EMAIL: "t@example.com" };
const git = (cwd: string, ...args: string[]): string => execFileSync("git", args, { cwd, encoding: "utf8", env: gitEnv }).trim();

function objectOf(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v)) : {};
}
const of = <T extends ReportEntry["type"]>(r: IncidentReport, type: T) => r.timeline.filter((e): e is Extract<ReportEntry, { type: T }> => e.type === type);

/**
 * A scripted session through the real daemon — the agent's own tools through the
 * gate, Warden's tools through the broker, approvals answered by a human client,
 * containment at the end — and then the report, checked against what happened.
 */
describe("incident report: what the agent touched, from the audit log", () => {
  const w = new TempWarden();
  const workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-ir-")));
  const bare = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-ir-bare-")));
  const outDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-ir-out-")));
  const user = `human:${os.userInfo().username}`;
  let human: WardenClient;
  let approver: WardenClient;
  let agent: WardenClient;
  let site: http.Server;
  let url = "";
  let pushedFrom = "";
  let afterPush = "";
  let report: IncidentReport;

  const decide = (tool_name: string, tool_input: Record<string, unknown>, tool_use_id: string) =>
    agent.request("actions/decide", { workspace, input: { hook_event_name: "PreToolUse", tool_name, tool_input, tool_use_id, session_id: "s1" } });
  const posted = (tool_name: string, tool_use_id: string, tool_response: unknown) =>
    agent.request("actions/record", { workspace, input: { hook_event_name: "PostToolUse", tool_name, tool_use_id, tool_response, session_id: "s1" } });
  const broker = (tool: string, args: Record<string, unknown>) => agent.request("broker/call", { workspace, tool, arguments: args });

  before(async () => {
    git(bare, "init", "-q", "--bare", "-b", "main");
    git(workspace, "init", "-q", "-b", "main");
    fs.writeFileSync(path.join(workspace, "README.md"), "app\n");
    git(workspace, "add", "README.md");
    git(workspace, "commit", "-q", "-m", "first");
    git(workspace, "remote", "add", "origin", bare);
    git(workspace, "push", "-q", "origin", "main");
    pushedFrom = git(bare, "rev-parse", "main");
    fs.mkdirSync(path.join(workspace, ".warden"));
    fs.writeFileSync(
      path.join(workspace, ".warden", "policy.json"),
      JSON.stringify({
        version: 1,
        default: "deny",
        rules: [
          { id: "read", action: "file.read", paths: ["**"], decision: "allow" },
          { id: "write", action: "file.write", paths: ["**"], decision: "allow" },
          { id: "deletes-ask", action: "file.delete", decision: "ask" },
          { id: "echo", action: "shell.exec", commands: [{ program: "echo" }], decision: "allow" },
          { id: "commit", action: "git.commit", decision: "allow+log" },
          { id: "push-asks", action: "git.push", decision: "ask" },
          { id: "local-api", action: "http.request", hosts: ["127.0.0.1"], decision: "allow" },
        ],
      }),
    );
    site = http.createServer((_req, res) => res.writeHead(200, { "content-type": "text/plain" }).end("ok\n"));
    await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
    const address = site.address();
    url = `http://127.0.0.1:${address !== null && typeof address === "object" ? address.port : 0}/status`;
    w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
    await w.start(["--approval-timeout", "10s"]);
    human = await w.connect();
    await human.request("agents/add", { workspace, name: "builder", kind: "claude-code", owner: "alice", purpose: "fix the parser" });
    const { token } = await human.request("tokens/issue", { workspace, name: "builder" });
    agent = await connectDaemon({ socketPath: w.paths.socket }, { token });
    // The human at the approval panel: approves the first deletion and the push, denies the second deletion.
    approver = await w.connect();
    const { subscription } = await approver.request("events/subscribe", { filter: { kinds: ["approval.requested"] } });
    let deletions = 0;
    approver.onEvent(subscription, (r) => {
      const p = objectOf(r.payload);
      const id = String(p["id"]);
      const approve = p["action"] === "git.push" || (p["action"] === "file.delete" && deletions++ === 0);
      void approver.request("approvals/answer", { id, answer: approve ? "approve" : "deny", ...(approve ? {} : { reason: "keep the parser" }) });
    });

    // The agent's own tools, through the gate, each followed by its PostToolUse.
    assert.equal((await decide("Write", { file_path: "src/parser.ts", content: "export {}\n" }, "tu_1")).decision.decision, "allow");
    await posted("Write", "tu_1", { type: "create", filePath: "src/parser.ts" });
    assert.equal((await decide("Bash", { command: "echo hello > notes.txt" }, "tu_2")).decision.decision, "allow");
    await posted("Bash", "tu_2", { stdout: "", stderr: "", interrupted: false });
    assert.equal((await decide("Write", { file_path: ".vscode/settings.json", content: "{}" }, "tu_3")).decision.rule, "builtin:protected-path");
    // Warden's tools, through the broker.
    assert.equal((await broker("write_file", { path: "docs/notes.md", content: "# notes\n" })).isError, false);
    assert.equal((await broker("read_file", { path: "docs/notes.md" })).isError, false);
    assert.equal((await broker("write_file", { path: "old.txt", content: "old\n" })).isError, false);
    assert.match((await broker("delete_path", { path: "old.txt" })).text, /warden restore del_/);
    assert.match((await broker("delete_path", { path: "src/parser.ts" })).text, /keep the parser/);
    assert.equal((await broker("run_command", { command: "echo done" })).isError, false);
    assert.equal((await broker("git_commit", { message: "notes", paths: ["docs/notes.md"] })).isError, false);
    const push = await broker("git_push", { remote: "origin", branch: "main" });
    assert.equal(push.isError, false, push.text);
    afterPush = git(bare, "rev-parse", "main");
    assert.match((await broker("http_request", { url })).text, /HTTP 200/);
    // Secret use is recorded by the secrets broker (another engineer's work): its record, by shape.
    await human.request("audit/append", { events: [{ kind: "secret.use", workspace, payload: { agent: "builder", name: "github", host: "api.github.com" } }] });
    await human.request("agents/contain", { workspace, name: "builder", reason: "pushed without review" });

    const out = path.join(outDir, "report.json");
    const r = await w.cli(["incident", "report", "builder", "--workspace", workspace, "--format", "json", "--output", out]);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    report = incidentReport.parse(JSON.parse(fs.readFileSync(out, "utf8")));
    assert.equal((fs.statSync(out).mode & 0o777).toString(8), "600");
  });
  after(async () => {
    agent.close();
    approver.close();
    human.close();
    await new Promise<void>((resolve) => site.close(() => resolve()));
    await w.cleanup();
    for (const d of [workspace, bare, outDir]) fs.rmSync(d, { recursive: true, force: true });
  });

  test("the header names the agent as the log knows it, and the chain verified", () => {
    assert.deepEqual([report.agent.name, report.agent.owner, report.agent.kind, report.agent.status, report.agent.statusReason], ["builder", "alice", "claude-code", "contained", "pushed without review"]);
    assert.equal(report.log.ok, true);
    assert.ok(report.log.checked >= (report.period.lastSeq ?? Infinity));
    const seqs = report.timeline.map((e) => e.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), "time order, by audit seq");
  });

  test("files read, written and deleted — through either path — with the restore id of the deletion; a denied deletion touched nothing", () => {
    const { files, directories } = report.summary;
    assert.deepEqual(files.written, ["docs/notes.md", "notes.txt", "old.txt", "src/parser.ts"]);
    assert.deepEqual(files.deleted, ["old.txt"]);
    assert.ok(files.read.includes("docs/notes.md"));
    assert.deepEqual(directories, ["docs", "src"]);
    const deletion = of(report, "file").find((e) => e.op === "delete" && e.path === "old.txt");
    assert.match(deletion?.restoreId ?? "", /^del_[0-9a-f]{16}$/);
    assert.equal(deletion?.decided.asked, true);
    assert.match(deletion?.decided.approval ?? "", /^apr_/);
    assert.ok(deletion?.result !== null && deletion?.result !== undefined && deletion.result.seq > deletion.seq);
    const gateWrite = of(report, "file").find((e) => e.path === "src/parser.ts" && e.op === "write");
    assert.equal(gateWrite?.via, "gate");
    assert.ok(gateWrite?.result !== null, "the PostToolUse is joined by tool_use_id");
  });

  test("commands, the push with its old and new refs, the HTTP request with its status, the secret by name", () => {
    const commands = of(report, "command");
    assert.ok(commands.some((c) => c.command === "echo hello > notes.txt" && c.via === "gate"));
    assert.ok(commands.some((c) => c.command === "echo done" && c.via === "broker" && c.exitCode === 0));
    const [push] = of(report, "push");
    assert.deepEqual([push?.remote, push?.branch, push?.oldRef, push?.newRef, push?.force], ["origin", "main", pushedFrom, afterPush, false]);
    assert.deepEqual(report.summary.remotes, ["origin main"]);
    const [call] = of(report, "http");
    assert.deepEqual([call?.method, call?.url, call?.status], ["GET", url, 200]);
    assert.deepEqual(report.summary.hosts, [new URL(url).host]);
    assert.deepEqual(report.summary.secrets, ["github"]);
    assert.deepEqual(of(report, "secret").map((s) => [s.name, s.target]), [["github", "api.github.com"]]);
  });

  test("approvals with who answered and how; denials with their rule", () => {
    const approvals = of(report, "approval");
    assert.deepEqual(approvals.map((a) => [a.action, a.status, a.answeredBy]), [
      ["file.delete", "approved", user],
      ["file.delete", "denied", user],
      ["git.push", "approved", user],
    ]);
    assert.equal(approvals[1]?.reason, "keep the parser");
    assert.ok(approvals.every((a) => a.answeredSeq !== null && a.answeredSeq > a.seq));
    assert.deepEqual(report.summary.approvals, { asked: 3, approved: 2, denied: 1, expired: 0, pending: 0 });
    assert.equal(report.summary.denials, 2);
    const protectedWrite = report.timeline.find((e) => e.type === "file" && e.decided.rule === "builtin:protected-path");
    assert.equal(protectedWrite?.type === "file" ? protectedWrite.path : null, ".vscode/settings.json");
    const identity = of(report, "identity").map((e) => e.kind);
    for (const kind of ["agent.created", "token.issued", "agent.contained", "incident.snapshot"]) assert.ok(identity.includes(kind), kind);
  });

  test("every entry points at a real audit record of the right kind", async () => {
    const { records } = await human.request("audit/query", { filter: { workspace }, limit: 1000 });
    const bySeq = new Map(records.map((r) => [r.seq, r.kind]));
    for (const e of report.timeline) {
      const expected = e.type === "approval" ? "approval.requested" : e.type === "identity" ? e.kind : e.type === "secret" ? "secret.use" : e.type === "action" && e.kind === "refused" ? "action.result" : "action.decided";
      assert.equal(bySeq.get(e.seq), expected, `#${e.seq} (${e.type})`);
    }
  });

  test("Markdown for a person; the same report over the protocol, saved out of the agent's reach", async () => {
    const md = await w.cli(["incident", "report", "builder", "--workspace", workspace]);
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /^# Incident report: agent `builder`/);
    assert.match(md.stdout, /\| Audit log \| verified: \d+ records, head #\d+/);
    assert.match(md.stdout, /`warden restore del_[0-9a-f]{16}`/);
    assert.match(md.stdout, /## Denials[\s\S]*`builtin:protected-path`/);
    assert.match(md.stderr, /a copy is kept in .*reports/);
    const viaProtocol = await human.request("incidents/report", { workspace, name: "builder", save: true });
    assert.deepEqual({ ...viaProtocol.report, generatedAt: "", period: { ...viaProtocol.report.period, until: "" }, log: { ...viaProtocol.report.log, durationMs: 0 } }, { ...report, generatedAt: "", period: { ...report.period, until: "" }, log: { ...report.log, durationMs: 0 } });
    const saved = viaProtocol.saved;
    assert.ok(saved !== null && saved.folder.startsWith(path.join(w.home, "reports")));
    assert.equal((fs.statSync(saved.markdown).mode & 0o777).toString(8), "600");
    assert.equal((fs.statSync(saved.folder).mode & 0o777).toString(8), "700");
    assert.equal(fs.readFileSync(saved.markdown, "utf8"), viaProtocol.markdown);
  });

  test("--since narrows to what happened since; a name the log does not know, or output into the workspace, is refused", async () => {
    const push = of(report, "push")[0];
    assert.ok(push !== undefined);
    const since = await w.cli(["incident", "report", "builder", "--workspace", workspace, "--since", push.ts, "--json", "--no-save"]);
    assert.equal(since.code, 0, since.stderr);
    const narrowed = incidentReport.parse(objectOf(JSON.parse(since.stdout))["report"]);
    assert.ok(narrowed.timeline.every((e) => e.seq >= push.seq - 2 && Date.parse(e.ts) >= Date.parse(push.ts)));
    assert.equal(narrowed.agent.owner, "alice", "identity comes from the whole log");
    assert.deepEqual(narrowed.summary.files.deleted, []);
    const unknown = await w.cli(["incident", "report", "nobody", "--workspace", workspace]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /nothing about agent 'nobody'/);
    const inside = await w.cli(["incident", "report", "builder", "--workspace", workspace, "--output", path.join(workspace, "report.md")]);
    assert.equal(inside.code, 2);
    assert.match(inside.stderr, /inside the agent's workspace/);
    assert.equal(fs.existsSync(path.join(workspace, "report.md")), false);
  });

  test("attack: an altered record makes the report say the log is broken, first thing, and exit 5", async () => {
    await w.cli(["daemon", "stop"]);
    const db = new Database(w.paths.db);
    db.exec("DROP TRIGGER audit_no_update");
    db.prepare("UPDATE audit SET payload = replace(payload, 'old.txt', 'new.txt') WHERE kind = 'action.decided' AND payload LIKE '%old.txt%'").run();
    db.close();
    const r = await w.cli(["incident", "report", "builder", "--workspace", workspace, "--no-save"]);
    assert.equal(r.code, 5);
    const header = r.stdout.split("## Affected systems")[0] ?? "";
    assert.match(header, /\*\*BROKEN at record #\d+: record \d+ was altered/);
    assert.match(r.stderr, /does NOT verify/);
  });
});

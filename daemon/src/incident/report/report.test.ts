import assert from "node:assert/strict";
import { before, test } from "node:test";
import { AuditRecord, GENESIS_HASH } from "../../../../protocol/src/audit";
import { JsonValue } from "../../../../protocol/src/json";
import { incidentReport } from "../../../../protocol/src/incident-methods";
import { loadShellParser } from "../../policy/shell";
import { ShellParser } from "../../policy/shell/types";
import { ReportBuilder } from "./builder";
import { code, esc, renderMarkdown } from "./markdown";
import { summarise } from "./summary";

let shell: ShellParser;
before(async () => {
  shell = await loadShellParser();
});

const W = "/projects/app";
let seq = 0;
function rec(kind: string, payload: JsonValue, actor: AuditRecord["actor"] = { type: "agent", id: "builder" }, workspace = W): AuditRecord {
  seq++;
  return { seq, ts: new Date(Date.UTC(2026, 2, 1, 12, 0, seq)).toISOString(), actor, workspace, kind, payload, prevHash: GENESIS_HASH, hash: GENESIS_HASH };
}
const decided = (tool: string, actions: JsonValue, extra: Record<string, JsonValue> = {}) =>
  rec("action.decided", { agent: "builder", owner: "alice", via: "gate", tool, actions, decision: "allow", rule: "edit", source: "p:1", reason: "ok", asked: false, approval: null, grant: null, ...extra });

test("the agent's own shell commands show what they delete, write and push; results join by tool_use_id", () => {
  const b = new ReportBuilder("builder", W, shell);
  b.add(decided("Bash", [{ kind: "shell.exec", target: "rm -rf build && echo x > out/log.txt && git push origin main" }], { toolUseId: "tu_1" }));
  b.add(rec("action.result", { agent: "builder", event: "PostToolUse", tool: "Bash", toolUseId: "tu_1", output: "done" }));
  b.add(decided("Write", [{ kind: "file.write", target: `${W}/.vscode/settings.json` }], { decision: "deny", rule: "builtin:protected-path", toolUseId: "tu_2" }));
  // Another agent, and another workspace: not in this report.
  b.add(rec("action.decided", { agent: "other", actions: [{ kind: "file.delete", target: "x" }], decision: "allow" }, { type: "agent", id: "other" }));
  b.add(rec("action.decided", { agent: "builder", actions: [{ kind: "file.delete", target: "y" }], decision: "allow" }, { type: "agent", id: "builder" }, "/elsewhere"));
  const kinds = b.timeline.map((e) => (e.type === "file" ? `${e.op} ${e.path}` : e.type === "push" ? `push ${e.remote ?? "?"} ${e.branch ?? "?"}` : e.type));
  assert.deepEqual(kinds.slice(0, 4).sort(), ["command", "delete build", "push origin main", "write out/log.txt"]);
  assert.equal(kinds[4], "write .vscode/settings.json");
  const command = b.timeline[0];
  assert.equal(command?.type === "command" ? command.result?.summary : null, "output: done");
  const s = summarise(b.timeline);
  assert.deepEqual(s.files.deleted, ["build"]);
  assert.deepEqual(s.files.written, ["out/log.txt"]);
  assert.deepEqual(s.remotes, ["origin main"]);
  assert.deepEqual(s.directories, ["out"]);
  assert.equal(s.denials, 1);
});

test("approvals are joined to their answer: who answered, how, and the seqs of both", () => {
  const b = new ReportBuilder("builder", W, shell);
  const asked = rec("approval.requested", { id: "apr_1", agent: "builder", summary: "push 1 commit to origin main", action: "git.push", target: "git push origin main", rule: "push-asks" });
  b.add(asked);
  const answered = rec("approval.answered", { id: "apr_1", agent: "builder", status: "approved", scope: "once", reason: null, grant: null }, { type: "human", id: "bob" });
  b.add(answered);
  b.add(rec("approval.expired", { id: "apr_2", agent: "builder", status: "expired", reason: "nobody answered" }, { type: "daemon", id: "warden" }));
  const [first, second] = b.timeline;
  assert.ok(first?.type === "approval" && second?.type === "approval");
  assert.deepEqual([first.status, first.answeredBy, first.answeredSeq, first.seq], ["approved", "human:bob", answered.seq, asked.seq]);
  assert.deepEqual([second.status, second.answeredBy, second.summary], ["expired", null, "(asked before this report's period)"]);
});

test("attack: names an agent chose cannot break the Markdown table or inject links and HTML", () => {
  const evil = "a | b](https://evil.example)<img src=x onerror=alert(1)>\n| forged | row |";
  assert.equal(esc(evil).includes("<img"), false);
  assert.equal(/(^|[^\\])\|/.test(esc(evil)), false, "every pipe is escaped");
  assert.equal(/(^|[^\\])\|/.test(code("x`|`y")), false);
  assert.match(code("x`y"), /^``x`y``$/);
  const b = new ReportBuilder("builder", W, shell);
  b.add(decided("Write", [{ kind: "file.write", target: evil }]));
  const report = incidentReport.parse({
    version: 1,
    generatedAt: "2026-03-01T13:00:00.000Z",
    generator: "warden test",
    agent: { name: "builder", workspace: W, kind: "claude-code", owner: "alice", purpose: "p", role: "writer", status: "active", statusReason: null, createdAt: null, createdBy: null },
    period: { since: null, until: "2026-03-01T13:00:00.000Z", firstSeq: b.firstSeq, lastSeq: b.lastSeq },
    log: { ok: true, checked: 1, headSeq: 1, headHash: "0".repeat(64), firstBadSeq: null, problem: null, durationMs: 0 },
    recordsExamined: b.examined,
    truncated: false,
    timeline: b.timeline,
    summary: summarise(b.timeline),
  });
  const md = renderMarkdown(report);
  // Inside code spans text is literal; everywhere else no HTML tag or link syntax may survive.
  const outsideCode = md.replace(/(`+)[^`]*?\1/g, "");
  assert.equal(outsideCode.includes("<img"), false);
  assert.equal(/(^|[^\\])\]\(/.test(outsideCode), false);
  // Every table row keeps its column count: no line of the Files table gained cells.
  const files = md.slice(md.indexOf("## Files"), md.indexOf("## Commands")).split("\n").filter((l) => l.startsWith("| #"));
  for (const row of files) assert.equal(row.split(/(?<!\\)\|/).length, 8, row);
});

// Part of issue 14: `warden policy explain` must name the decision and rule the daemon audits for the same
// hook input. Every line of the shared corpora goes through the daemon's own gate (gateToolCall → the real
// mediator → the real audit log) and through decideHookInput (what `policy explain` and `policy test` call);
// the audited decision and rule must equal explain's, including relative and foreign `cwd` values and calls
// whose actions tie (an apply_patch with a default-asked write beside a rule-asked delete).

import { corpusFiles, corpusText } from "../test-corpora";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { AgentInfo } from "../../../protocol/src/agents";
import { AuditStore } from "../audit/store";
import { AuditWriter } from "../audit/writer";
import { decideHookInput } from "../policy/decide-hook";
import { EngineContext } from "../policy/engine";
import { PolicySet } from "../policy/layers";
import { parsePolicyText } from "../policy/load-policy";
import { defaultCaseInsensitive } from "../policy/paths/within";
import { starterLayer } from "../policy/policy-set";
import { ShellParser, loadShellParser } from "../policy/shell";
import { GateContext, gateToolCall } from "./gate";
import { createMediator } from "./mediator";
import { RecentApprovals } from "./recent-approvals";
import { AgentCaller, Approver } from "./types";

/** Non-blank lines of the corpus files under one directory of test/corpora (fails, never skips, when missing). */
function corpus(sub: string, only?: string): Array<{ where: string; text: string }> {
  const files = corpusFiles(sub, only ?? ".txt").filter((f) => only === undefined || f.endsWith(`/${only}`));
  return files.flatMap((file) =>
    corpusText(file)
      .split(/\r?\n/)
      .flatMap((text, i) => (text.trim() === "" ? [] : [{ where: `${file}:${i + 1}`, text }])),
  );
}

const BATCH = 256;

/** Approval is not what is compared: nobody answers, as in a daemon with no editor attached. */
const NOBODY: Approver = {
  grantFor: () => null,
  ask: () => Promise.resolve({ approved: false, approvalId: "apr_none", by: null, reason: "no approver is attached" }),
};

describe("policy explain names the decision and rule the daemon audits (the test corpora)", () => {
  let root = "";
  let ws = "";
  let outside = "";
  let store: AuditStore;
  let gate: GateContext;
  let shell: ShellParser;
  let explainCtx: EngineContext;
  let caller: AgentCaller;
  let current: PolicySet = { layers: [starterLayer()] };

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-agree-")));
    ws = path.join(root, "app");
    outside = path.join(root, "elsewhere");
    const wardenHome = path.join(root, "warden-home");
    for (const d of [path.join(ws, "src"), path.join(ws, ".git", "hooks"), outside, wardenHome]) fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(ws, "src", "a.ts"), "export {};\n");
    fs.writeFileSync(path.join(ws, "README.md"), "hi\n");
    shell = await loadShellParser();
    store = AuditStore.openForWriting(path.join(wardenHome, "warden.db"));
    const writer = new AuditWriter(store, path.join(wardenHome, "audit-head.json"), () => undefined);
    const agent: AgentInfo = {
      id: "agt_000000000001",
      workspace: ws,
      name: "claude",
      kind: "claude-code",
      owner: "alice",
      purpose: "agreement test",
      role: "writer",
      status: "active",
      createdAt: new Date().toISOString(),
      createdBy: "human:alice",
      expiresAt: null,
      statusReason: null,
      activeTokens: 1,
    };
    caller = { agent, principal: { type: "agent", id: agent.name }, requester: "human:alice", session: null };
    const policies = { get: () => ({ current }) };
    gate = { mediator: createMediator({ policies, approvals: NOBODY, writer, shell, wardenHome }), writer, shell, recent: new RecentApprovals() };
    // What `warden policy explain --role writer` builds (cli/policy-commands.ts prepare()).
    explainCtx = { workspace: ws, actor: { name: "explain", role: "writer" }, wardenHome, home: os.homedir(), caseInsensitive: defaultCaseInsensitive(), shell };
  });
  after(() => {
    store.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** The cwd values an agent may send: absolute inside, relative, outside, absent. */
  const cwdOf = (i: number): string | undefined => [ws, "src", path.join(ws, "src"), outside, "../..", undefined][i % 6];

  /** Posts every input through the daemon's gate, then compares each audited record with explain's answer. */
  async function agree(inputs: Array<{ where: string; input: Record<string, unknown> }>): Promise<{ asked: number; denied: number; allowed: number }> {
    const mismatches: string[] = [];
    const counts = { asked: 0, denied: 0, allowed: 0 };
    // Posted in batches, as a busy daemon receives them: the audit writer commits each batch with one fsync.
    for (let start = 0; start < inputs.length; start += BATCH) {
      const batch = inputs.slice(start, start + BATCH);
      const outcomes = await Promise.all(batch.map(({ input }) => gateToolCall(gate, caller, ws, input)));
      batch.forEach(({ where, input }, i) => {
        const seq = outcomes[i]?.seq ?? -1;
        const [audited] = store.query({ kinds: ["action.decided"], fromSeq: seq }, 1);
        assert.equal(audited?.seq, seq, `${where}: the decision was not audited`);
        const payload = audited?.payload;
        assert.ok(typeof payload === "object" && payload !== null && !Array.isArray(payload), `${where}: audit record #${seq} has no payload`);
        const explained = decideHookInput(input, current, explainCtx);
        // The daemon answers `ask` by asking; the record keeps the rule and says it asked.
        const auditedDecision = payload["asked"] === true ? "ask" : payload["decision"];
        counts[explained.decision === "ask" ? "asked" : explained.decision === "deny" ? "denied" : "allowed"]++;
        if (auditedDecision !== explained.decision || payload["rule"] !== explained.rule || payload["source"] !== explained.source) {
          mismatches.push(`${where} ${JSON.stringify(input).slice(0, 200)}: audited ${JSON.stringify(auditedDecision)} (${JSON.stringify(payload["rule"])}), explain ${explained.decision} (${String(explained.rule)})`);
        }
      });
    }
    assert.deepEqual(mismatches.slice(0, 20), [], `${mismatches.length} of ${inputs.length} inputs disagree`);
    return counts;
  }

  const pre = (tool_name: string, tool_input: Record<string, unknown>, i: number): Record<string, unknown> => {
    const cwd = cwdOf(i);
    return { hook_event_name: "PreToolUse", session_id: "s1", tool_name, tool_input, ...(cwd !== undefined ? { cwd } : {}) };
  };

  test("the attack: a relative cwd and tied actions, which explain and the daemon once resolved differently", async () => {
    current = { layers: [starterLayer()] };
    // Relative cwd "src": the daemon puts the workspace in its place (src/a.ts is allowed there); explain once
    // resolved it from its own process cwd (outside the workspace: asked).
    const relative = { hook_event_name: "PreToolUse", cwd: "src", tool_name: "Write", tool_input: { file_path: "a.ts", content: "x" } };
    // A write outside the workspace (default ask, no rule) beside a delete (rule delete-asks): a tie at ask.
    const tie = pre("apply_patch", { input: `*** Begin Patch\n*** Update File: ${path.join(outside, "x.txt")}\n*** Delete File: README.md\n*** End Patch` }, 0);
    const counts = await agree([
      { where: "relative cwd", input: relative },
      { where: "tie", input: tie },
    ]);
    assert.equal(decideHookInput(relative, current, explainCtx).rule, "edit-workspace");
    // The old mediator kept the first of equals (the default, no rule); explain named the rule.
    assert.equal(decideHookInput(tie, current, explainCtx).rule, "delete-asks", "a named rule explains a tie better than the default");
    assert.deepEqual(counts, { asked: 1, denied: 0, allowed: 1 });
  });

  test("shell commands (command-injection payloads, tldr and nl2bash) as Bash calls", async () => {
    current = { layers: [starterLayer()] };
    const lines = [...corpus("payloads/command-injection"), ...corpus("shell", "tldr-commands.txt"), ...corpus("shell", "nl2bash-all.cm")];
    assert.ok(lines.length > 40_000, `expected over 40,000 commands, read ${lines.length}`);
    const counts = await agree(lines.map(({ where, text }, i) => ({ where, input: pre("Bash", { command: text }, i) })));
    console.log(`commands: ${lines.length}: ${JSON.stringify(counts)}`);
    assert.ok(counts.allowed > 0 && counts.asked > 0 && counts.denied > 0, "the corpus exercises every decision");
  });

  test("paths (traversal payloads) as Read, Write or a tied apply_patch", async () => {
    current = { layers: [starterLayer()] };
    const lines = corpus("payloads/path-traversal").map(({ where, text }) => ({ where, text: text.replace(/\{FILE\}/g, "etc/passwd") }));
    assert.ok(lines.length > 30_000, `expected over 30,000 paths, read ${lines.length}`);
    const patch = (p: string): string => `*** Begin Patch\n*** Update File: ${p}\n*** Delete File: README.md\n*** End Patch`;
    // Each line once, the tool rotating (Read, Write, a tied apply_patch) and the cwd rotating independently.
    const counts = await agree(
      lines.map(({ where, text }, i) => {
        const cwdTurn = Math.floor(i / 3);
        if (i % 3 === 0) return { where, input: pre("Read", { file_path: text }, cwdTurn) };
        if (i % 3 === 1 || text.includes("\n")) return { where, input: pre("Write", { file_path: text, content: "pwned\n" }, cwdTurn) };
        return { where, input: pre("apply_patch", { input: patch(text) }, cwdTurn) };
      }),
    );
    console.log(`paths: ${lines.length}: ${JSON.stringify(counts)}`);
    assert.ok(counts.allowed > 0 && counts.asked > 0 && counts.denied > 0, "the corpus exercises every decision");
  });

  test("URLs (SSRF and open-redirect payloads) as WebFetch calls, under a policy that allows one host", async () => {
    const parsed = parsePolicyText(
      `{ "version": 1, "default": "ask", "rules": [{ "id": "docs-host", "action": "http.request", "hosts": ["example.com"], "decision": "allow" }, { "id": "no-metadata", "action": "http.request", "hosts": ["169.254.169.254"], "decision": "deny" }] }`,
      path.join(ws, ".warden", "policy.json"),
      "workspace",
    );
    if (!parsed.ok) assert.fail(`bad test policy: ${JSON.stringify(parsed.problems)}`);
    current = { layers: [parsed.loaded] };
    const lines = corpus("payloads/ssrf");
    assert.ok(lines.length > 200, `expected over 200 URLs, read ${lines.length}`);
    const counts = await agree(lines.map(({ where, text }, i) => ({ where, input: pre("WebFetch", { url: text, prompt: "read it" }, i) })));
    console.log(`urls: ${lines.length}: ${JSON.stringify(counts)}`);
    assert.ok(counts.asked > 0 && counts.denied > 0, "the corpus exercises ask and deny");
  });
});

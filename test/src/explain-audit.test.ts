// Issue 14 across processes: a real daemon decides hook inputs posted to its HTTP hook endpoint, the real
// `warden policy explain` CLI explains the same inputs, and the decision and rule must be the same. The full
// corpora run in-process through the daemon's own gate in daemon/src/mediation/explain-agrees.test.ts; here the
// cases where the two once differed (a relative cwd, tied actions) and the first line of every payload corpus
// file go through the real programs.

import { corpusFiles, corpusText } from "../../daemon/src/test-corpora";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { WardenClient } from "../../protocol/src/client";
import { TempWarden } from "./helpers/warden-home";

/** The first payload line of every corpus file, as the tool call that carries that kind of payload. */
function firstLines(): Array<{ where: string; tool_name: string; tool_input: Record<string, unknown> }> {
  const as: Record<string, (line: string) => { tool_name: string; tool_input: Record<string, unknown> }> = {
    "command-injection": (line) => ({ tool_name: "Bash", tool_input: { command: line } }),
    "path-traversal": (line) => ({ tool_name: "Read", tool_input: { file_path: line.replace(/\{FILE\}/g, "etc/passwd") } }),
    ssrf: (line) => ({ tool_name: "WebFetch", tool_input: { url: line, prompt: "read it" } }),
  };
  return Object.entries(as).flatMap(([dir, toCall]) => {
    // The corpora are in the repository (test/corpora); corpusFiles fails, never skips, when one is missing.
    return corpusFiles(`payloads/${dir}`, ".txt").map((file) => {
      const line = corpusText(file).split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
      return { where: `${file}:first`, ...toCall(line) };
    });
  });
}

describe("warden policy explain names the decision and rule the daemon audits", () => {
  const w = new TempWarden();
  let root = "";
  let ws = "";
  let address = "";
  let token = "";
  let human: WardenClient;

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-explain-")));
    ws = path.join(root, "app");
    fs.mkdirSync(path.join(ws, "src"), { recursive: true });
    fs.writeFileSync(path.join(ws, "src", "a.ts"), "export {};\n");
    fs.writeFileSync(path.join(ws, "README.md"), "hi\n");
    w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
    await w.start(["--listen", "127.0.0.1:0"]);
    human = await w.connect();
    address = (await human.request("daemon/status", {})).listen ?? "";
    await human.request("agents/add", { workspace: ws, name: "claude", kind: "claude-code", owner: "alice", purpose: "tests", role: "writer" });
    ({ token } = await human.request("tokens/issue", { workspace: ws, name: "claude" }));
  });
  after(async () => {
    human.close();
    await w.cleanup();
    fs.rmSync(root, { recursive: true, force: true });
  });

  /** Posts the input as Claude Code's HTTP hook does and returns the `action.decided` record it produced. */
  async function audited(input: Record<string, unknown>): Promise<{ decision: unknown; rule: unknown; asked: unknown }> {
    const before = (await human.request("audit/query", { filter: { kinds: ["action.decided"] }, limit: 1, order: "desc" })).records[0]?.seq ?? 0;
    const res = await fetch(`http://${address}/hooks/claude-code`, { method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
    assert.equal(res.status, 200, await res.text());
    const { records } = await human.request("audit/query", { filter: { kinds: ["action.decided"], fromSeq: before + 1 }, limit: 10 });
    assert.equal(records.length, 1, `one decision recorded for ${JSON.stringify(input)}`);
    const p = records[0]?.payload;
    assert.ok(typeof p === "object" && p !== null && !Array.isArray(p));
    return { decision: p["decision"], rule: p["rule"], asked: p["asked"] };
  }

  async function explained(input: Record<string, unknown>): Promise<{ decision: unknown; rule: unknown }> {
    const r = await w.cli(["policy", "explain", "--workspace", ws, "--role", "writer", "--json"], { input: JSON.stringify(input) });
    assert.equal(r.code, 0, r.stderr);
    const value: unknown = JSON.parse(r.stdout);
    assert.ok(typeof value === "object" && value !== null && !Array.isArray(value), r.stdout);
    return { decision: Reflect.get(value, "decision"), rule: Reflect.get(value, "rule") };
  }

  async function agree(where: string, input: Record<string, unknown>): Promise<{ decision: unknown; rule: unknown }> {
    const daemon = await audited(input);
    const cli = await explained(input);
    // With nobody to ask, the daemon denies an `ask`; its record keeps the rule and says it asked.
    assert.deepEqual({ decision: daemon.asked === true ? "ask" : daemon.decision, rule: daemon.rule }, cli, where);
    return cli;
  }

  const pre = (tool_name: string, tool_input: Record<string, unknown>, cwd?: string): Record<string, unknown> => ({
    hook_event_name: "PreToolUse",
    session_id: "s1",
    tool_name,
    tool_input,
    ...(cwd !== undefined ? { cwd } : {}),
  });

  test("the attack: a relative cwd and tied actions are decided alike", async () => {
    const relative = await agree("relative cwd", pre("Write", { file_path: "a.ts", content: "x" }, "src"));
    assert.deepEqual(relative, { decision: "allow", rule: "edit-workspace" });
    const outside = path.join(root, "elsewhere", "x.txt");
    const tie = await agree("tie", pre("apply_patch", { input: `*** Begin Patch\n*** Update File: ${outside}\n*** Delete File: README.md\n*** End Patch` }, ws));
    assert.deepEqual(tie, { decision: "ask", rule: "delete-asks" });
  });

  test("the first payload of every corpus file", async () => {
    const cases = firstLines();
    // command-injection, path-traversal and ssrf files in test/corpora/payloads (19 today).
    assert.ok(cases.length >= 19, `expected the payload corpora, found ${cases.length} files`);
    for (const [i, c] of cases.entries()) await agree(c.where, pre(c.tool_name, c.tool_input, [ws, "src", undefined][i % 3]));
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { WardenError } from "../../../protocol/src/errors";
import { restoreFromTrash } from "./restore";
import { Harness, harness, payloadOf } from "./test-support";

const RULES = `[
  { "id": "read-all", "action": "file.read", "decision": "allow" },
  { "id": "no-secrets", "action": "file.read", "paths": ["secrets/**"], "decision": "deny" },
  { "id": "write-all", "action": ["file.write", "file.delete"], "decision": "allow" },
  { "id": "docs-ask", "action": "file.write", "paths": ["docs/**"], "decision": "ask" }
]`;

describe("broker file tools", () => {
  let h: Harness;
  const call = (tool: string, args: Record<string, unknown>) => h.broker.call(h.caller, h.workspace, tool, args);
  const ws = (p: string) => path.join(h.workspace, p);

  before(async () => {
    h = await harness(RULES);
  });
  after(() => h.close());
  beforeEach(() => {
    h.mediator.answer = () => false;
    h.mediator.whileDeciding = null;
  });

  test("lists its tools with JSON Schemas generated from the argument schemas", () => {
    const tools = h.broker.list();
    assert.deepEqual(tools.map((t) => t.name).sort(), ["delete_path", "edit_file", "git_commit", "git_diff", "git_push", "git_status", "http_request", "list_directory", "read_file", "run_command", "write_file"]);
    const write = tools.find((t) => t.name === "write_file");
    assert.deepEqual(write?.inputSchema["required"], ["path", "content"]);
    assert.equal(write?.inputSchema["type"], "object");
  });

  test("write, read, edit and list: executed after the decision, each result audited against its decision", async () => {
    const w = await call("write_file", { path: "src/a.ts", content: "export const a = 1;\n" });
    assert.equal(w.isError, false, w.text);
    assert.equal(fs.readFileSync(ws("src/a.ts"), "utf8"), "export const a = 1;\n");
    const e = await call("edit_file", { path: "src/a.ts", old_string: "= 1", new_string: "= 2" });
    assert.equal(e.isError, false, e.text);
    const r = await call("read_file", { path: "src/a.ts" });
    assert.equal(r.text, "export const a = 2;");
    const l = await call("list_directory", {});
    assert.match(l.text, /^src\/$/m);
    const result = h.records("action.result").find((x) => x.seq === w.seq);
    const payload = payloadOf(result);
    assert.equal(payload["ok"], true);
    assert.equal(payload["tool"], "write_file");
    const decided = h.records("action.decided").find((x) => x.seq === payload["decisionSeq"]);
    assert.ok(decided !== undefined && decided.seq < w.seq, "the decision is recorded before the result");
  });

  test("read_file slices long files by line", async () => {
    fs.writeFileSync(ws("long.txt"), Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join("\n"));
    const r = await call("read_file", { path: "long.txt", offset: 10, limit: 2 });
    assert.equal(r.text, "line 10\nline 11\n[lines 10-11 of 50; pass offset and limit for more]");
  });

  test("bad arguments are refused naming the field, and recorded", async () => {
    const r = await call("write_file", { path: "x.txt" });
    assert.equal(r.isError, true);
    assert.match(r.text, /content/);
    assert.equal(fs.existsSync(ws("x.txt")), false);
    assert.equal(payloadOf(h.records("action.result").find((x) => x.seq === r.seq))["decisionSeq"], null);
    const unknown = await call("format_disk", {});
    assert.equal(unknown.isError, true);
    assert.match(unknown.text, /unknown tool 'format_disk'/);
  });

  test("attack: a path outside the workspace is refused before anything is decided or written", async () => {
    const victim = path.join(h.outside, "escape.txt");
    for (const p of [victim, "../outside/escape.txt"]) {
      const r = await call("write_file", { path: p, content: "pwned" });
      assert.equal(r.isError, true);
      assert.match(r.text, /outside the workspace/);
    }
    fs.symlinkSync(h.outside, ws("out-link"));
    const viaLink = await call("write_file", { path: "out-link/escape.txt", content: "pwned" });
    assert.equal(viaLink.isError, true);
    assert.equal(fs.existsSync(victim), false);
  });

  test("denied by policy: nothing happens and the agent is told the rule", async () => {
    fs.mkdirSync(ws("secrets"), { recursive: true });
    fs.writeFileSync(ws("secrets/key.txt"), "k=1\n");
    const r = await call("read_file", { path: "secrets/key.txt" });
    assert.equal(r.isError, true);
    assert.match(r.text, /denied.*no-secrets/s);
    assert.doesNotMatch(r.text, /k=1/);
  });

  test("attack: edit_file cannot be used as an oracle on a file the agent may not read", async () => {
    const r = await call("edit_file", { path: "secrets/key.txt", old_string: "k=1", new_string: "k=2" });
    assert.equal(r.isError, true);
    assert.match(r.text, /no-secrets/);
    assert.equal(fs.readFileSync(ws("secrets/key.txt"), "utf8"), "k=1\n");
  });

  test("edit_file refuses an ambiguous or missing old_string and leaves the file alone", async () => {
    fs.writeFileSync(ws("dup.txt"), "x\nx\n");
    const ambiguous = await call("edit_file", { path: "dup.txt", old_string: "x", new_string: "y" });
    assert.equal(ambiguous.isError, true);
    assert.match(ambiguous.text, /occurs 2 times/);
    const missing = await call("edit_file", { path: "dup.txt", old_string: "z", new_string: "y" });
    assert.match(missing.text, /not found/);
    assert.equal(fs.readFileSync(ws("dup.txt"), "utf8"), "x\nx\n");
  });

  test("attack: the target swapped for a symlink out after the decision (TOCTOU) is not written through", async () => {
    const victim = path.join(h.outside, "victim.txt");
    fs.writeFileSync(victim, "original\n");
    fs.writeFileSync(ws("target.txt"), "inside\n");
    h.mediator.whileDeciding = () => {
      fs.rmSync(ws("target.txt"));
      fs.symlinkSync(victim, ws("target.txt"));
    };
    const r = await call("write_file", { path: "target.txt", content: "pwned\n" });
    assert.equal(r.isError, true, r.text);
    assert.equal(fs.readFileSync(victim, "utf8"), "original\n");
    assert.equal(payloadOf(h.records("action.result").find((x) => x.seq === r.seq))["ok"], false);
  });

  test("attack: a parent directory swapped for a symlink out after the decision is not written through", async () => {
    fs.mkdirSync(ws("sub"));
    h.mediator.whileDeciding = () => {
      fs.renameSync(ws("sub"), ws("sub.old"));
      fs.symlinkSync(h.outside, ws("sub"));
    };
    const r = await call("write_file", { path: "sub/planted.txt", content: "pwned\n" });
    assert.equal(r.isError, true, r.text);
    assert.equal(fs.existsSync(path.join(h.outside, "planted.txt")), false);
  });

  test("ask: the human is shown the diff the write would make", async () => {
    fs.mkdirSync(ws("docs"));
    fs.writeFileSync(ws("docs/readme.md"), "old line\n");
    h.mediator.answer = () => true;
    const r = await call("write_file", { path: "docs/readme.md", content: "new line\n" });
    assert.equal(r.isError, false, r.text);
    const shown = h.mediator.described.at(-1)?.data;
    assert.equal(shown?.type, "diff");
    assert.match(shown?.type === "diff" ? shown.unified : "", /-old line\n\+new line/);
    h.mediator.answer = () => false;
    const refused = await call("write_file", { path: "docs/readme.md", content: "unapproved\n" });
    assert.equal(refused.isError, true);
    assert.equal(fs.readFileSync(ws("docs/readme.md"), "utf8"), "new line\n");
  });

  test("delete moves to Warden's trash; a human restores it; restoring never overwrites without being told to", async () => {
    fs.writeFileSync(ws("gone.txt"), "keep me\n");
    const r = await call("delete_path", { path: "gone.txt" });
    assert.equal(r.isError, false, r.text);
    assert.equal(fs.existsSync(ws("gone.txt")), false);
    const id = payloadOf(h.records("action.result").find((x) => x.seq === r.seq))["restoreId"];
    assert.ok(typeof id === "string" && /^del_[0-9a-f]{16}$/.test(id));
    assert.match(r.text, new RegExp(`warden restore ${id}`));
    assert.equal(fs.readFileSync(path.join(h.wardenHome, "trash", id, "item"), "utf8"), "keep me\n");
    assert.equal(h.broker.trashStore.get(id)?.agent, "tester");

    fs.writeFileSync(ws("gone.txt"), "a new file\n");
    const human = { type: "human" as const, id: "alice" };
    await assert.rejects(restoreFromTrash(h.broker, h.writer, human, id, false), (e: unknown) => e instanceof WardenError && e.code === "conflict");
    assert.equal(fs.readFileSync(ws("gone.txt"), "utf8"), "a new file\n");
    const done = await restoreFromTrash(h.broker, h.writer, human, id, true);
    assert.equal(done.restored, ws("gone.txt"));
    assert.equal(fs.readFileSync(ws("gone.txt"), "utf8"), "keep me\n");
    const restored = h.records("trash.restored").at(-1);
    const displaced = payloadOf(restored)["displacedId"];
    assert.ok(typeof displaced === "string", "what the restore replaced went to the trash too");
    assert.equal(fs.readFileSync(path.join(h.wardenHome, "trash", displaced, "item"), "utf8"), "a new file\n");
    assert.deepEqual(restored?.actor, human);
    await assert.rejects(restoreFromTrash(h.broker, h.writer, human, id, true), (e: unknown) => e instanceof WardenError && e.code === "conflict");
  });

  test("a directory is deleted only with recursive, and comes back whole", async () => {
    fs.mkdirSync(ws("tree/inner"), { recursive: true });
    fs.writeFileSync(ws("tree/inner/f.txt"), "f");
    const refused = await call("delete_path", { path: "tree" });
    assert.equal(refused.isError, true);
    assert.match(refused.text, /recursive/);
    const r = await call("delete_path", { path: "tree", recursive: true });
    assert.equal(r.isError, false, r.text);
    const id = payloadOf(h.records("action.result").find((x) => x.seq === r.seq))["restoreId"];
    assert.ok(typeof id === "string");
    await restoreFromTrash(h.broker, h.writer, { type: "human", id: "alice" }, id, false);
    assert.equal(fs.readFileSync(ws("tree/inner/f.txt"), "utf8"), "f");
  });

  test("attack: a restore cannot be redirected out of the workspace by a symlinked parent", async () => {
    fs.mkdirSync(ws("nest"));
    fs.writeFileSync(ws("nest/x.txt"), "x");
    const r = await call("delete_path", { path: "nest/x.txt" });
    const id = payloadOf(h.records("action.result").find((x) => x.seq === r.seq))["restoreId"];
    assert.ok(typeof id === "string");
    fs.rmSync(ws("nest"), { recursive: true });
    fs.symlinkSync(h.outside, ws("nest"));
    await assert.rejects(restoreFromTrash(h.broker, h.writer, { type: "human", id: "alice" }, id, false), (e: unknown) => e instanceof WardenError && e.code === "conflict");
    assert.equal(fs.existsSync(path.join(h.outside, "x.txt")), false);
  });

  test("attack: deleting the workspace root or Warden-protected paths is refused", async () => {
    for (const p of [".", ".warden", ".git/hooks/pre-commit"]) {
      const r = await call("delete_path", { path: p, recursive: true });
      assert.equal(r.isError, true, `${p}: ${r.text}`);
    }
    assert.ok(fs.existsSync(h.workspace));
  });
});

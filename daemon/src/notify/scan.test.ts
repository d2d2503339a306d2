import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { Actor } from "../../../protocol/src/audit";
import { AuditStore } from "../audit/store";
import { AuditWriter } from "../audit/writer";
import { QueueStore } from "./queue-store";
import { DEFAULT_RETRY, Routes, destinationKey } from "./routes";
import { ScanContext, ScanOutcome, scanJob } from "./scan";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wd-scan-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const dbPath = path.join(dir, "warden.db");
const headFile = path.join(dir, "audit-head.json");
const agent: Actor = { type: "agent", id: "builder" };
const spec = { id: "sec", type: "webhook" as const, url: "https://hooks.example.com/w", signingKeyFile: "/k/webhook.key" };
const routes: Routes = { destinations: [{ key: destinationKey(spec), spec }], owner: true, channels: ["#team"], retry: DEFAULT_RETRY };

function open(): { store: AuditStore; writer: AuditWriter; queue: QueueStore; skipped: number[]; scan: () => Promise<ScanOutcome> } {
  const store = AuditStore.openForWriting(dbPath);
  const writer = new AuditWriter(store, headFile, (err) => {
    throw err;
  });
  const queue = new QueueStore(store.connection);
  const skipped: number[] = [];
  const ctx: ScanContext = {
    store,
    queue,
    routes: (workspace) => {
      if (workspace === "/broken") throw new Error("policy lookup failed");
      return routes;
    },
    ownerOf: () => "alice",
    approvedAction: () => null,
    skipped: (seq) => skipped.push(seq),
  };
  const scan = async (): Promise<ScanOutcome> => {
    const outcome: ScanOutcome = { queued: 0, more: false, scannedTo: null };
    await writer.commit(scanJob(ctx, outcome));
    if (outcome.scannedTo !== null) queue.scannedPast(outcome.scannedTo);
    return outcome;
  };
  return { store, writer, queue, skipped, scan };
}

const denial = (target: string, workspace = "/projects/app") => ({
  actor: agent,
  workspace,
  kind: "action.decided",
  payload: { agent: "builder", decision: "deny", rule: "builtin:protected-path", actions: [{ kind: "file.write", target }] },
});
const harmless = { actor: agent, workspace: "/projects/app", kind: "action.decided", payload: { agent: "builder", decision: "allow", rule: "edit", actions: [] } };

test("the first scan starts at the head: history before notifications existed is not news", async () => {
  const { store, writer, queue, scan } = open();
  await writer.append([denial(".vscode/old.json")]);
  assert.equal(queue.cursor(), null);
  assert.deepEqual(await scan(), { queued: 0, more: false, scannedTo: null });
  assert.equal(queue.cursor(), store.head().seq);
  store.close();
});

test("a high-risk record is queued once per destination, with owner and channel; others are not queued", async () => {
  const { store, writer, queue, scan } = open();
  const [, bad] = await writer.append([harmless, denial(".vscode/settings.json")]);
  assert.equal((await scan()).queued, 1);
  const [row] = queue.due(new Date(Date.now() + 1000).toISOString(), 10).rows;
  assert.equal(row?.seq, bad?.seq);
  assert.deepEqual(row?.message.recipients, { owner: "alice", channels: ["#team"] });
  assert.equal(row?.message.record.hash, bad?.hash);
  store.close();
});

test("a crash between an event's commit and its scan loses nothing: the next daemon's scan queues it", async () => {
  const first = open();
  // Committed, and then the process "dies" before any scan ran.
  const [lost] = await first.writer.append([denial(".claude/settings.json")]);
  first.store.close();
  const second = open();
  assert.equal((await second.scan()).queued, 1);
  assert.equal(second.queue.countFor(lost?.seq ?? 0), 1);
  second.store.close();
});

test("scanning again from an older cursor queues nothing twice", async () => {
  const { store, queue, scan } = open();
  const before = queue.totals().pending;
  // Back to just after the history the first scan skipped: every later high-risk record is queued already.
  queue.setCursor(1);
  assert.equal((await scan()).queued, 0);
  assert.equal(queue.totals().pending, before);
  store.close();
});

test("a scan that shares a transaction with new records commits with them", async () => {
  const { store, writer, queue, scan } = open();
  const appended = writer.append([denial(".git/hooks/pre-commit")]);
  const scanned = scan();
  const [[record], outcome] = await Promise.all([appended, scanned]);
  assert.equal(outcome.queued, 1);
  assert.equal(queue.cursor(), record?.seq);
  store.close();
});

test("a record that cannot be processed is reported and skipped; later ones are still queued", async () => {
  const { store, writer, queue, skipped, scan } = open();
  const [broken, good] = await writer.append([denial("x", "/broken"), denial(".vscode/tasks.json")]);
  assert.equal((await scan()).queued, 1);
  assert.deepEqual(skipped, [broken?.seq]);
  assert.equal(queue.countFor(good?.seq ?? 0), 1);
  store.close();
});

test("a scan that queues nothing writes nothing (no extra fsync); a restart rescans from the stored cursor and queues nothing twice", async () => {
  const first = open();
  await first.scan();
  const stored = first.queue.storedCursor();
  const last = (await first.writer.append([harmless, harmless])).at(-1);
  const changesBefore = first.store.connection.prepare("SELECT total_changes()").pluck().get();
  assert.deepEqual(await first.scan(), { queued: 0, more: false, scannedTo: last?.seq ?? -1 });
  assert.equal(first.store.connection.prepare("SELECT total_changes()").pluck().get(), changesBefore, "the scan changed no row");
  assert.equal(first.queue.storedCursor(), stored);
  assert.equal(first.queue.cursor(), last?.seq);
  const pending = first.queue.totals().pending;
  first.store.close();
  const second = open();
  assert.equal(second.queue.cursor(), stored, "a new daemon starts from what was stored");
  assert.equal((await second.scan()).queued, 0);
  assert.equal(second.queue.totals().pending, pending);
  second.store.close();
});

test("a queued row that no longer reads back is set apart with the reason, and the others are still due", async () => {
  const { store, writer, queue, scan } = open();
  const [a, b] = await writer.append([denial(".vscode/a.json"), denial(".vscode/b.json")]);
  await scan();
  store.connection.prepare("UPDATE notify_queue SET dest = '{\"type\":\"carrier-pigeon\"}' WHERE seq = ?").run(a?.seq ?? 0);
  const { rows, unreadable } = queue.due(new Date(Date.now() + 1000).toISOString(), 100);
  assert.ok(rows.some((r) => r.seq === b?.seq));
  assert.equal(rows.some((r) => r.seq === a?.seq), false);
  assert.equal(unreadable.length, 1);
  assert.match(unreadable[0]?.error ?? "", /cannot be sent: notify_queue holds a destination that no longer validates/);
  store.close();
});

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import Database from "better-sqlite3";
import { Actor, GENESIS_HASH } from "../../../protocol/src/audit";
import { hashRow } from "./chain";
import { readHeadFile, writeHeadFile } from "./head-file";
import { AuditStore, NewEvent } from "./store";
import { AuditWriter } from "./writer";

const human: Actor = { type: "human", id: "alice" };
const agent: Actor = { type: "agent", id: "claude-1" };

function events(n: number, actor: Actor = human): NewEvent[] {
  return Array.from({ length: n }, (_, i) => ({ actor, workspace: "/w", kind: "file.write", payload: { path: `src/${i}.ts`, bytes: i } }));
}

describe("audit store: hash chain", () => {
  let dir: string;
  let dbPath: string;
  let headFile: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "wd-store-"));
    dbPath = path.join(dir, "warden.db");
    headFile = path.join(dir, "audit-head.json");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Writes `n` records through the real writer (which maintains the head anchor). */
  async function seed(n: number): Promise<void> {
    const store = AuditStore.openForWriting(dbPath);
    const writer = new AuditWriter(store, headFile, (err) => {
      throw err;
    });
    await writer.append(events(n));
    store.close();
  }

  function verify(): ReturnType<AuditStore["verify"]> {
    const store = AuditStore.openForReading(dbPath);
    try {
      return store.verify(headFile);
    } finally {
      store.close();
    }
  }

  /** Opens the database file the way an attacker with file access would, triggers dropped. */
  function tamper(sql: string, ...args: unknown[]): void {
    const db = new Database(dbPath);
    db.exec("DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;");
    db.prepare(sql).run(...args);
    db.close();
  }

  test("records chain from the genesis hash and verify", async () => {
    await seed(100);
    const store = AuditStore.openForReading(dbPath);
    const all = store.query({}, 1000);
    store.close();
    assert.equal(all.length, 100);
    assert.equal(all[0]?.prevHash, GENESIS_HASH);
    for (let i = 1; i < all.length; i++) assert.equal(all[i]?.prevHash, all[i - 1]?.hash);
    const report = verify();
    assert.equal(report.ok, true);
    assert.equal(report.checked, 100);
    assert.equal(report.headSeq, 100);
    assert.equal(report.headHash, all[99]?.hash);
    const anchor = readHeadFile(headFile);
    assert.equal(anchor.state === "ok" && anchor.head.seq, 100);
  });

  test("the database itself refuses updates and deletes (triggers)", async () => {
    await seed(3);
    const db = new Database(dbPath);
    assert.throws(() => db.prepare("UPDATE audit SET payload = '{}' WHERE seq = 2").run(), /append-only/);
    assert.throws(() => db.prepare("DELETE FROM audit WHERE seq = 3").run(), /append-only/);
    db.close();
    assert.equal(verify().ok, true);
  });

  test("attack: an edited payload is caught at that record", async () => {
    await seed(50);
    tamper("UPDATE audit SET payload = ? WHERE seq = 17", JSON.stringify({ path: "src/innocent.ts", bytes: 0 }));
    const report = verify();
    assert.equal(report.ok, false);
    assert.equal(report.firstBadSeq, 17);
    assert.match(report.problem ?? "", /record 17 was altered/);
  });

  test("attack: an edited record with a recomputed hash is caught at the next record", async () => {
    await seed(50);
    const db = new Database(dbPath);
    db.exec("DROP TRIGGER audit_no_update;");
    const row: unknown = db.prepare("SELECT ts, actor_type, prev_hash FROM audit WHERE seq = 20").raw(true).get();
    const [ts, actorType, prevHash] = Array.isArray(row) ? row.map(String) : [];
    const newHash = hashRow({
      seq: 20,
      ts: ts ?? "",
      actorType: actorType ?? "",
      actorId: "bob",
      workspace: "/w",
      kind: "file.write",
      payload: "{}",
      prevHash: prevHash ?? "",
    });
    db.prepare("UPDATE audit SET actor_id = 'bob', payload = '{}', hash = ? WHERE seq = 20").run(newHash);
    db.close();
    const report = verify();
    assert.equal(report.ok, false);
    assert.equal(report.firstBadSeq, 21);
    assert.match(report.problem ?? "", /does not chain/);
  });

  test("attack: a deleted record in the middle is caught, naming the missing seq", async () => {
    await seed(50);
    tamper("DELETE FROM audit WHERE seq = 30");
    const report = verify();
    assert.equal(report.ok, false);
    assert.equal(report.firstBadSeq, 30);
    assert.match(report.problem ?? "", /record 30 is missing/);
  });

  test("attack: reordered records are caught at the first moved one", async () => {
    await seed(50);
    // Swap the contents of records 10 and 11, keeping their seq numbers in place.
    const db = new Database(dbPath);
    db.exec("DROP TRIGGER audit_no_update;");
    db.exec(`
      UPDATE audit SET seq = -1 WHERE seq = 10;
      UPDATE audit SET seq = 10 WHERE seq = 11;
      UPDATE audit SET seq = 11 WHERE seq = -1;`);
    db.close();
    const report = verify();
    assert.equal(report.ok, false);
    assert.equal(report.firstBadSeq, 10);
  });

  test("attack: records cut off the end are caught by the head anchor", async () => {
    await seed(50);
    tamper("DELETE FROM audit WHERE seq > 45");
    const report = verify();
    assert.equal(report.ok, false);
    assert.equal(report.firstBadSeq, 46);
    assert.match(report.problem ?? "", /records 46\.\.50 are missing/);
  });

  test("attack: a chain rewritten from the middle to the end is caught by the head anchor", async () => {
    await seed(20);
    const db = new Database(dbPath);
    db.exec("DROP TRIGGER audit_no_update;");
    const rows = db.prepare("SELECT seq, ts, actor_type, actor_id, workspace, kind, payload, prev_hash FROM audit WHERE seq >= 15 ORDER BY seq").raw(true).all();
    let prev = String(db.prepare("SELECT hash FROM audit WHERE seq = 14").pluck().get());
    for (const r of rows) {
      const [seq, ts, actorType, , workspace, kind] = Array.isArray(r) ? r.map(String) : [];
      const fields = { seq: Number(seq), ts: ts ?? "", actorType: actorType ?? "", actorId: "mallory", workspace: workspace ?? null, kind: kind ?? "", payload: "{}", prevHash: prev };
      const hash = hashRow(fields);
      db.prepare("UPDATE audit SET actor_id = 'mallory', payload = '{}', prev_hash = ?, hash = ? WHERE seq = ?").run(prev, hash, fields.seq);
      prev = hash;
    }
    db.close();
    const report = verify();
    assert.equal(report.ok, false);
    assert.equal(report.firstBadSeq, 20);
    assert.match(report.problem ?? "", /head anchor/);
  });

  test("a missing or unreadable head anchor fails verification of a non-empty log", async () => {
    await seed(5);
    fs.rmSync(headFile);
    assert.match(verify().problem ?? "", /anchor .* is missing/);
    fs.writeFileSync(headFile, "{not json");
    assert.match(verify().problem ?? "", /unreadable/);
  });

  test("an empty log verifies", () => {
    AuditStore.openForWriting(dbPath).close();
    const report = verify();
    assert.equal(report.ok, true);
    assert.equal(report.checked, 0);
  });

  test("the head survives reopening, and new records chain to it", async () => {
    await seed(10);
    await seed(10);
    const report = verify();
    assert.equal(report.ok, true);
    assert.equal(report.headSeq, 20);
  });

  test("query filters by actor, kind prefix, fromSeq and workspace", async () => {
    const store = AuditStore.openForWriting(dbPath);
    const writer = new AuditWriter(store, headFile, () => undefined);
    await writer.append([
      ...events(3, human),
      { actor: agent, workspace: "/other", kind: "shell.exec", payload: { cmd: "ls" } },
      { actor: agent, workspace: "/w", kind: "file_x.read", payload: {} },
    ]);
    assert.deepEqual(store.query({ actorType: "agent" }).map((r) => r.seq), [4, 5]);
    assert.deepEqual(store.query({ kinds: ["file.*"] }).map((r) => r.seq), [1, 2, 3]);
    assert.deepEqual(store.query({ kinds: ["shell.exec", "file_x.read"] }).map((r) => r.seq), [4, 5]);
    assert.deepEqual(store.query({ workspace: "/other" }).map((r) => r.seq), [4]);
    assert.deepEqual(store.query({ fromSeq: 3 }, 2).map((r) => r.seq), [3, 4]);
    assert.deepEqual(store.query({}, 2, "desc").map((r) => r.seq), [5, 4]);
    assert.deepEqual([...store.iterate({ actorId: "claude-1" })].map((r) => r.seq), [4, 5]);
    store.close();
  });

  test("a failed commit appends nothing and answers every waiting caller with audit_write_failed", async () => {
    const store = AuditStore.openForWriting(dbPath);
    const errors: unknown[] = [];
    const writer = new AuditWriter(store, headFile, (err) => errors.push(err));
    await writer.append(events(2));
    // Another connection holds the write lock, as a second process would: the commit must fail.
    const blocker = new Database(dbPath);
    blocker.pragma("busy_timeout = 0");
    blocker.exec("BEGIN IMMEDIATE");
    const lockedStore = store;
    lockedStore.setBusyTimeout(0);
    const results = await Promise.allSettled([writer.append(events(1)), writer.append(events(1))]);
    blocker.exec("ROLLBACK");
    blocker.close();
    for (const r of results) {
      assert.equal(r.status, "rejected");
      assert.equal(r.status === "rejected" && r.reason instanceof Error && "code" in r.reason ? r.reason.code : null, "audit_write_failed");
    }
    assert.ok(errors.length >= 1, "the database failure was reported");
    assert.equal(store.head().seq, 2);
    await writer.append(events(1));
    assert.equal(store.head().seq, 3);
    store.close();
    assert.equal(verify().ok, true);
  });

  test("a job's state change and its records commit together; a failing job fails alone", async () => {
    const store = AuditStore.openForWriting(dbPath);
    store.connection.exec("CREATE TABLE IF NOT EXISTS things (name TEXT PRIMARY KEY)");
    const writer = new AuditWriter(store, headFile, () => undefined);
    const add = (name: string) =>
      writer.commit({
        mutate: (db) => void db.prepare("INSERT INTO things (name) VALUES (?)").run(name),
        events: [{ actor: human, workspace: null, kind: "thing.added", payload: { name } }],
      });
    const failingAfterChange = writer.commit({
      mutate: (db) => void db.prepare("INSERT INTO things (name) VALUES ('ghost')").run(),
      events: () => {
        throw new Error("cannot describe it");
      },
    });
    // Same turn of the event loop: one transaction, four jobs, one duplicate.
    const results = await Promise.allSettled([add("a"), add("b"), add("a"), failingAfterChange]);
    assert.deepEqual(results.map((r) => r.status), ["fulfilled", "fulfilled", "rejected", "rejected"]);
    const names = store.connection.prepare("SELECT name FROM things ORDER BY name").pluck().all();
    assert.deepEqual(names, ["a", "b"], "the failed jobs left no state behind");
    assert.deepEqual(store.query({ kinds: ["thing.added"] }).map((r) => r.payload), [{ name: "a" }, { name: "b" }]);
    store.close();
    assert.equal(verify().ok, true, "the chain stays continuous across failed jobs");
  });

  test("writeHeadFile replaces atomically and readHeadFile rejects junk", () => {
    writeHeadFile(headFile, { seq: 3, hash: "a".repeat(64), ts: new Date().toISOString() });
    assert.equal(readHeadFile(headFile).state, "ok");
    fs.writeFileSync(headFile, JSON.stringify({ seq: -1, hash: "x", ts: "now" }));
    assert.equal(readHeadFile(headFile).state, "corrupt");
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp")), []);
  });
});

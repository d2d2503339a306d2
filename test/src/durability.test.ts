import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import Database from "better-sqlite3";
import { AuditStore } from "../../daemon/src/audit/store";
import { TempWarden } from "./helpers/warden-home";

/**
 * Acknowledged means durable: kill -9 the daemon while a client streams appends,
 * and every record the client was told about must be there after a restart, with
 * the chain intact.
 */
describe("durability across kill -9", () => {
  const w = new TempWarden();
  after(() => w.cleanup());

  test("every acknowledged event survives, and the chain verifies after restart", async () => {
    const pid = await w.start();
    const client = await w.connect();
    const acked = new Map<number, number>(); // seq → n
    let sent = 0;
    let killed = false;
    const KILL_AFTER = 3000;
    const IN_FLIGHT = 64;

    const worker = async (): Promise<void> => {
      while (!killed || sent < KILL_AFTER) {
        const n = sent++;
        try {
          const { lastSeq } = await client.request("audit/append", { events: [{ kind: "test.stream", payload: { n, filler: "x".repeat(64) } }] });
          acked.set(lastSeq, n);
        } catch {
          return; // the daemon died: unacknowledged, may or may not be stored
        }
        if (acked.size >= KILL_AFTER && !killed) {
          killed = true;
          process.kill(pid, "SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
    assert.ok(killed, "the daemon was killed mid-stream");
    assert.ok(acked.size >= KILL_AFTER, `acknowledged ${acked.size}`);

    // A second start finds the stale pid file and socket and takes over.
    const status = await w.cli(["daemon", "status"]);
    assert.equal(status.code, 3, status.stdout + status.stderr);
    await w.start();

    const store = AuditStore.openForReading(w.paths.db);
    try {
      for (const [seq, n] of acked) {
        const [record] = store.query({ fromSeq: seq }, 1);
        assert.equal(record?.seq, seq, `acknowledged record ${seq} is missing`);
        assert.deepEqual(record.payload, { n, filler: "x".repeat(64) }, `record ${seq} changed`);
      }
    } finally {
      store.close();
    }
    const verify = await w.cli(["audit", "verify", "--json"]);
    assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    const report: unknown = JSON.parse(verify.stdout);
    assert.ok(typeof report === "object" && report !== null && "ok" in report && report.ok === true);
  });

  test("the CLI's verify exits 5 and names the first bad record after a direct edit of the file", async () => {
    const db = new Database(w.paths.db);
    db.exec("DROP TRIGGER audit_no_update");
    db.prepare("UPDATE audit SET payload = '{\"n\":-1}' WHERE seq = 1234").run();
    db.close();
    const r = await w.cli(["audit", "verify"]);
    assert.equal(r.code, 5);
    assert.match(r.stdout, /BROKEN at record 1234: record 1234 was altered/);
  });
});

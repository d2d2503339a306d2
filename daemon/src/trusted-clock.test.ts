import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { AuditStore } from "./audit/store";
import { TrustedClock } from "./trusted-clock";

const HOUR = 3_600_000;

/** A wall clock and a monotonic clock the test moves by hand. */
function clocks(startWall: number): { wall: { ms: number }; mono: { ms: number }; clock: (floor?: number) => TrustedClock } {
  const wall = { ms: startWall };
  const mono = { ms: 1_000 };
  return {
    wall,
    mono,
    clock: (floor = 0) => new TrustedClock(floor, () => wall.ms, () => mono.ms),
  };
}

describe("trusted clock: time that never runs backwards", () => {
  test("follows the wall clock while it runs forward, jumps included", () => {
    const { wall, mono, clock } = clocks(Date.parse("2026-11-26T10:00:00Z"));
    const c = clock();
    assert.equal(c.now().getTime(), wall.ms);
    wall.ms += 2 * HOUR;
    mono.ms += 10;
    // A forward jump is followed: anything expiring in between expires early, which fails closed.
    assert.equal(c.now().getTime(), wall.ms);
  });

  test("attack: the wall clock set back does not take the clock with it", () => {
    const start = Date.parse("2026-11-26T10:00:00Z");
    const { wall, mono, clock } = clocks(start);
    const c = clock();
    c.now();
    wall.ms = start - 24 * HOUR;
    mono.ms += 5_000;
    // Carried on from the latest time seen, at the monotonic clock's pace.
    assert.equal(c.now().getTime(), start + 5_000);
    // Once the wall clock overtakes it again, the wall clock is followed again.
    wall.ms = start + HOUR;
    mono.ms += 5_000;
    assert.equal(c.now().getTime(), start + HOUR);
  });

  test("attack: a restart with the clock set back starts from the floor it was given", () => {
    const latestSeen = Date.parse("2026-11-26T12:00:00Z");
    const { wall, mono, clock } = clocks(Date.parse("2026-11-25T12:00:00Z"));
    const c = clock(latestSeen);
    assert.equal(c.now().getTime(), latestSeen);
    mono.ms += 1_000;
    wall.ms += 1_000;
    assert.equal(c.now().getTime(), latestSeen + 1_000);
  });
});

describe("audit store: its clock carries the latest time across a restart", () => {
  test("attack: a record stamped late, the daemon restarted with the clock back", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wd-clock-"));
    try {
      const dbPath = path.join(dir, "warden.db");
      const late = new Date(Date.now() + 2 * HOUR);
      const first = AuditStore.openForWriting(dbPath);
      first.appendBatch([{ actor: { type: "daemon", id: "warden" }, workspace: null, kind: "token.refused", payload: { code: "token_expired" } }], late);
      first.close();

      // The wall clock (now) is 2 hours behind the latest record: the reopened store's clock is not.
      const second = AuditStore.openForWriting(dbPath);
      try {
        assert.ok(second.clock.now().getTime() >= late.getTime(), "the clock starts no earlier than the latest record");
        // And new records are stamped with it, so the log's times stay in order.
        const [record] = second.appendBatch([{ actor: { type: "daemon", id: "warden" }, workspace: null, kind: "daemon.started", payload: {} }]);
        assert.ok(record !== undefined && Date.parse(record.ts) >= late.getTime(), `stamped ${record?.ts}, before ${late.toISOString()}`);
      } finally {
        second.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { AuditFilter, AuditRecord, GENESIS_HASH, auditFilter, auditRecord, eventKind, matchesFilter } from "./audit";

const baseRecord: AuditRecord = {
  seq: 10,
  ts: "2025-06-01T12:00:00.000Z",
  actor: { type: "agent", id: "claude-1" },
  workspace: "/home/u/proj",
  kind: "file.write",
  payload: { path: "src/a.ts" },
  prevHash: GENESIS_HASH,
  hash: "ab".repeat(32),
};

function record(overrides: Partial<AuditRecord>): AuditRecord {
  return auditRecord.parse({ ...baseRecord, ...overrides });
}

/** Checks the filter is valid per the schema before using it, so tests cannot use filters the daemon would refuse. */
function matches(rec: AuditRecord, filter: AuditFilter): boolean {
  return matchesFilter(rec, auditFilter.parse(filter));
}

describe("matchesFilter", () => {
  test("an empty filter matches everything", () => {
    assert.equal(matches(baseRecord, {}), true);
  });

  test("kinds: exact names", () => {
    assert.equal(matches(baseRecord, { kinds: ["file.write"] }), true);
    assert.equal(matches(baseRecord, { kinds: ["file.read"] }), false);
    assert.equal(matches(baseRecord, { kinds: ["file.read", "file.write"] }), true);
    assert.equal(matches(record({ kind: "file.write.partial" }), { kinds: ["file.write"] }), false);
  });

  test("kinds: the prefix 'file.*' matches kinds under file. only", () => {
    const filter = { kinds: ["file.*"] };
    assert.equal(matches(record({ kind: "file.write" }), filter), true);
    assert.equal(matches(record({ kind: "file.write.partial" }), filter), true);
    assert.equal(matches(record({ kind: "filex.write" }), filter), false);
    assert.equal(matches(record({ kind: "afile.write" }), filter), false);
    assert.equal(matches(record({ kind: "daemon.started" }), filter), false);
    // "file" itself is not a valid kind, so check the matcher directly with an unparsed record.
    assert.equal(matchesFilter({ ...baseRecord, kind: "file" }, filter), false);
  });

  test("kinds: multi-level prefixes", () => {
    assert.equal(matches(record({ kind: "agent.tool.call" }), { kinds: ["agent.tool.*"] }), true);
    assert.equal(matches(record({ kind: "agent.started" }), { kinds: ["agent.tool.*"] }), false);
  });

  test("kinds: an empty list is refused by the schema (the database and the live filter must never disagree on it)", () => {
    assert.equal(auditFilter.safeParse({ kinds: [] }).success, false);
  });

  test("actorType", () => {
    assert.equal(matches(baseRecord, { actorType: "agent" }), true);
    assert.equal(matches(baseRecord, { actorType: "human" }), false);
    assert.equal(matches(record({ actor: { type: "daemon", id: "warden" } }), { actorType: "daemon" }), true);
  });

  test("actorId", () => {
    assert.equal(matches(baseRecord, { actorId: "claude-1" }), true);
    assert.equal(matches(baseRecord, { actorId: "claude-2" }), false);
    assert.equal(matches(baseRecord, { actorId: "claude" }), false);
  });

  test("workspace", () => {
    assert.equal(matches(baseRecord, { workspace: "/home/u/proj" }), true);
    assert.equal(matches(baseRecord, { workspace: "/home/u" }), false);
    assert.equal(matches(record({ workspace: null }), { workspace: "/home/u/proj" }), false);
  });

  test("fromSeq is inclusive", () => {
    assert.equal(matches(baseRecord, { fromSeq: 9 }), true);
    assert.equal(matches(baseRecord, { fromSeq: 10 }), true);
    assert.equal(matches(baseRecord, { fromSeq: 11 }), false);
  });

  test("since is inclusive and compares instants, not strings", () => {
    assert.equal(matches(baseRecord, { since: "2025-06-01T11:59:59.999Z" }), true);
    assert.equal(matches(baseRecord, { since: "2025-06-01T12:00:00.000Z" }), true);
    assert.equal(matches(baseRecord, { since: "2025-06-01T12:00:00Z" }), true);
    assert.equal(matches(baseRecord, { since: "2025-06-01T12:00:00.001Z" }), false);
    // String order would say "…T12:00:00Z" > "…T12:00:00.5Z"; time order says the opposite.
    assert.equal(matches(record({ ts: "2025-06-01T12:00:00.5Z" }), { since: "2025-06-01T12:00:00Z" }), true);
  });

  test("a combination matches only when every field matches", () => {
    const all: AuditFilter = {
      kinds: ["file.*"],
      actorType: "agent",
      actorId: "claude-1",
      workspace: "/home/u/proj",
      fromSeq: 10,
      since: "2025-06-01T00:00:00Z",
    };
    assert.equal(matches(baseRecord, all), true);
    const oneWrong: AuditFilter[] = [
      { ...all, kinds: ["daemon.*"] },
      { ...all, actorType: "human" },
      { ...all, actorId: "other" },
      { ...all, workspace: "/elsewhere" },
      { ...all, fromSeq: 11 },
      { ...all, since: "2025-06-02T00:00:00Z" },
    ];
    for (const filter of oneWrong) assert.equal(matches(baseRecord, filter), false, JSON.stringify(filter));
  });
});

describe("schemas", () => {
  test("eventKind accepts dotted lower-case names only", () => {
    for (const kind of ["file.write", "daemon.started", "agent.tool_call.v2", "a.b"]) {
      assert.equal(eventKind.safeParse(kind).success, true, kind);
    }
    for (const kind of ["File.Write", "nodot", "a..b", ".a.b", "a.b.", "1a.b", "a.1b", "a-b.c", "", `a.${"b".repeat(127)}`]) {
      assert.equal(eventKind.safeParse(kind).success, false, kind);
    }
  });

  test("auditFilter accepts kind prefixes ending in .* and refuses other wildcards", () => {
    assert.equal(auditFilter.safeParse({ kinds: ["file.*", "agent.tool.*", "file.write"] }).success, true);
    for (const kind of ["*", "file*", "File.*", "file.*.write", ".*"]) {
      assert.equal(auditFilter.safeParse({ kinds: [kind] }).success, false, kind);
    }
    assert.equal(auditFilter.safeParse({ kinds: Array.from({ length: 65 }, () => "a.b") }).success, false);
    assert.equal(auditFilter.safeParse({ fromSeq: 0 }).success, false);
    assert.equal(auditFilter.safeParse({ since: "yesterday" }).success, false);
    assert.equal(auditFilter.safeParse({ actorType: "robot" }).success, false);
    assert.equal(auditFilter.safeParse({ extra: 1 }).success, false);
  });

  test("auditRecord refuses bad hashes, seq 0 and extra fields", () => {
    assert.deepEqual(auditRecord.parse(baseRecord), baseRecord);
    assert.equal(auditRecord.safeParse({ ...baseRecord, hash: "AB".repeat(32) }).success, false);
    assert.equal(auditRecord.safeParse({ ...baseRecord, prevHash: "0".repeat(63) }).success, false);
    assert.equal(auditRecord.safeParse({ ...baseRecord, seq: 0 }).success, false);
    assert.equal(auditRecord.safeParse({ ...baseRecord, extra: true }).success, false);
    assert.equal(GENESIS_HASH, "0".repeat(64));
  });
});

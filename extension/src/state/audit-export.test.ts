import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { AuditRecord, GENESIS_HASH } from "../../../protocol/src/audit";
import { WardenError } from "../../../protocol/src/errors";
import { FakeDaemon, queryOver, statusResult } from "../test-support/fake-daemon";
import { ExportSink, exportAuditLog } from "./audit-export";
import { writeExportFile } from "./export-file";

/** A linked chain (the hashes are stand-ins: the export checks links, the daemon checks hashes). */
function chain(count: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const hash = createHash("sha256").update(`${seq}:${prev}`).digest("hex");
    records.push({ seq, ts: new Date(1_700_000_000_000 + seq).toISOString(), actor: { type: "agent", id: "builder" }, workspace: "/projects/app", kind: "action.decided", payload: { n: seq }, prevHash: prev, hash });
    prev = hash;
  }
  return records;
}

function memorySink(): ExportSink & { text: string } {
  const sink = { text: "", write: (t: string) => Promise.resolve(void (sink.text += t)) };
  return sink;
}

describe("audit export", () => {
  test("pages from seq 1 by the last seq, through short pages (the byte limit), up to the head seen at the start", async () => {
    const records = chain(25);
    let head = 23;
    const query = queryOver(() => records);
    const daemon = new FakeDaemon({
      "daemon/status": () => statusResult(head),
      // At most 4 per page whatever the limit, as when pages stop under MAX_PAGE_BYTES.
      "audit/query": (p) => {
        head = 25; // records keep arriving during the export
        const r = query({ ...p, limit: 4 });
        return r;
      },
    });
    const sink = memorySink();
    const progress: number[] = [];
    const result = await exportAuditLog(daemon.connect(), sink, { onProgress: (n) => progress.push(n) });
    const lines = sink.text.trimEnd().split("\n").map((l): unknown => JSON.parse(l));
    assert.equal(lines.length, 23);
    assert.deepEqual(lines[22], records[22]);
    assert.deepEqual(result, { records: 23, headSeq: 23, lastHash: records[22]?.hash });
    assert.deepEqual(progress, [4, 8, 12, 16, 20, 23]);
    const froms = daemon.requests.filter((r) => r.method === "audit/query").map((r) => JSON.stringify(r.params["filter"]));
    assert.deepEqual(froms, [1, 5, 9, 13, 17, 21].map((n) => JSON.stringify({ fromSeq: n })));
  });

  test("fails closed on a missing record or a record that does not link, naming it", async () => {
    const gap = chain(10).filter((r) => r.seq !== 6);
    const daemon = new FakeDaemon({ "daemon/status": () => statusResult(10), "audit/query": queryOver(() => gap) });
    await assert.rejects(exportAuditLog(daemon.connect(), memorySink()), (err: unknown) => err instanceof WardenError && err.code === "chain_broken" && err.message.includes("record #6 is missing"));
    const forged = chain(10).map((r) => (r.seq === 7 ? { ...r, prevHash: "f".repeat(64) } : r));
    const daemon2 = new FakeDaemon({ "daemon/status": () => statusResult(10), "audit/query": queryOver(() => forged) });
    await assert.rejects(exportAuditLog(daemon2.connect(), memorySink()), /record #7 does not link to record #6/);
    const short = new FakeDaemon({ "daemon/status": () => statusResult(12), "audit/query": queryOver(() => chain(10)) });
    await assert.rejects(exportAuditLog(short.connect(), memorySink()), /no records from #11, though its head was #12/);
  });

  test("stops when cancelled", async () => {
    const daemon = new FakeDaemon({ "daemon/status": () => statusResult(30), "audit/query": (p) => queryOver(() => chain(30))({ ...p, limit: 10 }) });
    let pages = 0;
    await assert.rejects(exportAuditLog(daemon.connect(), memorySink(), { isCancelled: () => pages++ >= 1 }), /cancelled after 10 of 30 records/);
  });
});

describe("export file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wd-export-"));

  test("appears only when complete, with mode 0600; a failed export leaves nothing behind", async () => {
    const target = path.join(dir, "ok.jsonl");
    await writeExportFile(target, false, async (sink) => {
      await sink.write("a\n");
      assert.equal(fs.existsSync(target), false, "not visible while being written");
      await sink.write("b\n");
    });
    assert.equal(fs.readFileSync(target, "utf8"), "a\nb\n");
    assert.equal(fs.statSync(target).mode & 0o777, 0o600);
    const failed = path.join(dir, "failed.jsonl");
    await assert.rejects(writeExportFile(failed, false, async (sink) => {
      await sink.write("partial\n");
      throw new Error("daemon went away");
    }), /daemon went away/);
    assert.deepEqual(fs.readdirSync(dir), ["ok.jsonl"], "no partial or temporary file is left");
  });

  test("never replaces a file unless the human confirmed it; refuses relative paths", async () => {
    const target = path.join(dir, "ok.jsonl");
    await assert.rejects(writeExportFile(target, false, () => Promise.resolve()), (err: unknown) => err instanceof WardenError && err.code === "already_exists");
    assert.equal(fs.readFileSync(target, "utf8"), "a\nb\n");
    await writeExportFile(target, true, (sink) => sink.write("new\n"));
    assert.equal(fs.readFileSync(target, "utf8"), "new\n");
    await assert.rejects(writeExportFile("relative.jsonl", false, () => Promise.resolve()), /must be an absolute path/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

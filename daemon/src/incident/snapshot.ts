import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { AuditStore } from "../audit/store";
import { writeHeadFile } from "../audit/head-file";

export interface Snapshot {
  folder: string;
  headSeq: number;
  headHash: string;
  verified: boolean;
}

/**
 * Evidence for an incident: an online copy of the whole database (audit log, agents,
 * approvals) taken with SQLite's backup API while the daemon keeps running, its
 * head anchored beside it, the copy's chain verified, and a manifest with the
 * files' digests. Folders are 0700 in Warden's state, out of every agent's reach.
 */
export async function snapshotEvidence(db: Database.Database, incidentsDir: string, label: string, manifest: Record<string, unknown>): Promise<Snapshot> {
  fs.mkdirSync(incidentsDir, { recursive: true, mode: 0o700 });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const folder = path.join(incidentsDir, `${stamp}-${label}`);
  fs.mkdirSync(folder, { mode: 0o700 });
  const copy = path.join(folder, "warden.db");
  await db.backup(copy);
  fs.chmodSync(copy, 0o600);
  const store = AuditStore.openForReading(copy);
  let head;
  let report;
  try {
    head = store.head();
    const anchor = path.join(folder, "audit-head.json");
    writeHeadFile(anchor, { seq: head.seq, hash: head.hash, ts: new Date().toISOString() });
    report = store.verify(anchor);
  } finally {
    store.close();
  }
  const files = ["warden.db", "audit-head.json"].map((name) => ({ name, sha256: sha256File(path.join(folder, name)) }));
  const body = { ...manifest, takenAt: new Date().toISOString(), headSeq: head.seq, headHash: head.hash, verified: report.ok, verifyProblem: report.problem, files };
  fs.writeFileSync(path.join(folder, "manifest.json"), `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  return { folder, headSeq: head.seq, headHash: head.hash, verified: report.ok };
}

function sha256File(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

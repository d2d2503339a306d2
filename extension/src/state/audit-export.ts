import { GENESIS_HASH } from "../../../protocol/src/audit";
import { WardenClient } from "../../../protocol/src/client";
import { WardenError } from "../../../protocol/src/errors";
import { MAX_QUERY_LIMIT } from "../../../protocol/src/limits";

/** Where exported lines go; `write` resolves when the sink can take more (backpressure). */
export interface ExportSink {
  write(text: string): Promise<void>;
}

export interface ExportOptions {
  /** After each page: records written so far, and the head the export runs to. */
  onProgress?(exported: number, headSeq: number): void;
  isCancelled?(): boolean;
  /** Records asked for per page (the daemon may return fewer: a page stops under MAX_PAGE_BYTES). */
  pageLimit?: number;
  timeoutMs?: number;
}

export interface ExportResult {
  records: number;
  /** The head when the export started: the file holds #1 to here, nothing later. */
  headSeq: number;
  /** The last record's hash: equal to the daemon's verified head hash, the file is the whole chain. */
  lastHash: string;
}

/**
 * Streams the whole audit log, oldest first, as JSON lines: pages of `audit/query`
 * from seq 1, each continuing after the last seq of the one before (a page may
 * stop early under the daemon's byte limit, so a short page is not the end).
 * It stops at the head seen when it started, so the file is one consistent prefix
 * of the chain. Fails closed: a gap in the seqs or a record that does not link to
 * the one before stops the export with an error naming the record, rather than
 * writing a file that looks whole and is not.
 */
export async function exportAuditLog(client: WardenClient, sink: ExportSink, options: ExportOptions = {}): Promise<ExportResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const { audit } = await client.request("daemon/status", {}, { timeoutMs });
  const headSeq = audit.headSeq;
  let expected = 1;
  let prevHash = GENESIS_HASH;
  while (expected <= headSeq) {
    if (options.isCancelled?.() === true) throw new WardenError("timeout", `export cancelled after ${expected - 1} of ${headSeq} records`);
    const { records } = await client.request("audit/query", { filter: { fromSeq: expected }, order: "asc", limit: options.pageLimit ?? MAX_QUERY_LIMIT }, { timeoutMs });
    if (records.length === 0) throw new WardenError("not_found", `the daemon returned no records from #${expected}, though its head was #${headSeq} when the export started`);
    let text = "";
    for (const r of records) {
      if (r.seq > headSeq) break;
      if (r.seq !== expected) throw new WardenError("chain_broken", `record #${expected} is missing from the log (the next one is #${r.seq}); run 'warden audit verify'`);
      if (r.prevHash !== prevHash) throw new WardenError("chain_broken", `record #${r.seq} does not link to record #${r.seq - 1} (its prevHash differs); run 'warden audit verify'`);
      text += `${JSON.stringify(r)}\n`;
      prevHash = r.hash;
      expected++;
    }
    await sink.write(text);
    options.onProgress?.(expected - 1, headSeq);
  }
  return { records: headSeq, headSeq, lastHash: prevHash };
}

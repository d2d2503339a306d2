import path from "node:path";
import { performance } from "node:perf_hooks";
import { Actor } from "../../../protocol/src/audit";
import { AuditStore, NewEvent } from "../../../daemon/src/audit/store";
import { AppendFigure } from "./append-figure";
import { ownCpuSeconds } from "./process-cpu";
import { AppendEvent } from "./workload";

const BENCH_ACTOR: Actor = { type: "human", id: "bench" };

/**
 * The same events through `AuditStore.appendBatch` in this process, `txnRows` per
 * transaction, into a fresh store opened as the daemon opens its own (so with the
 * shipped pragmas). Hashing, chaining, insert and commit are all in; socket,
 * validation and the anchor file are not: beside the plain-insert baseline this is
 * the cost of the chain, beside the daemon's figures the cost of the protocol path.
 */
export function chainedAppend(events: readonly AppendEvent[], dir: string, txnRows: number): AppendFigure {
  // The workspace is kept (the daemon stores it too), so the rows are the size of the baseline's.
  const newEvents: NewEvent[] = events.map((e) => ({ actor: BENCH_ACTOR, workspace: e.workspace, kind: e.kind, payload: e.payload }));
  const store = AuditStore.openForWriting(path.join(dir, "chained.db"));
  try {
    const cpu0 = ownCpuSeconds();
    const started = performance.now();
    for (let i = 0; i < newEvents.length; i += txnRows) {
      const batch = newEvents.slice(i, i + txnRows);
      const stored = store.appendBatch(batch).length;
      if (stored !== batch.length) throw new Error(`AuditStore stored ${stored} of ${batch.length} events`);
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      events: newEvents.length,
      requests: 0,
      seconds,
      eventsPerSec: newEvents.length / seconds,
      commitsAtLeast: Math.ceil(newEvents.length / txnRows),
      daemonCpuSeconds: null,
      clientCpuSeconds: ownCpuSeconds() - cpu0,
    };
  } finally {
    store.close();
  }
}

import path from "node:path";
import { AuditRecord } from "../../../protocol/src/audit";
import { WardenClient } from "../../../protocol/src/client";
import { Scheduler, realScheduler } from "../connection/connection-manager";
import { Disposable, Emitter } from "../util/events";

/** A policy edit that loosens something, held by the daemon until a human accepts it. */
export interface PendingPolicyChange {
  workspace: string;
  changes: string[];
  detectedAt: string;
}

/** Audit kinds after which a workspace's policy status may differ. */
const POLICY_KINDS = new Set(["policy.loosening_held", "policy.loosening_accepted", "policy.loosening_rejected", "policy.tightened", "policy.loaded", "policy.invalid"]);
const REFRESH_AFTER_MS = 100;

/** The policy file a change names ("workspace policy (/p/.warden/policy.json): …"), else the workspace's own. */
export function changedFile(change: PendingPolicyChange): string {
  for (const line of change.changes) {
    const m = /^\w+ policy \((\/[^)]+)\)/.exec(line);
    if (m?.[1] !== undefined) return m[1];
  }
  return path.join(change.workspace, ".warden", "policy.json");
}

/** A change without the layer and file it names ("new allow rule 'x'"), for one-line messages. */
export function shortChange(change: string): string {
  return change.replace(/^\w+ policy \([^)]*\): /, "");
}

const keyOf = (c: PendingPolicyChange): string => `${c.workspace}\u0000${c.detectedAt}`;

/**
 * The loosening policy changes waiting in this window's workspaces, as
 * `policy/status` reports them: read on connect and again whenever a `policy.*`
 * record arrives. A change seen for the first time is announced once
 * (`onDidAppear`), so the human hears about it even with the status bar hidden.
 */
export class PolicyChanges implements Disposable {
  private pending = new Map<string, PendingPolicyChange>();
  private readonly announced = new Set<string>();
  private readonly rejected = new Set<string>();
  private readonly changeEmitter = new Emitter<void>();
  private readonly appearEmitter = new Emitter<PendingPolicyChange>();
  readonly onDidChange = this.changeEmitter.event;
  readonly onDidAppear = this.appearEmitter.event;
  private timer: Disposable | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly client: () => WardenClient | null,
    private readonly workspaces: () => Promise<string[]>,
    private readonly log: (line: string) => void,
    private readonly scheduler: Scheduler = realScheduler,
  ) {}

  /** Pending changes, oldest first. */
  get all(): PendingPolicyChange[] {
    return [...this.pending.values()].sort((a, b) => a.detectedAt.localeCompare(b.detectedAt));
  }

  /** Changes the human has not rejected in this window (rejected ones stay held, and stay listed). */
  get unanswered(): PendingPolicyChange[] {
    return this.all.filter((c) => !this.rejected.has(keyOf(c)));
  }

  isRejected(change: PendingPolicyChange): boolean {
    return this.rejected.has(keyOf(change));
  }

  markRejected(change: PendingPolicyChange): void {
    this.rejected.add(keyOf(change));
    this.changeEmitter.fire();
  }

  /** A live record: policy records re-read the status shortly (a burst reads it once). */
  recordArrived(record: AuditRecord): void {
    if (!POLICY_KINDS.has(record.kind)) return;
    this.timer ??= this.scheduler.setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, REFRESH_AFTER_MS);
  }

  /**
   * Reads every workspace's status now. Calls during a read make one more read
   * after it, so the last answer always reflects the newest record. `via` is the
   * connection to use while a session is still attaching.
   */
  refresh(via?: WardenClient): Promise<void> {
    if (this.running !== null) {
      this.again = true;
      return this.running;
    }
    this.running = this.read(via).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.running;
  }

  private async read(via?: WardenClient): Promise<void> {
    const client = via ?? this.client();
    if (client === null) return;
    const next = new Map<string, PendingPolicyChange>();
    for (const workspace of await this.workspaces()) {
      try {
        const status = await client.request("policy/status", { workspace });
        if (status.pending !== null) next.set(workspace, { workspace, changes: status.pending.changes, detectedAt: status.pending.detectedAt });
      } catch (err) {
        // Keep what we knew: a failed read must not make a held loosening look resolved.
        const known = this.pending.get(workspace);
        if (known !== undefined) next.set(workspace, known);
        this.log(`policy status of ${workspace}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const before = [...this.pending.values()].map(keyOf).sort().join("\n");
    this.pending = next;
    if ([...next.values()].map(keyOf).sort().join("\n") !== before) this.changeEmitter.fire();
    for (const change of next.values()) {
      if (this.announced.has(keyOf(change))) continue;
      this.announced.add(keyOf(change));
      this.appearEmitter.fire(change);
    }
  }

  dispose(): void {
    this.timer?.dispose();
    this.changeEmitter.dispose();
    this.appearEmitter.dispose();
  }
}

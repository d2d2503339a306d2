import fs from "node:fs";
import path from "node:path";
import { FSWatcher, watch } from "chokidar";
import { Logger, errorFields } from "../log";
import { LoadedPolicy, PolicyProblem } from "./load-policy";
import { PolicySet } from "./layers";
import { looseningChanges } from "./loosening";
import { PolicyMemory } from "./policy-memory";
import { PolicySetResult, loadPolicySet, policyPaths } from "./policy-set";

export interface PendingChange {
  set: PolicySet;
  changes: string[];
  detectedAt: string;
}

/** What the manager reports, to be audited and shown (the daemon wires these to the log and clients). */
export interface PolicyObserver {
  applied(workspace: string, how: "initial" | "tightened" | "accepted", changes: string[]): void;
  held(workspace: string, changes: string[]): void;
  invalid(workspace: string, problems: PolicyProblem[]): void;
}

/** In force when a workspace's policy is invalid from the start: nothing is allowed. */
const DENY_ALL: LoadedPolicy = { file: "builtin:invalid-policy", layer: "workspace", policy: { version: 1, default: "deny", rules: [] }, ruleLines: [] };

/**
 * The policy in force for each workspace, kept current by watching its files.
 * A change that only tightens applies at once; one that loosens anything waits
 * for a human to accept it; an invalid file keeps the last good policy.
 */
export class PolicyManager {
  private readonly workspaces = new Map<string, WorkspacePolicy>();

  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly observer: PolicyObserver,
    private readonly log: Logger,
    private readonly memory: PolicyMemory,
  ) {}

  get(workspace: string): WorkspacePolicy {
    let wp = this.workspaces.get(workspace);
    if (wp === undefined) {
      wp = new WorkspacePolicy(workspace, this.env, this.observer, this.log, this.memory);
      this.workspaces.set(workspace, wp);
    }
    return wp;
  }

  async close(): Promise<void> {
    await Promise.all([...this.workspaces.values()].map((wp) => wp.close()));
    this.workspaces.clear();
  }
}

export class WorkspacePolicy {
  current: PolicySet;
  pending: PendingChange | null = null;
  problems: PolicyProblem[] | null = null;
  private readonly watcher: FSWatcher;
  private timer: NodeJS.Timeout | null = null;
  /** Settles after the next reload (tests and `policy/status` wait on it). */
  private reloaded: Array<() => void> = [];

  constructor(
    readonly workspace: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly observer: PolicyObserver,
    private readonly log: Logger,
    private readonly memory: PolicyMemory,
  ) {
    const remembered = memory.recall(workspace);
    const loaded = loadPolicySet(workspace, env);
    if (remembered !== null) {
      // What was in force before the daemon stopped stays in force; the files on
      // disk are a change to it, judged like any other (a loosening waits).
      this.current = remembered;
      observer.applied(workspace, "initial", []);
      this.consider(loaded);
    } else if (loaded.ok) {
      this.current = loaded.set;
      memory.remember(workspace, loaded.set);
      observer.applied(workspace, "initial", []);
    } else {
      this.current = { layers: [DENY_ALL] };
      this.problems = loaded.problems;
      observer.invalid(workspace, loaded.problems);
    }
    this.watcher = watchPolicyFiles(Object.values(policyPaths(workspace, env)));
    this.watcher.on("all", () => this.schedule());
    this.watcher.on("error", (err) => log.error("policy watcher failed", { workspace, ...errorFields(err) }));
  }

  /** Applies what a human accepted; false when nothing was pending. */
  accept(): string[] | null {
    const pending = this.pending;
    if (pending === null) return null;
    this.current = pending.set;
    this.memory.remember(this.workspace, pending.set);
    this.pending = null;
    this.observer.applied(this.workspace, "accepted", pending.changes);
    return pending.changes;
  }

  /** Re-reads the files now (the watcher calls this, debounced). */
  reload(): void {
    this.consider(loadPolicySet(this.workspace, this.env));
    this.settle();
  }

  /** Applies a freshly loaded set if it only tightens; holds it if it loosens; keeps the current one if it is invalid. */
  private consider(loaded: PolicySetResult): void {
    if (!loaded.ok) {
      // Fail closed: the last good policy stays in force.
      this.problems = loaded.problems;
      this.observer.invalid(this.workspace, loaded.problems);
    } else {
      this.problems = null;
      const changes = looseningChanges(this.current, loaded.set);
      // Editors often write a file twice; the same content as what is in force (or
      // already waiting) is not news.
      if (sameSet(loaded.set, this.pending?.set ?? this.current)) return;
      if (changes.length === 0) {
        this.current = loaded.set;
        this.memory.remember(this.workspace, loaded.set);
        this.pending = null;
        this.observer.applied(this.workspace, "tightened", []);
      } else {
        this.pending = { set: loaded.set, changes, detectedAt: new Date().toISOString() };
        this.observer.held(this.workspace, changes);
      }
    }
  }

  private settle(): void {
    for (const resolve of this.reloaded.splice(0)) resolve();
  }

  /** Resolves after the next reload, or after `timeoutMs` (then false). */
  nextReload(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.reloaded.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  async close(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    await this.watcher.close();
  }

  private schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        this.reload();
      } catch (err) {
        this.log.error("policy reload failed", { workspace: this.workspace, ...errorFields(err) });
      }
    }, 30);
  }
}

/**
 * Watches policy files that may not exist yet (a .warden/ folder created later):
 * each file's nearest existing ancestor is watched, with everything that is not on
 * the way to a policy file ignored, so a large workspace costs nothing.
 */
function watchPolicyFiles(files: readonly string[]): FSWatcher {
  const chain = new Set<string>();
  const roots = new Set<string>();
  for (const file of files) {
    let dir = file;
    chain.add(file);
    while (dir !== path.dirname(dir)) {
      dir = path.dirname(dir);
      chain.add(dir);
      if (fs.existsSync(dir)) {
        roots.add(dir);
        break;
      }
    }
  }
  return watch([...roots], {
    ignoreInitial: true,
    persistent: false,
    depth: 3,
    ignored: (p: string) => !chain.has(p),
    awaitWriteFinish: { stabilityThreshold: 50, pollInterval: 10 },
  });
}

function sameSet(a: PolicySet, b: PolicySet): boolean {
  const key = (set: PolicySet) => JSON.stringify(set.layers.map((l) => [l.layer, l.file, l.policy]));
  return key(a) === key(b);
}

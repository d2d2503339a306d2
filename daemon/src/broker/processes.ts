import { ChildProcess } from "node:child_process";

/** How long a process group gets between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 2000;

/**
 * The process groups the broker started, by agent. Containment calls `killAgent`
 * to stop everything an agent is running through Warden at once; each group is
 * asked to stop (SIGTERM) and, after a grace period, killed (SIGKILL).
 */
export class ProcessRegistry {
  private readonly byAgent = new Map<string, Map<number, ChildProcess>>();

  /** Tracks a child started with `detached: true` (its pid is its process group); returns the untrack function. */
  track(agentId: string, child: ChildProcess): () => void {
    const pid = child.pid;
    if (pid === undefined) return () => undefined;
    let group = this.byAgent.get(agentId);
    if (group === undefined) {
      group = new Map();
      this.byAgent.set(agentId, group);
    }
    group.set(pid, child);
    return () => {
      const g = this.byAgent.get(agentId);
      g?.delete(pid);
      if (g?.size === 0) this.byAgent.delete(agentId);
    };
  }

  /** How many process groups the agent has running now. */
  running(agentId: string): number {
    return this.byAgent.get(agentId)?.size ?? 0;
  }

  /** Stops every process group the agent started; resolves with how many there were, once they are gone. */
  async killAgent(agentId: string, graceMs: number = KILL_GRACE_MS): Promise<number> {
    const group = this.byAgent.get(agentId);
    if (group === undefined) return 0;
    const children = [...group.entries()];
    await Promise.all(children.map(([pid, child]) => stopGroup(pid, child, graceMs)));
    return children.length;
  }

  /** Stops everything (daemon shutdown). */
  async killAll(graceMs: number = KILL_GRACE_MS): Promise<number> {
    const counts = await Promise.all([...this.byAgent.keys()].map((agent) => this.killAgent(agent, graceMs)));
    return counts.reduce((a, b) => a + b, 0);
  }
}

/** SIGTERM to the whole group, SIGKILL after the grace period if its leader has not exited. */
export async function stopGroup(pgid: number, child: ChildProcess, graceMs: number): Promise<void> {
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once("exit", () => resolve()));
  signalGroup(pgid, "SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), graceMs);
  });
  await Promise.race([exited.then(() => false), timedOut]);
  clearTimeout(timer);
  // The leader may be gone while children it left behind in the group live on: kill them all.
  signalGroup(pgid, "SIGKILL");
  await exited;
}

/** Signals a process group; one that is already gone is fine. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: nothing left in the group.
  }
}

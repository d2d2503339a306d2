import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * Everything the demo starts is registered here as it starts, and stopped in
 * reverse order on the way out: at the end of a headless run, on Ctrl-C, or on
 * a failure half-way. Every process the demo starts (and everything those start:
 * code-server's extension host, Claude Code's shells, the daemon) inherits
 * WARDEN_DEMO_RUN=<id>, so that after stopping them the demo can prove none is
 * left, even one whose parent died and left it to init.
 */
export const RUN_MARKER = "WARDEN_DEMO_RUN";

export interface Leftovers {
  /** Processes that still carried this run's marker after everything was stopped (then killed). */
  processes: Array<{ pid: number; command: string }>;
  /** Directories that could not be removed. */
  dirs: string[];
  /** False where /proc cannot be read (not Linux): the process check could not run. */
  processCheck: boolean;
}

/** Ctrl-C (or SIGTERM, SIGHUP) arrived: the demo stops what it is doing and cleans up. */
export class Interrupted extends Error {
  override readonly name = "Interrupted";
}

export class Lifecycle {
  readonly runId = randomBytes(6).toString("hex");
  /** Rejects with Interrupted on the first signal; never resolves. */
  readonly interrupted: Promise<never>;
  private interrupt: (signal: string) => void = () => undefined;
  private signalled: string | null = null;
  private readonly stops: Array<{ name: string; stop: () => Promise<void> }> = [];
  private readonly dirs: string[] = [];
  private stopping: Promise<Leftovers> | null = null;

  constructor(onSignal: (signal: string, first: boolean) => void) {
    process.env[RUN_MARKER] = this.runId;
    this.interrupted = new Promise<never>((_resolve, reject) => {
      this.interrupt = (signal) => reject(new Interrupted(signal));
    });
    this.interrupted.catch(() => undefined);
    const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
    for (const s of SIGNALS) {
      process.on(s, () => {
        onSignal(s, this.signalled === null);
        this.signalled ??= s;
        this.interrupt(s);
      });
    }
  }

  /**
   * Between steps: stop here once a signal came. Steps in flight are let finish
   * (each registers what it started), so nothing started is missed by the cleanup.
   */
  checkpoint(): void {
    if (this.signalled !== null) throw new Interrupted(this.signalled);
  }

  /** For waits that may last (the agent's run, waiting for the editor): end them at once on a signal. */
  race<T>(p: Promise<T>): Promise<T> {
    return Promise.race([p, this.interrupted]);
  }

  /** Registers how to stop something just started; stopped last-in, first-out. */
  onStop(name: string, stop: () => Promise<void>): void {
    this.stops.push({ name, stop });
  }

  /** A directory removed after everything is stopped. */
  removeDir(dir: string): void {
    this.dirs.push(dir);
  }

  /** Stops everything once (later calls get the same result), then checks nothing is left. */
  stopAll(log: (line: string) => void): Promise<Leftovers> {
    this.stopping ??= this.run(log);
    return this.stopping;
  }

  private async run(log: (line: string) => void): Promise<Leftovers> {
    for (const { name, stop } of this.stops.reverse()) {
      try {
        await withDeadline(stop(), 15_000, `stopping ${name}`);
      } catch (err) {
        log(`could not stop ${name} cleanly (${err instanceof Error ? err.message : String(err)}); it is killed below if still running`);
      }
    }
    const processCheck = fs.existsSync("/proc/self/environ");
    const processes = processCheck ? await this.killMarked() : [];
    const dirs: string[] = [];
    for (const dir of this.dirs) {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      if (fs.existsSync(dir)) dirs.push(dir);
    }
    return { processes, dirs, processCheck };
  }

  /** Kills (by pid) every process other than this one that carries this run's marker, and reports them. */
  private async killMarked(): Promise<Leftovers["processes"]> {
    const found = markedProcesses(this.runId);
    for (const p of found) {
      try {
        process.kill(p.pid, "SIGKILL");
      } catch {
        // it exited meanwhile
      }
    }
    if (found.length > 0) await new Promise((r) => setTimeout(r, 200));
    return found;
  }
}

/**
 * Ends this run's processes whose command line matches: SIGTERM by pid, then
 * SIGKILL for any still there after the grace period. For helpers that outlive
 * their parent for a while (code-server's extension host, file watcher and pty
 * host wait out a reconnection grace before they exit on their own).
 */
export async function terminateMarked(runId: string, match: (cmdline: string) => boolean, graceMs = 3000): Promise<number> {
  const found = markedProcesses(runId).filter((p) => match(p.command));
  const signal = (s: NodeJS.Signals, pids: number[]): void => {
    for (const pid of pids) {
      try {
        process.kill(pid, s);
      } catch {
        // exited meanwhile
      }
    }
  };
  signal("SIGTERM", found.map((p) => p.pid));
  const deadline = Date.now() + graceMs;
  let alive = found.map((p) => p.pid);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    alive = alive.filter((pid) => fs.existsSync(`/proc/${pid}`) && !isZombie(pid));
  }
  signal("SIGKILL", alive);
  return found.length;
}

function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return true;
  }
}

/** Processes (not this one) whose environment holds WARDEN_DEMO_RUN=<runId>. */
export function markedProcesses(runId: string): Array<{ pid: number; command: string }> {
  const needle = Buffer.from(`\0${RUN_MARKER}=${runId}\0`);
  const out: Array<{ pid: number; command: string }> = [];
  for (const entry of fs.readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let environ: Buffer;
    try {
      environ = Buffer.concat([Buffer.from([0]), fs.readFileSync(path.join("/proc", entry, "environ"))]);
    } catch {
      continue; // gone, or not ours to read
    }
    if (!environ.includes(needle)) continue;
    let command = "?";
    try {
      command = fs.readFileSync(path.join("/proc", entry, "cmdline"), "utf8").split("\0").join(" ").trim().slice(0, 160);
    } catch {
      // gone meanwhile
    }
    out.push({ pid, command });
  }
  return out;
}

export function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

/**
 * Kills the process groups led by this process's own children whose command line
 * matches (children started detached, as runProcess starts an agent): SIGTERM,
 * then SIGKILL for what is still there after a grace period.
 */
export async function killChildGroups(match: (cmdline: string) => boolean, graceMs = 3000): Promise<number> {
  const leaders: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = fs.readFileSync(path.join("/proc", entry, "stat"), "utf8");
      // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so read after the last ')'.
      const [, ppid, pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(ppid) !== process.pid || Number(pgrp) !== pid) continue;
      if (match(fs.readFileSync(path.join("/proc", entry, "cmdline"), "utf8").split("\0").join(" "))) leaders.push(pid);
    } catch {
      // gone meanwhile
    }
  }
  const signal = (s: NodeJS.Signals): void => {
    for (const pid of leaders) {
      try {
        process.kill(-pid, s);
      } catch {
        // the group is gone
      }
    }
  };
  signal("SIGTERM");
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && leaders.some((pid) => groupAlive(pid))) await new Promise((r) => setTimeout(r, 100));
  signal("SIGKILL");
  return leaders.length;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

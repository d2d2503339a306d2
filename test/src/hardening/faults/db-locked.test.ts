import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { after, before, describe, test } from "node:test";
import { TempWarden } from "../../helpers/warden-home";
import { AgentFixture, isAllowed } from "../agent-fixture";

/**
 * The database locked by another process (issue 9): a second process opens the
 * daemon's SQLite file with better-sqlite3 and holds a lock, as a backup tool, a
 * `sqlite3` shell left in a transaction, or a hostile local process would.
 * - "write": an open write transaction (`BEGIN IMMEDIATE`) while the daemon runs: it can
 *   read, not write, so decisions (which are logged before they are answered) must be
 *   refused with the reason, none allowed, and decided again once the lock is released;
 * - "exclusive": `locking_mode = EXCLUSIVE` (not even reads get through), which can only be
 *   taken while no daemon holds the file: the daemon must then refuse to start, saying why.
 */
type LockMode = "write" | "exclusive";

const LOCKER = String.raw`
const Database = require(process.env.BETTER_SQLITE3);
const db = new Database(process.env.DB, { timeout: 10000 });
if (process.env.MODE === "exclusive") {
  db.pragma("locking_mode = EXCLUSIVE");
  db.exec("BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS hardening_lock(x); COMMIT; SELECT count(*) FROM audit;");
} else {
  db.exec("BEGIN IMMEDIATE; CREATE TABLE IF NOT EXISTS hardening_lock(x);");
}
process.stdout.write("locked\n");
process.stdin.resume();
process.stdin.on("end", () => {
  if (db.inTransaction) db.exec("ROLLBACK");
  db.close();
  process.exit(0);
});
`;

/** Starts the locking process; resolves once it holds the lock. */
function lockDatabase(db: string, mode: LockMode): Promise<ChildProcessWithoutNullStreams> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", LOCKER], { env: { ...process.env, BETTER_SQLITE3: require.resolve("better-sqlite3"), DB: db, MODE: mode } });
    let out = "";
    let err = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the locking process did not take the lock: ${err}`));
    }, 15_000);
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("locked\n")) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the locking process exited (${code}) before taking the lock: ${err}`));
    });
  });
}

function release(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.removeAllListeners("exit");
    child.on("exit", () => resolve());
    child.stdin.end();
  });
}

describe("database locked by another process: decisions refused with the reason, none allowed", () => {
  const w = new TempWarden();
  const fx = new AgentFixture(w);

  before(async () => {
    await fx.start();
  });
  after(async () => {
    await fx.close();
  });

  test("another process holds a write lock: decisions are refused with the reason", async () => {
    assert.ok(isAllowed(await fx.bash("git status")), "baseline: git status is allowed");
    const locker = await lockDatabase(w.paths.db, "write");
    let allowedWhileLocked: string[];
    try {
      const started = Date.now();
      const replies = [await fx.bash("git status"), await fx.bash("echo x > .vscode/settings.json")];
      const seconds = (Date.now() - started) / 1000;
      console.log(`database write-locked: ${JSON.stringify(replies.map((r) => [r.status, r.reason]))} in ${seconds.toFixed(1)} s`);
      allowedWhileLocked = replies.filter(isAllowed).map((r) => r.reason);
      for (const reply of replies) {
        // Refused as an error (Claude Code's HTTP hook blocks on it), naming the lock.
        assert.equal(reply.status, 500, reply.reason);
        assert.match(reply.reason, /could not decide this call, so it is blocked: .*database is locked/i);
      }
    } finally {
      await release(locker);
    }
    assert.deepEqual(allowedWhileLocked, []);
    const afterRelease = await fx.bash("git status");
    assert.ok(isAllowed(afterRelease), `once the lock is gone the daemon decides again: ${JSON.stringify(afterRelease)}`);
    const verify = await fx.client().request("audit/verify", {});
    assert.equal(verify.ok, true, JSON.stringify(verify));
  });

  test("another process holds the database exclusively: the daemon does not start, and says why", async () => {
    fx.client().close();
    const stopped = await w.cli(["daemon", "stop"]);
    assert.equal(stopped.code, 0, stopped.stderr);
    // Exclusive locking mode keeps even readers out; it can only be taken while no daemon has the file open.
    const locker = await lockDatabase(w.paths.db, "exclusive");
    try {
      const start = await w.cli(["daemon", "start", "--listen", "127.0.0.1:0"], { timeoutMs: 60_000 });
      console.log(`daemon start with the database held exclusively: exit ${start.code}: ${start.stderr.trim().split("\n")[0] ?? ""}`);
      assert.notEqual(start.code, 0, "the daemon must not start without its database");
      assert.match(start.stderr, /database is locked/);
      const reply = await fx.bash("git status", fx.token, 5_000);
      assert.equal(reply.status, 0, `no daemon answers while the database is held: ${JSON.stringify(reply)}`);
    } finally {
      await release(locker);
    }
    await w.start(["--listen", "127.0.0.1:0"]);
    await fx.reconnect();
    assert.ok(isAllowed(await fx.bash("git status")), "after the lock is released the daemon starts and decides");
  });
});

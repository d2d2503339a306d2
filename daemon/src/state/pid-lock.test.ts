import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { acquirePidLock, readPid } from "./pid-lock";

describe("pid lock", () => {
  let dir: string;
  let pidFile: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "wd-pid-"));
    pidFile = path.join(dir, "daemon.pid");
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("takes the lock, writes our pid, and releases only its own file", () => {
    const release = acquirePidLock(pidFile);
    assert.equal(readPid(pidFile), process.pid);
    release();
    assert.equal(fs.existsSync(pidFile), false);
  });

  test("a pid file of a dead process is stale and taken over", async () => {
    const child = spawn(process.execPath, ["-e", "0"]);
    const deadPid = await new Promise<number>((resolve) => child.on("exit", () => resolve(child.pid ?? 0)));
    fs.writeFileSync(pidFile, `${deadPid}\n`);
    const release = acquirePidLock(pidFile);
    assert.equal(readPid(pidFile), process.pid);
    release();
  });

  test("a pid file naming a live process that is not a Warden daemon is stale", () => {
    fs.writeFileSync(pidFile, "1\n"); // init: alive, but not our daemon
    const release = acquirePidLock(pidFile);
    assert.equal(readPid(pidFile), process.pid);
    release();
  });

  test("garbage in the pid file is treated as stale", () => {
    fs.writeFileSync(pidFile, "not a pid");
    const release = acquirePidLock(pidFile);
    assert.equal(readPid(pidFile), process.pid);
    release();
  });
});

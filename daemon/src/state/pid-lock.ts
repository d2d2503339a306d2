import fs from "node:fs";
import { WardenError } from "../../../protocol/src/errors";
import { isErrno } from "./home";

/**
 * One daemon per WARDEN_HOME. The pid file is created exclusively, so two daemons
 * started at once cannot both win; a pid file left by a crashed daemon (its process
 * is gone, or the pid now belongs to something that is not a Warden daemon) is stale
 * and taken over.
 */
export function acquirePidLock(pidFile: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(pidFile, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      return () => releasePidLock(pidFile);
    } catch (err) {
      if (!isErrno(err, "EEXIST")) throw err;
    }
    const holder = readPid(pidFile);
    if (holder !== null && holder !== process.pid && isWardenDaemon(holder)) {
      throw new WardenError("already_running", `a Warden daemon (pid ${holder}) already serves this WARDEN_HOME`, { pid: holder });
    }
    fs.rmSync(pidFile, { force: true });
  }
  throw new WardenError("already_running", `could not take ${pidFile}: another daemon is starting at the same time`);
}

function releasePidLock(pidFile: string): void {
  // Only remove the file if it is still ours: a successor may have taken it over.
  if (readPid(pidFile) === process.pid) fs.rmSync(pidFile, { force: true });
}

export function readPid(pidFile: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(pidFile, "utf8").trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Is `pid` alive and (where /proc tells) running Warden's daemon entry point? */
export function isWardenDaemon(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    // ESRCH: gone. EPERM: alive but another user's, so not our daemon either.
    return false;
  }
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return cmdline.includes("daemon/src/main.js");
  } catch {
    // No /proc (macOS): trust the live pid.
    return true;
  }
}

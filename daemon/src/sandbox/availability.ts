import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { SandboxLauncher } from "../../../protocol/src/sandbox";

/** Whether commands can be sandboxed on this machine, and how; or why not, with what to install. */
export type SandboxAvailability = { available: true; launcher: SandboxLauncher; version: string } | { available: false; reason: string };

/** What to tell a user who has no working sandbox, by platform. */
export function installHint(platform: NodeJS.Platform = process.platform): string {
  if (platform === "linux") return "install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap) and allow unprivileged user namespaces";
  return `Warden's OS sandbox is not available on ${platform} yet (Linux only, with bubblewrap)`;
}

/**
 * Finds bubblewrap and proves it works here by running `true` in the same kind of
 * sandbox commands get: with a user namespace of its own where the kernel allows
 * one (any user), else without (root only; capabilities are still dropped).
 */
export function probeSandbox(env: NodeJS.ProcessEnv = process.env): SandboxAvailability {
  if (process.platform !== "linux") return { available: false, reason: installHint() };
  // WARDEN_BWRAP names bubblewrap where it is not on PATH (and nothing else is tried then).
  const named = env["WARDEN_BWRAP"];
  const bwrap = named !== undefined && named !== "" ? executable(named) : findOnPath("bwrap", env);
  if (bwrap === null) return { available: false, reason: `bubblewrap (bwrap) is not installed${named !== undefined && named !== "" ? ` at WARDEN_BWRAP=${named}` : ""}: ${installHint()}` };
  const version = (spawnSync(bwrap, ["--version"], { encoding: "utf8", timeout: 10_000 }).stdout ?? "").trim();
  const base = ["--cap-drop", "ALL", "--unshare-pid", "--unshare-net", "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--", "/bin/sh", "-c", "exit 0"];
  const errors: string[] = [];
  for (const userns of [true, false]) {
    const args = userns ? ["--unshare-user", "--disable-userns", ...base] : base;
    const run = spawnSync(bwrap, args, { encoding: "utf8", timeout: 10_000 });
    if (run.status === 0) return { available: true, launcher: { bwrap, userns, socat: findOnPath("socat", env) }, version };
    errors.push((run.stderr || run.error?.message || `exit ${run.status}`).trim());
  }
  return { available: false, reason: `bubblewrap cannot create a sandbox here (${errors.join("; ")}): ${installHint()}` };
}

function findOnPath(name: string, env: NodeJS.ProcessEnv): string | null {
  const dirs = (env["PATH"] ?? "").split(":").filter((d) => path.isAbsolute(d));
  for (const dir of [...dirs, "/usr/bin", "/bin", "/usr/local/bin"]) {
    const found = executable(path.join(dir, name));
    if (found !== null) return found;
  }
  return null;
}

function executable(candidate: string): string | null {
  if (!path.isAbsolute(candidate)) return null;
  try {
    fs.accessSync(candidate, fs.constants.X_OK);
    return fs.realpathSync(candidate);
  } catch {
    return null;
  }
}

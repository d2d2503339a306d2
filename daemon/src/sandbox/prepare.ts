import fs from "node:fs";
import path from "node:path";
import { SandboxDirective, SandboxProfile } from "../../../protocol/src/sandbox";
import { bwrapArgs } from "./bwrap-args";
import { heldHomePaths, hideExisting } from "./compile-profile";
import { isWithin } from "../policy/paths/within";
import { EgressProxy, startEgressProxy } from "./egress-proxy";

export interface PreparedCommand {
  file: string;
  args: string[];
  /** Undoes what preparing did on the host (placeholder directories, the egress proxy); safe to call twice. */
  cleanup(): void;
}

export interface PrepareOptions {
  /** The runner's environment: the sockets it names are hidden too. */
  env?: NodeJS.ProcessEnv;
  /** Told of every destination the egress proxy refused. */
  onRefused?: (host: string) => void;
}

/**
 * Turns an allowed command into what to spawn: bubblewrap around it when the daemon
 * sent a sandbox, the command itself when it said to run unsandboxed. Placeholders
 * for protected names that do not exist are made here, on the host (a mount needs a
 * place to go), and removed afterwards when still empty.
 */
export async function prepareCommand(directive: SandboxDirective, wardenHome: string, cwd: string, argv: readonly string[], options: PrepareOptions = {}): Promise<PreparedCommand> {
  const [file, ...rest] = argv;
  if (file === undefined) throw new Error("no command to run");
  if (directive.kind === "unsandboxed") return { file, args: rest, cleanup: () => undefined };
  const env = options.env ?? {};
  const profile: SandboxProfile = {
    ...directive.profile,
    absent: [],
    absentFiles: [],
    readOnly: [...directive.profile.readOnly],
    hiddenDirs: [...directive.profile.hiddenDirs],
    hiddenFiles: [...directive.profile.hiddenFiles],
  };
  // Hiding more is always safe: the sockets this runner's own environment points at.
  for (const p of agentSockets(env)) hideExisting(p, profile);
  // The runner's own HOME may not be the daemon's (another account's agent, a test): held the same way.
  const runnerHome = env["HOME"];
  const hidden = (p: string): boolean => directive.profile.hiddenDirs.some((h) => isWithin(p, h, false));
  const home =
    runnerHome !== undefined && path.isAbsolute(runnerHome) && !hidden(runnerHome) ? heldHomePaths(runnerHome, directive.profile.writable) : { readOnly: [], absent: [], absentFiles: [] };
  profile.readOnly.push(...home.readOnly);
  const created: Placeholder[] = [];
  let proxy: EgressProxy | null = null;
  const cleanup = (): void => {
    void proxy?.close();
    proxy = null;
    removePlaceholders(created.splice(0));
  };
  try {
    for (const p of [...directive.profile.absent, ...home.absent]) holdName(p, false, profile, created);
    for (const p of [...directive.profile.absentFiles, ...home.absentFiles]) holdName(p, true, profile, created);
    const network = directive.profile.network;
    if (network.mode === "proxy" && directive.launcher.socat !== null) {
      proxy = await startEgressProxy({ hosts: network.hosts, refuse: network.refuse, onRefused: options.onRefused ?? (() => undefined) });
    }
    const args = bwrapArgs({ profile, launcher: directive.launcher, cwd, blankFile: blankFile(wardenHome), argv, ...(proxy !== null ? { proxySocket: proxy.socketPath } : {}) });
    return { file: directive.launcher.bwrap, args, cleanup };
  } catch (err) {
    // Whatever was made before the failure goes again; the command is not run.
    cleanup();
    throw err;
  }
}

interface Placeholder {
  path: string;
  file: boolean;
}

/**
 * Makes the placeholder for a protected name that does not exist: an empty directory
 * (mounted read-only by bubblewrap), or an empty file bound read-only over itself
 * (reads find nothing, as git reads an empty ~/.gitconfig; writes fail). Missing parents
 * (.github for .github/hooks) are made too. Something made there meanwhile by someone
 * else exists now, so it is held read-only like any protected entry.
 */
function holdName(p: string, file: boolean, profile: SandboxProfile, created: Placeholder[]): void {
  try {
    for (const dir of missingParents(p)) {
      fs.mkdirSync(dir, { mode: 0o755 });
      created.push({ path: dir, file: false });
    }
    if (file) fs.closeSync(fs.openSync(p, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY | fs.constants.O_NOFOLLOW, 0o444));
    else fs.mkdirSync(p, { mode: 0o700 });
    created.push({ path: p, file });
    (file ? profile.readOnly : profile.absent).push(p);
  } catch (err) {
    const code = err instanceof Error && "code" in err ? err.code : undefined;
    if (code === "EEXIST") profile.readOnly.push(p);
    else if (code !== "ENOENT") throw err;
  }
}

/** Removes placeholders, innermost first, where still empty; one the user filled meanwhile is theirs now. */
function removePlaceholders(created: readonly Placeholder[]): void {
  for (const p of [...created].reverse()) {
    try {
      if (!p.file) fs.rmdirSync(p.path);
      else if (fs.lstatSync(p.path).size === 0) fs.unlinkSync(p.path);
    } catch {
      // Not empty any more: left as it is.
    }
  }
}

/** The directories above `p` that do not exist, outermost first. */
function missingParents(p: string): string[] {
  const out: string[] = [];
  for (let dir = path.dirname(p); dir !== path.dirname(dir) && fs.lstatSync(dir, { throwIfNoEntry: false }) === undefined; dir = path.dirname(dir)) out.unshift(dir);
  return out;
}

/**
 * Sockets that act with the user's power outside the sandbox: the SSH agent (pushes
 * anywhere with the user's keys), the session bus (the keychain's Secret Service), and
 * the runtime directory that holds both and more.
 */
export function agentSockets(env: NodeJS.ProcessEnv): string[] {
  const out: string[] = [];
  const ssh = env["SSH_AUTH_SOCK"];
  if (ssh !== undefined && path.isAbsolute(ssh)) out.push(ssh);
  for (const part of (env["DBUS_SESSION_BUS_ADDRESS"] ?? "").split(";")) {
    const m = /^unix:(?:.*,)?path=([^,]+)/.exec(part);
    if (m?.[1] !== undefined && path.isAbsolute(m[1])) out.push(m[1]);
  }
  const runtime = env["XDG_RUNTIME_DIR"];
  if (runtime !== undefined && path.isAbsolute(runtime)) out.push(runtime);
  return out;
}

/**
 * The empty, mode-000 file bound over hidden files. It lives in Warden's state
 * directory, which every sandbox hides, so no command can swap it for a link to the
 * very file it stands in for. Checked on every use; remade when it is not exactly that.
 */
export function blankFile(wardenHome: string): string {
  const dir = path.join(wardenHome, "sandbox");
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, "blank");
  const st = fs.lstatSync(file, { throwIfNoEntry: false });
  if (st !== undefined && st.isFile() && st.size === 0 && (st.mode & 0o777) === 0 && st.nlink === 1) return file;
  if (st !== undefined) fs.rmSync(file, { force: true, recursive: true });
  const fd = fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY | fs.constants.O_NOFOLLOW, 0o000);
  fs.closeSync(fd);
  fs.chmodSync(file, 0o000);
  return file;
}

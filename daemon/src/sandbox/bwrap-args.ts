import path from "node:path";
import { SandboxLauncher, SandboxProfile } from "../../../protocol/src/sandbox";

export interface BwrapCommand {
  profile: SandboxProfile;
  launcher: SandboxLauncher;
  /** Where the command starts. */
  cwd: string;
  /** An empty file, mode 000, that no sandbox can reach (in Warden's state directory): bound over hidden files. */
  blankFile: string;
  /** The program and its arguments. */
  argv: readonly string[];
}

/**
 * bubblewrap's argument list for one command. Order matters: the whole file system
 * read-only first, then the writable areas, then (deeper paths after shallower) the
 * protected entries made read-only again and the secrets hidden over them.
 */
export function bwrapArgs(c: BwrapCommand): string[] {
  const { profile } = c;
  const args = [
    "--new-session", // Attack: TIOCSTI, typing into the caller's terminal.
    "--die-with-parent",
    ...(c.launcher.userns ? ["--unshare-user", "--disable-userns"] : []),
    // Attack: root in the sandbox remounting the protected paths writable. No capabilities at all.
    "--cap-drop", "ALL",
    // Attack: reading /proc/<agent>/environ, signalling the daemon: the command sees only its own tree.
    "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
    ...(profile.network.mode === "none" ? ["--unshare-net"] : []),
    "--ro-bind", "/", "/",
    "--dev", "/dev",
    "--proc", "/proc",
  ];
  for (const w of byDepth(profile.writable)) args.push("--bind", w, w);
  const covers: Array<{ at: string; args: string[] }> = [
    ...profile.readOnly.map((p) => ({ at: p, args: ["--ro-bind", p, p] })),
    ...[...profile.absent, ...profile.hiddenDirs].map((p) => ({ at: p, args: ["--perms", "0000", "--tmpfs", p, "--remount-ro", p] })),
    ...profile.hiddenFiles.map((p) => ({ at: p, args: ["--ro-bind", c.blankFile, p] })),
  ];
  for (const cover of covers.sort((a, b) => depth(a.at) - depth(b.at))) args.push(...cover.args);
  args.push("--chdir", c.cwd, "--", ...c.argv);
  return args;
}

function byDepth(paths: readonly string[]): string[] {
  return [...paths].sort((a, b) => depth(a) - depth(b));
}

function depth(p: string): number {
  return path.resolve(p).split("/").length;
}

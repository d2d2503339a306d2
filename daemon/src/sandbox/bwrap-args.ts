import path from "node:path";
import { SandboxLauncher, SandboxProfile } from "../../../protocol/src/sandbox";
import { relativeParts } from "../policy/paths/within";

export interface BwrapCommand {
  profile: SandboxProfile;
  launcher: SandboxLauncher;
  /** Where the command starts. */
  cwd: string;
  /** An empty file, mode 000, that no sandbox can reach (in Warden's state directory): bound over hidden files. */
  blankFile: string;
  /** The program and its arguments. */
  argv: readonly string[];
  /** Warden's egress proxy for this command (network mode "proxy"), reached through socat on the sandbox's loopback. */
  proxySocket?: string;
}

/** Where programs in the sandbox find the proxy (HTTP_PROXY): the bridge's port on the sandbox's own loopback. */
export const BRIDGE_PORT = 3128;

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
    // Attack: any connection, DNS lookups included. The network is always the sandbox's own, empty one;
    // where the policy names hosts, the only way out is the bridge to Warden's proxy, which checks each.
    "--unshare-net",
    "--ro-bind", "/", "/",
    "--dev", "/dev",
    "--proc", "/proc",
  ];
  for (const w of byDepth(profile.writable)) args.push("--bind", w, w);
  const covers: Array<{ at: string; args: string[] }> = [
    ...profile.readOnly.map((p) => ({ at: p, args: ["--ro-bind", p, p] })),
    // A placeholder reads as an empty directory (git, find and ls pass over it quietly) and takes nothing.
    ...profile.absent.map((p) => ({ at: p, args: ["--perms", "0555", "--tmpfs", p, "--remount-ro", p] })),
    // A hidden directory cannot even be listed: the command learns it was refused, and the scan reports it.
    ...profile.hiddenDirs.map((p) => ({ at: p, args: ["--perms", "0000", "--tmpfs", p, "--remount-ro", p] })),
    ...profile.hiddenFiles.map((p) => ({ at: p, args: ["--ro-bind", c.blankFile, p] })),
  ];
  // Anything below a hidden directory is hidden with it (and bubblewrap could not make a mount point there).
  const underHidden = (p: string): boolean => profile.hiddenDirs.some((h) => (relativeParts(p, h, false)?.length ?? 0) > 0);
  for (const cover of covers.filter((c) => !underHidden(c.at)).sort((a, b) => depth(a.at) - depth(b.at))) args.push(...cover.args);
  args.push("--chdir", c.cwd);
  if (c.proxySocket === undefined || c.launcher.socat === null || profile.network.mode !== "proxy") {
    args.push("--", ...c.argv);
    return args;
  }
  const proxy = `http://127.0.0.1:${BRIDGE_PORT}`;
  for (const name of ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"]) args.push("--setenv", name, proxy);
  args.push("--unsetenv", "NO_PROXY", "--unsetenv", "no_proxy", "--unsetenv", "ALL_PROXY", "--unsetenv", "all_proxy");
  // The bridge starts first; the command starts once it listens (seen in this namespace's own /proc/net/tcp).
  const listening = `:${BRIDGE_PORT.toString(16).toUpperCase().padStart(4, "0")} 00000000:0000 0A`;
  const bridge =
    `"$0" TCP-LISTEN:${BRIDGE_PORT},bind=127.0.0.1,fork,reuseaddr "UNIX-CONNECT:$1" 2>/dev/null & ` +
    `i=0; while ! grep -q '${listening}' /proc/net/tcp && [ $i -lt 500 ]; do i=$((i+1)); sleep 0.01; done; shift; exec "$@"`;
  args.push("--", "/bin/sh", "-c", bridge, c.launcher.socat, c.proxySocket, ...c.argv);
  return args;
}

function byDepth(paths: readonly string[]): string[] {
  return [...paths].sort((a, b) => depth(a) - depth(b));
}

function depth(p: string): number {
  return path.resolve(p).split("/").length;
}

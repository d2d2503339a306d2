/**
 * The OS sandbox a command Warden lets run is held in, as the daemon compiles it
 * from the policy that allowed the command and sends it to whoever runs the command
 * (the shell gate, the broker). Dependency-free and checked by hand, so the lean
 * shell-gate entry point can load it: an answer that does not have exactly this
 * shape is refused, never half-used.
 */

/** Where the command may reach the network. */
export type SandboxNetwork = { mode: "none" } | { mode: "proxy"; hosts: string[]; refuse: string[] };

export interface SandboxProfile {
  /** Absolute paths the command may write (the workspace, temp dirs); everything else is read-only. */
  writable: string[];
  /** Existing paths inside a writable one that stay read-only: protected entries (.git/hooks, .vscode/, …). */
  readOnly: string[];
  /**
   * Protected paths that do not exist yet. The runner puts an empty read-only directory
   * there for the command's lifetime, so the command cannot create them.
   */
  absent: string[];
  /** Protected files that do not exist yet (.mcp.json, ~/.gitconfig): an empty read-only file holds each. */
  absentFiles: string[];
  /** Directories the command must not read: replaced by an empty, unreadable one. */
  hiddenDirs: string[];
  /** Files the command must not read: replaced by an empty, unreadable one. */
  hiddenFiles: string[];
  network: SandboxNetwork;
}

/**
 * What the daemon tells the runner with an allowed command: run it in this sandbox,
 * or (policy `sandbox.mode` "preferred" or "off") run it unsandboxed, for the reason given.
 */
export type SandboxDirective = { kind: "sandbox"; profile: SandboxProfile; launcher: SandboxLauncher } | { kind: "unsandboxed"; reason: string };

/** How to start the sandbox on this machine, as the daemon's probe found it. */
export interface SandboxLauncher {
  /** Absolute path of bubblewrap. */
  bwrap: string;
  /** Unprivileged user namespaces work: the sandbox gets one of its own (and may create none inside). */
  userns: boolean;
  /** Absolute path of socat, the bridge from the sandbox's loopback to Warden's egress proxy; null when absent (then no network). */
  socat: string | null;
}

/** Sandbox modes a policy can choose (`sandbox.mode`). */
export const SANDBOX_MODES = ["required", "preferred", "off"] as const;
export type SandboxMode = (typeof SANDBOX_MODES)[number];

/** Hook event the shell gate sends after a sandboxed command that the sandbox stopped from doing something. */
export const SANDBOX_BLOCKED_EVENT = "SandboxBlocked";

/** One thing the sandbox stopped: a write, a read, or a connection. */
export interface SandboxBlock {
  kind: "write" | "read" | "network";
  /** The path, or the host (or "network" when the host is unknown). */
  target: string;
}

const MAX_PATHS = 4096;
const MAX_PATH_CHARS = 4096;

/** Checks a directive from the daemon; throws with what is wrong (the caller refuses the command). */
export function parseSandboxDirective(value: unknown): SandboxDirective {
  const kind = prop(value, "kind");
  if (kind === "unsandboxed") {
    const reason = prop(value, "reason");
    if (typeof reason !== "string") throw new Error("sandbox directive: 'unsandboxed' without a reason");
    return { kind, reason };
  }
  if (kind !== "sandbox") throw new Error("sandbox directive: kind must be 'sandbox' or 'unsandboxed'");
  const p = prop(value, "profile");
  const profile: SandboxProfile = {
    writable: paths(p, "writable"),
    readOnly: paths(p, "readOnly"),
    absent: paths(p, "absent"),
    absentFiles: paths(p, "absentFiles"),
    hiddenDirs: paths(p, "hiddenDirs"),
    hiddenFiles: paths(p, "hiddenFiles"),
    network: network(prop(p, "network")),
  };
  const l = prop(value, "launcher");
  const bwrap = prop(l, "bwrap");
  const userns = prop(l, "userns");
  const socat = prop(l, "socat");
  if (typeof bwrap !== "string" || !bwrap.startsWith("/") || typeof userns !== "boolean" || !(socat === null || (typeof socat === "string" && socat.startsWith("/")))) {
    throw new Error("sandbox directive: launcher must name bwrap (and socat or null) by absolute path and say whether user namespaces work");
  }
  return { kind, profile, launcher: { bwrap, userns, socat } };
}

function network(value: unknown): SandboxNetwork {
  const mode = prop(value, "mode");
  if (mode === "none") return { mode };
  if (mode !== "proxy") throw new Error("sandbox directive: network.mode must be 'none' or 'proxy'");
  const hosts = prop(value, "hosts");
  const ok = (h: unknown): h is string => typeof h === "string" && h.length > 0 && h.length <= 253;
  if (!Array.isArray(hosts) || hosts.length > MAX_PATHS || !hosts.every(ok)) throw new Error("sandbox directive: network.hosts must be a list of host names");
  const refuse = prop(value, "refuse");
  if (!Array.isArray(refuse) || !refuse.every((r) => typeof r === "string" && r.length <= 64)) throw new Error("sandbox directive: network.refuse must be a list of address:port");
  return { mode, hosts: hosts.filter(ok), refuse: refuse.filter((r): r is string => typeof r === "string") };
}

function paths(value: unknown, key: string): string[] {
  const list = prop(value, key);
  // Attack: a relative or multi-line path would bind something other than what was compiled.
  const ok = (p: unknown): p is string => typeof p === "string" && p.startsWith("/") && p.length <= MAX_PATH_CHARS && !p.includes("\0") && !p.includes("\n");
  if (!Array.isArray(list) || list.length > MAX_PATHS || !list.every(ok)) throw new Error(`sandbox directive: ${key} must be a list of absolute paths`);
  return list;
}

function prop(value: unknown, key: string): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  return Object.getOwnPropertyDescriptor(value, key)?.value;
}

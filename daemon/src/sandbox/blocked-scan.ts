import path from "node:path";
import { SandboxBlock, SandboxProfile } from "../../../protocol/src/sandbox";
import { isWithin } from "../policy/paths/within";

/** Error texts a program prints when the sandbox refused it a file. */
const FILE_REFUSED = /Read-only file system|Permission denied|Operation not permitted|Device or resource busy|EROFS|EACCES|EPERM|EBUSY/i;
/** …and when it found no network. */
const NET_REFUSED = /Network is unreachable|Could not resolve host|Temporary failure in name resolution|Name or service not known|getaddrinfo (EAI_AGAIN|ENOTFOUND)|ENETUNREACH|No address associated with hostname/i;
/** Quoted paths, and `prog: path: message` prefixes, as programs print them. */
const QUOTED = /['"‘’`]([^'"‘’`\n]{1,4096})['"‘’`]/g;
const MAX_LINE = 16 * 1024;
const MAX_BLOCKS = 32;

/**
 * Reads a sandboxed command's error output for what the sandbox stopped: a write
 * to a protected path, a read of a hidden one, a connection with no network. Only
 * paths the profile names (or read-only places outside its writable areas) count,
 * so a program's own unrelated "permission denied" is not reported as the sandbox's.
 * The output itself passes through untouched; this only watches.
 */
export class BlockScanner {
  private partial = "";
  private readonly found = new Map<string, SandboxBlock>();

  constructor(
    private readonly profile: SandboxProfile,
    private readonly cwd: string,
  ) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + (typeof chunk === "string" ? chunk : chunk.toString("utf8"));
    const lines = text.split("\n");
    this.partial = (lines.pop() ?? "").slice(-MAX_LINE);
    for (const line of lines) this.line(line);
  }

  blocks(): SandboxBlock[] {
    if (this.partial !== "") this.line(this.partial);
    this.partial = "";
    return [...this.found.values()];
  }

  private line(line: string): void {
    if (this.found.size >= MAX_BLOCKS) return;
    if (this.profile.network.mode === "none" && NET_REFUSED.test(line)) {
      const host = /host:? ['"]?([A-Za-z0-9.-]+\.[A-Za-z]{2,}|\d+\.\d+\.\d+\.\d+)/i.exec(line)?.[1] ?? /(?:ENOTFOUND|EAI_AGAIN) ([A-Za-z0-9.-]+)/.exec(line)?.[1] ?? "network";
      this.add({ kind: "network", target: host });
      return;
    }
    if (!FILE_REFUSED.test(line)) return;
    for (const candidate of candidates(line)) {
      const block = this.classify(path.resolve(this.cwd, candidate));
      if (block !== null) this.add(block);
    }
  }

  private classify(p: string): SandboxBlock | null {
    const { profile } = this;
    if ([...profile.hiddenFiles, ...profile.hiddenDirs].some((h) => within(p, h))) return { kind: "read", target: p };
    if ([...profile.readOnly, ...profile.absent, ...profile.absentFiles].some((r) => within(p, r))) return { kind: "write", target: p };
    if (!profile.writable.some((w) => within(p, w)) && /^\/(home|root|etc|usr|opt|var|srv)\//.test(p)) return { kind: "write", target: p };
    return null;
  }

  /** A block seen elsewhere than in the output (the egress proxy's refusals). */
  add(block: SandboxBlock): void {
    this.found.set(`${block.kind}:${block.target}`, block);
  }
}

/** Words of a line that may be the path a message is about. */
function candidates(line: string): string[] {
  const out = [...line.matchAll(QUOTED)].map((m) => m[1] ?? "");
  // `cat: .env: Permission denied`, `bash: line 1: x: Read-only file system`
  // `sh: 1: cannot create .vscode/settings.json: Read-only file system`: the last word of each part.
  for (const part of line.split(": ")) {
    const word = part.trim().split(/\s+/).pop() ?? "";
    if (/^[~./\w-][^\s:]*$/.test(word) && /[./]/.test(word)) out.push(word);
  }
  return out.filter((c) => c !== "" && !c.includes("\0"));
}

function within(p: string, root: string): boolean {
  return isWithin(p, root, false);
}

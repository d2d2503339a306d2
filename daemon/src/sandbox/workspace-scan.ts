import fs from "node:fs";
import path from "node:path";
import { canonicalName, nameReason } from "../policy/paths/protected-names";

/** What the sandbox needs to know of a workspace's tree. */
export interface WorkspaceScan {
  /** Existing protected entries (`.vscode/`, `sub/.claude/`, `.mcp.json`, `.git`), absolute; not descended into. */
  protectedEntries: string[];
  /** Every other regular file, relative to the root, "/"-separated: matched against the policy's secret-file rules. */
  files: string[];
  /** The walk stopped at its bound: files beyond it were not seen. */
  truncated: boolean;
}

/** Entries visited at most per scan: a walk must not cost more than the command it guards. */
export const MAX_SCAN_ENTRIES = 100_000;
/** Directories whose contents are dependencies or build output, not the project's own files. */
const SKIPPED_DIRS = new Set(["node_modules", ".venv", "venv", "__pycache__", "target", ".gradle", ".next", ".turbo", ".cache"]);
/** How long a scan is reused: the files that hold secrets change far less often than commands run. */
const SCAN_TTL_MS = 5_000;

const cache = new Map<string, { at: number; scan: WorkspaceScan }>();

/** The workspace's scan, at most SCAN_TTL_MS old. */
export function scanWorkspace(root: string, now: number = Date.now()): WorkspaceScan {
  const hit = cache.get(root);
  if (hit !== undefined && now - hit.at < SCAN_TTL_MS) return hit.scan;
  const scan = walk(root);
  if (cache.size > 64) cache.clear();
  cache.set(root, { at: now, scan });
  return scan;
}

function walk(root: string): WorkspaceScan {
  const out: WorkspaceScan = { protectedEntries: [], files: [], truncated: false };
  let visited = 0;
  const stack: Array<{ dir: string; names: string[] }> = [{ dir: root, names: [] }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { dir, names } = next;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (++visited > MAX_SCAN_ENTRIES) {
        out.truncated = true;
        return out;
      }
      const full = path.join(dir, entry.name);
      const parts = [...names, canonicalName(entry.name)];
      // Protected by name (.git, .vscode, .github/hooks, …): the sandbox keeps the whole entry read-only.
      if (nameReason(parts) !== null) {
        out.protectedEntries.push(full);
        continue;
      }
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) stack.push({ dir: full, names: parts });
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        out.files.push(path.relative(root, full).split(path.sep).join("/"));
      }
    }
  }
  return out;
}

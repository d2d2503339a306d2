// Walking and scanning a real temporary tree: ignore files at several levels,
// .git/info/exclude, binaries, large files, symbolic links and positions.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { TokenFactory } from "../detect/token-fixtures";
import { scanPaths } from "./scan-tree";

const f = new TokenFactory(404);

function tree(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "wscan-"));
  for (const [rel, content] of Object.entries(files)) {
    const full = path.join(root, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return root;
}

test("ignore rules at every level, info/exclude, and what is skipped and why", async () => {
  const token = f.checksummed("ghp_");
  const root = tree({
    ".git/info/exclude": "excluded.txt\n",
    ".git/config": `token = ${token}\n`,
    ".gitignore": "dist/\n*.log\n!keep.log\n",
    "src/app.ts": `\nconst t = "${token}";\n`,
    "dist/bundle.js": token,
    "a.log": token,
    "keep.log": token,
    "excluded.txt": token,
    "pkg/.gitignore": "fixtures/\n",
    "pkg/fixtures/x.txt": token,
    "pkg/y.txt": token,
    "image.bin": Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(token)]),
    "big.txt": `${token}\n${"x".repeat(2048)}`,
  });
  fs.symlinkSync("/etc/hostname", path.join(root, "link"));
  const report = await scanPaths([root], { maxFileBytes: 1024 });
  assert.deepEqual(report.findings.map((x) => `${x.file}:${x.line}:${x.column}`).sort(), ["keep.log:1:1", "pkg/y.txt:1:1", "src/app.ts:2:12"]);
  const reasons = new Map(report.skipped.map((s) => [path.basename(s.path), s.reason]));
  assert.match(reasons.get("image.bin") ?? "", /binary/);
  assert.match(reasons.get("big.txt") ?? "", /larger than 1024 bytes/);
  assert.match(reasons.get("link") ?? "", /symbolic link/);
  assert.ok(report.findings.every((x) => !x.preview.includes(token.slice(4))), "previews never carry the value");
  assert.equal(report.findings.find((x) => x.file === "src/app.ts")?.endColumn, 12 + token.length);
});

test("--no-gitignore scans ignored files too, but never .git", async () => {
  const token = f.checksummed("ghp_");
  const root = tree({ ".gitignore": "*.log\n", "a.log": token, ".git/HEAD": token });
  const report = await scanPaths([root], { gitignore: false });
  assert.deepEqual(report.findings.map((x) => x.file), ["a.log"]);
});

test("a subdirectory of a repository obeys the repository's ignore files above it", async () => {
  const token = f.checksummed("ghp_");
  const root = tree({ ".git/info/exclude": "sub/excluded.txt\n", ".gitignore": "sub/gen/\n", "sub/gen/a.txt": token, "sub/excluded.txt": token, "sub/kept.txt": token });
  const report = await scanPaths([path.join(root, "sub")]);
  assert.deepEqual(report.findings.map((x) => x.file), ["kept.txt"]);
});

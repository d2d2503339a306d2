import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { currentText, describeDelete, describeHttp, describePush, describeWrite } from "./describe";

function tempDir(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-desc-")));
}

test("a write is shown as a unified diff of before and after", () => {
  const d = describeWrite("src/a.ts", "const a = 1;\n", "const a = 2;\n");
  assert.equal(d.type, "diff");
  if (d.type !== "diff") return;
  assert.match(d.unified, /^-const a = 1;$/m);
  assert.match(d.unified, /^\+const a = 2;$/m);
  assert.equal(d.truncated, false);
  const created = describeWrite("new.txt", null, "hi\n");
  assert.ok(created.type === "diff" && created.before === null && /\/dev\/null/.test(created.unified));
});

test("huge files are cut and say so", () => {
  const d = describeWrite("big.txt", "a".repeat(200_000), "b");
  assert.ok(d.type === "diff" && d.truncated && (d.before?.length ?? 0) <= 64 * 1024);
});

test("attack: the current text is never read through a symlink (it could point at a secret outside)", () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, "outside-secret"), "TOP SECRET");
  fs.symlinkSync(path.join(dir, "outside-secret"), path.join(dir, "link"));
  assert.equal(currentText(path.join(dir, "link")), null);
  assert.equal(currentText(path.join(dir, "outside-secret")), "TOP SECRET");
  fs.rmSync(dir, { recursive: true });
});

test("a deletion lists every file with its size, and totals", () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, "src", "deep"), { recursive: true });
  fs.writeFileSync(path.join(dir, "src", "a.ts"), "12345");
  fs.writeFileSync(path.join(dir, "src", "deep", "b.ts"), "123");
  const d = describeDelete([path.join(dir, "src")], dir);
  assert.equal(d.type, "files");
  if (d.type !== "files") return;
  assert.equal(d.totalFiles, 4);
  assert.equal(d.totalBytes, 8);
  assert.deepEqual(d.files.map((f) => f.path).sort(), ["src", "src/a.ts", "src/deep", "src/deep/b.ts"]);
  fs.rmSync(dir, { recursive: true });
});

test("a push shows the commits that would leave and the remote's current ref", async () => {
  const ws = tempDir();
  const bare = tempDir();
  const env = { ...process.env, GIT_AUTHOR_NAME: "T", GIT_AUTHOR_EMAIL: "t@x", GIT_COMMITTER_NAME: "T", GIT_COMMITTER_EMAIL: "t@x" };
  const git = (cwd: string, ...args: string[]): string => execFileSync("git", args, { cwd, env, encoding: "utf8" });
  git(bare, "init", "-q", "--bare", "-b", "main");
  git(ws, "init", "-q", "-b", "main");
  git(ws, "commit", "-q", "--allow-empty", "-m", "one");
  git(ws, "remote", "add", "origin", bare);
  git(ws, "push", "-q", "origin", "main");
  git(ws, "commit", "-q", "--allow-empty", "-m", "two");
  git(ws, "commit", "-q", "--allow-empty", "-m", "three");
  const d = await describePush(ws, "origin", "main", false);
  assert.equal(d.type, "commits");
  if (d.type !== "commits") return;
  assert.equal(d.remoteRef, git(bare, "rev-parse", "main").trim());
  assert.deepEqual(d.commits.map((c) => c.subject), ["three", "two"]);
  assert.equal(d.totalCommits, 2);
  const fresh = await describePush(ws, "origin", "feature", false);
  assert.ok(fresh.type === "commits" && fresh.remoteRef === null);
  fs.rmSync(ws, { recursive: true });
  fs.rmSync(bare, { recursive: true });
});

test("an HTTP request is summarised without its body", () => {
  const d = describeHttp("https://api.example.com/v1/items?x=1", "post", '{"password":"hunter2"}', "application/json");
  assert.deepEqual(d, { type: "http", method: "POST", host: "api.example.com", path: "/v1/items?x=1", bodySummary: "22 bytes of application/json", secrets: [] });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { WardenError } from "../../../protocol/src/errors";
import { atomicWrite } from "./file-write";

describe("atomic writes", () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-write-")));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  test("creates the file and its missing directories, leaving no temporary file behind", () => {
    const target = path.join(root, "a", "b", "new.txt");
    const out = atomicWrite(target, "hello\n");
    assert.deepEqual(out, { bytes: 6, created: true });
    assert.equal(fs.readFileSync(target, "utf8"), "hello\n");
    assert.deepEqual(fs.readdirSync(path.dirname(target)), ["new.txt"]);
  });

  test("replaces by rename: a reader holding the old file sees it whole, and the mode is kept", () => {
    const target = path.join(root, "script.sh");
    fs.writeFileSync(target, "old\n");
    fs.chmodSync(target, 0o751);
    const before = fs.statSync(target).ino;
    const reader = fs.openSync(target, "r");
    try {
      const out = atomicWrite(target, "new content\n");
      assert.equal(out.created, false);
      assert.notEqual(fs.statSync(target).ino, before, "a new inode, renamed into place");
      assert.equal(fs.statSync(target).mode & 0o777, 0o751);
      assert.equal(fs.readFileSync(target, "utf8"), "new content\n");
      const buf = Buffer.alloc(16);
      assert.equal(buf.subarray(0, fs.readSync(reader, buf, 0, 16, 0)).toString(), "old\n");
    } finally {
      fs.closeSync(reader);
    }
  });

  test("refuses to replace a directory", () => {
    const dir = path.join(root, "adir");
    fs.mkdirSync(dir);
    assert.throws(() => atomicWrite(dir, "x"), (e: unknown) => e instanceof WardenError && e.code === "conflict");
    assert.ok(fs.statSync(dir).isDirectory());
  });

  test("attack: a parent directory swapped for a symlink to elsewhere is not written through", () => {
    const outside = path.join(root, "outside");
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, "victim.txt"), "original\n");
    const sub = path.join(root, "sub");
    fs.mkdirSync(sub);
    const planned = path.join(sub, "victim.txt");
    // After the caller resolved `planned`, the directory is replaced by a link out.
    fs.rmSync(sub, { recursive: true });
    fs.symlinkSync(outside, sub);
    assert.throws(() => atomicWrite(planned, "pwned\n"), (e: unknown) => e instanceof WardenError && e.code === "forbidden");
    assert.equal(fs.readFileSync(path.join(outside, "victim.txt"), "utf8"), "original\n");
    assert.deepEqual(fs.readdirSync(outside), ["victim.txt"]);
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { WardenError } from "../../../protocol/src/errors";
import { readSigningKey } from "./signing-key";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wd-key-"));
const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "wd-key-ws-"));
after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(workspace, { recursive: true, force: true });
});

function keyFile(name: string, content: string, mode = 0o600, where = dir): string {
  const file = path.join(where, name);
  fs.writeFileSync(file, content, { mode });
  fs.chmodSync(file, mode);
  return file;
}
const refused = (file: string, pattern: RegExp) => assert.throws(() => readSigningKey(file, [workspace]), (e: unknown) => e instanceof WardenError && pattern.test(e.message));

test("an owner-only file of at least 32 bytes outside every workspace is the key (trailing newline dropped)", () => {
  const file = keyFile("good.key", `${"s".repeat(40)}\n`);
  assert.equal(readSigningKey(file, [workspace]).toString(), "s".repeat(40));
});

test("attack: a key others can read is refused, naming the fix", () => {
  refused(keyFile("loose.key", "s".repeat(40), 0o644), /mode 0644.*chmod 600/);
});

test("attack: a key inside a workspace (where agents read files) is refused", () => {
  refused(keyFile("in-ws.key", "s".repeat(40), 0o600, workspace), /inside workspace/);
});

test("attack: a symlink to some other file is refused", () => {
  const target = keyFile("target.key", "s".repeat(40));
  const link = path.join(dir, "link.key");
  fs.symlinkSync(target, link);
  refused(link, /not a link/);
});

test("a short key or a missing file is refused with what to do", () => {
  refused(keyFile("short.key", "s".repeat(10)), /use 32 to 4096.*head -c 32/);
  refused(path.join(dir, "missing.key"), /cannot be read; create it with/);
});

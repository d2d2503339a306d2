import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, test } from "node:test";
import { WardenError } from "../../../protocol/src/errors";
import { ensureHome, ensureToken, readToken } from "./home";

const isCode = (code: string) => (err: unknown) => err instanceof WardenError && err.code === code;

describe("state directory and token file", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "wd-home-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("a new home is created owner-only and the token 0600, random, stable across reads", () => {
    const home = path.join(dir, "a", "b");
    ensureHome(home);
    assert.equal(fs.statSync(home).mode & 0o777, 0o700);
    const tokenFile = path.join(home, "auth-token");
    const token = ensureToken(tokenFile);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(fs.statSync(tokenFile).mode & 0o777, 0o600);
    assert.equal(ensureToken(tokenFile), token);
    const other = path.join(dir, "other");
    ensureHome(other);
    assert.notEqual(ensureToken(path.join(other, "auth-token")), token);
  });

  test("attack: a home others can read or write is refused, not silently used", () => {
    const home = path.join(dir, "loose");
    fs.mkdirSync(home, { mode: 0o755 });
    fs.chmodSync(home, 0o755);
    assert.throws(() => ensureHome(home), (err: unknown) => isCode("insecure_state")(err) && err instanceof Error && err.message.includes("chmod 700"));
  });

  test("attack: a home that is a symlink is refused", () => {
    const real = path.join(dir, "real");
    fs.mkdirSync(real, { mode: 0o700 });
    const link = path.join(dir, "link");
    fs.symlinkSync(real, link);
    assert.throws(() => ensureHome(link), isCode("insecure_state"));
  });

  test("attack: a token file others can read is refused (the daemon does not start), with the fix named", () => {
    const tokenFile = path.join(dir, "auth-token");
    ensureToken(tokenFile);
    fs.chmodSync(tokenFile, 0o644);
    assert.throws(
      () => ensureToken(tokenFile),
      (err: unknown) => isCode("insecure_state")(err) && err instanceof Error && /mode 0644/.test(err.message) && err.message.includes("rm "),
    );
    assert.throws(() => readToken(tokenFile), isCode("insecure_state"));
  });

  test("attack: a token file replaced by a symlink is refused", () => {
    const target = path.join(dir, "elsewhere");
    fs.writeFileSync(target, "x".repeat(43), { mode: 0o600 });
    const tokenFile = path.join(dir, "auth-token");
    fs.symlinkSync(target, tokenFile);
    assert.throws(() => readToken(tokenFile), isCode("insecure_state"));
  });

  test("a malformed token file is refused; a missing one means the daemon never ran", () => {
    const tokenFile = path.join(dir, "auth-token");
    assert.throws(() => readToken(tokenFile), isCode("not_running"));
    fs.writeFileSync(tokenFile, "short", { mode: 0o600 });
    assert.throws(() => readToken(tokenFile), isCode("insecure_state"));
  });
});

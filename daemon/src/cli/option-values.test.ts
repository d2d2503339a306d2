import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { WardenError } from "../../../protocol/src/errors";
import { parseSince, parseWorkspace } from "./option-values";

test("--since accepts durations and dates", () => {
  const now = new Date("2026-11-26T12:00:00.000Z");
  assert.equal(parseSince("15m", now), "2026-11-26T11:45:00.000Z");
  assert.equal(parseSince("2h", now), "2026-11-26T10:00:00.000Z");
  assert.equal(parseSince("7d", now), "2026-11-19T12:00:00.000Z");
  assert.equal(parseSince("30s", now), "2026-11-26T11:59:30.000Z");
  assert.equal(parseSince("2026-11-01T08:00:00Z", now), "2026-11-01T08:00:00.000Z");
});

test("--since rejects anything else, naming the flag and value", () => {
  for (const v of ["", "yesterday", "15", "m15", "2026-13-45", "1w", "-5m"]) {
    assert.throws(() => parseSince(v), (e: unknown) => e instanceof WardenError && e.message.includes("--since") && e.message.includes(`'${v}'`), v);
  }
});

test("--workspace resolves to the real path and rejects missing dirs and files", () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-ws-")));
  const link = `${dir}-link`;
  fs.symlinkSync(dir, link);
  try {
    assert.equal(parseWorkspace(link), dir);
    assert.equal(parseWorkspace(path.join(dir, "..", path.basename(dir))), dir);
    fs.writeFileSync(path.join(dir, "f"), "");
    assert.throws(() => parseWorkspace(path.join(dir, "f")), /--workspace/);
    assert.throws(() => parseWorkspace(path.join(dir, "missing")), /no such directory/);
  } finally {
    fs.rmSync(link);
    fs.rmSync(dir, { recursive: true });
  }
});

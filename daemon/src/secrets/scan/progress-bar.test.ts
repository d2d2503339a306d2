// The progress line: nothing on a pipe, nothing for a quick scan, a bounded number
// of redraws, and a cleared line at the end.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ProgressBar } from "./progress-bar";

function stream(isTTY: boolean): { isTTY: boolean; columns: number; written: string[]; write(s: string): boolean } {
  const written: string[] = [];
  return { isTTY, columns: 60, written, write: (s: string) => written.push(s) > 0 };
}

test("no output on a non-terminal, however long the scan", () => {
  const s = stream(false);
  let now = 0;
  const bar = new ProgressBar(s, () => now);
  now = 10_000;
  bar.update("scan", 5, 10);
  bar.done();
  assert.deepEqual(s.written, []);
});

test("on a terminal: silent at first, then redrawn at most every 100 ms, cleared at the end", () => {
  const s = stream(true);
  let now = 0;
  const bar = new ProgressBar(s, () => now);
  bar.update("walk", 256, 0);
  assert.equal(s.written.length, 0, "a quick scan shows nothing");
  now = 500;
  bar.update("walk", 512, 0);
  bar.update("scan", 1, 1000);
  now = 650;
  bar.update("scan", 500, 1000);
  const ERASE = "\x1b[K";
  assert.deepEqual(s.written.map((w) => w.split(ERASE).join("")), ["\rlisting files… 512", "\r[###############---------------] 500/1000 files"]);
  bar.done();
  assert.equal(s.written.at(-1), "\r\x1b[K");
  assert.ok(s.written.every((w) => w.length < 60 + 8), "lines fit the terminal");
});

// The keyword pass must find every occurrence (at odd and even offsets, in any
// case for folded keywords, exactly for the others) and nothing else.
import assert from "node:assert/strict";
import { test } from "node:test";
import { AnchorScanner } from "./anchor-scan";

function naive(text: string, keyword: string): number[] {
  const fold = keyword === keyword.toLowerCase();
  const hay = fold ? text.toLowerCase() : text;
  const out: number[] = [];
  for (let at = hay.indexOf(keyword); at !== -1; at = hay.indexOf(keyword, at + 1)) out.push(at);
  return out;
}

test("every occurrence at every offset, folded keywords in any case", () => {
  const keywords = ["secret", "ghp_", "AKIA", "key", "SK", "://"];
  const scanner = new AnchorScanner(keywords.map((k) => [k]));
  // Deterministic mix of keyword pieces and filler, so occurrences land at both parities.
  const pieces = ["SECRET", "Secret", "ghp_", "GHP_", "akia", "AKIA", "KEY", "kEy", "SK", "sk", "https://", "x", "yz", " ", "\n", "é", "Ā"];
  let text = "";
  let state = 7;
  for (let i = 0; i < 4000; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    text += pieces[state % pieces.length];
  }
  const found = scanner.scan(text);
  keywords.forEach((k, group) => assert.deepEqual(found[group] ?? [], naive(text, k), k));
  // A group gets its keywords' occurrences merged, in order.
  const merged = new AnchorScanner([["secret", "key"]]).scan(text)[0] ?? [];
  assert.deepEqual(merged, [...naive(text, "secret"), ...naive(text, "key")].sort((a, b) => a - b));
});

test("a code unit above 255 never matches an ASCII keyword character", () => {
  // "š" is U+0161: its low byte is "a" (0x61).
  const scanner = new AnchorScanner([["akia"]]);
  assert.equal(scanner.scan("\u0161kia")[0], undefined);
  assert.deepEqual(scanner.scan("xakia")[0], [1]);
});

test("keywords at the very end and in tiny texts", () => {
  const scanner = new AnchorScanner([["token"], ["Q~"]]);
  assert.deepEqual(scanner.scan("token")[0], [0]);
  assert.deepEqual(scanner.scan("a token")[0], [2]);
  assert.deepEqual(scanner.scan("Q~")[1], [0]);
  assert.equal(scanner.scan("")[0], undefined);
});

test("keyword rules: no empty, non-ASCII or folded 2-letter keywords", () => {
  assert.throws(() => new AnchorScanner([[""]]), /empty|printable/);
  assert.throws(() => new AnchorScanner([["clé"]]), /printable/);
  assert.throws(() => new AnchorScanner([["sk"]]), /2-character/);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { LineIndex } from "./text-positions";

test("offsets become 0-based lines and characters; the line's text comes without its break", () => {
  const text = 'a\r\n  "k": "ghp_x"\n\nlast';
  const index = new LineIndex(text);
  const start = text.indexOf("ghp_x");
  assert.deepEqual(index.positionAt(0), { line: 0, character: 0 });
  assert.deepEqual(index.positionAt(start), { line: 1, character: 8 });
  assert.deepEqual(index.positionAt(text.indexOf("last")), { line: 3, character: 0 });
  assert.deepEqual(index.positionAt(10_000), { line: 3, character: 4 }, "clamped to the end");
  assert.equal(index.lineAt(start), '  "k": "ghp_x"');
  assert.equal(index.lineAt(0), "a");
  assert.equal(index.lineAt(text.length), "last");
});

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { WardenError } from "../../../protocol/src/errors";
import { applyEdit } from "./file-edit";

const code = (c: string) => (e: unknown) => e instanceof WardenError && e.code === c;

describe("exact-string edits", () => {
  test("a unique match is replaced", () => {
    assert.deepEqual(applyEdit("let a = 1;\nlet b = 2;\n", "b = 2", "b = 3", false), { text: "let a = 1;\nlet b = 3;\n", replacements: 1 });
  });

  test("an ambiguous match is refused without replace_all, and replaced everywhere with it", () => {
    assert.throws(() => applyEdit("x\nx\n", "x", "y", false), code("conflict"));
    assert.deepEqual(applyEdit("x\nx\n", "x", "y", true), { text: "y\ny\n", replacements: 2 });
  });

  test("a missing match, an empty old_string and a no-op are refused", () => {
    assert.throws(() => applyEdit("abc", "abd", "x", false), code("not_found"));
    assert.throws(() => applyEdit("abc", "", "x", false), code("invalid_params"));
    assert.throws(() => applyEdit("abc", "b", "b", false), code("invalid_params"));
  });

  test("replacement patterns in new_string are taken literally", () => {
    assert.equal(applyEdit("price", "price", "$& and $1", false).text, "$& and $1");
  });
});

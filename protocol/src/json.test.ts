import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { JsonValue, isBoundedJson, jsonValue } from "./json";
import { MAX_JSON_DEPTH } from "./limits";

/** `levels` arrays nested inside each other around a leaf, built without recursion. */
function nestArrays(levels: number, leaf: JsonValue = 0): JsonValue {
  let value: JsonValue = leaf;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

function nestObjects(levels: number, leaf: JsonValue = "leaf"): JsonValue {
  let value: JsonValue = leaf;
  for (let i = 0; i < levels; i++) value = { child: value };
  return value;
}

/** An array of `length` holes with only `last` set at the end (holes are never JSON). */
function sparse(length: number, last: JsonValue): JsonValue[] {
  const array: JsonValue[] = [];
  array[length - 1] = last;
  return array;
}

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

describe("isBoundedJson", () => {
  const accepted: Array<[string, unknown]> = [
    ["null", null],
    ["true", true],
    ["false", false],
    ["zero", 0],
    ["negative float", -12.5],
    ["largest double", Number.MAX_VALUE],
    ["empty string", ""],
    ["unicode string", "héllo ☃ 𝄞"],
    ["empty array", []],
    ["empty object", {}],
    ["mixed array", [1, "a", null, false, { k: [] }]],
    ["nested object", { a: { b: { c: [1, 2, 3] } }, d: null }],
    ["null-prototype object", Object.assign(Object.create(null), { a: 1, b: [true] })],
    ["object with a key named __proto__ (as JSON.parse makes it)", JSON.parse('{"__proto__": {"x": 1}}')],
  ];
  for (const [name, value] of accepted) {
    test(`accepts ${name}`, () => {
      assert.equal(isBoundedJson(value), true);
    });
  }

  const rejected: Array<[string, unknown]> = [
    ["undefined", undefined],
    ["NaN", NaN],
    ["Infinity", Infinity],
    ["-Infinity", -Infinity],
    ["BigInt", 10n],
    ["symbol", Symbol("s")],
    ["function", () => 1],
    ["Date", new Date(0)],
    ["Map", new Map([["a", 1]])],
    ["Set", new Set([1])],
    ["RegExp", /x/],
    ["class instance", new Point(1, 2)],
    ["boxed number", Object(1)],
    ["Uint8Array", new Uint8Array([1, 2])],
    ["undefined inside an object", { a: undefined }],
    ["function inside an array", [1, () => 2]],
    ["NaN deep inside", { a: [{ b: [NaN] }] }],
    ["Date deep inside", { a: [{ b: new Date(0) }] }],
    ["BigInt inside a null-prototype object", Object.assign(Object.create(null), { n: 1n })],
    // Holes read as undefined; JSON.stringify would silently turn them into null.
    ["sparse array", sparse(3, 1)],
    ["deep sparse array", nestArrays(5, new Array<JsonValue>(3))],
  ];
  for (const [name, value] of rejected) {
    test(`rejects ${name}`, () => {
      assert.equal(isBoundedJson(value), false);
    });
  }

  test("attack: a huge sparse array is refused at its first hole, without walking its length", () => {
    const huge: JsonValue[] = [];
    huge[4_000_000_000] = 1; // length 4e9: walking it would run out of memory
    assert.equal(isBoundedJson(huge), false);
  });

  test("accepts arrays nested exactly MAX_JSON_DEPTH deep and rejects one level more", () => {
    assert.equal(MAX_JSON_DEPTH, 32);
    assert.equal(isBoundedJson(nestArrays(MAX_JSON_DEPTH)), true);
    assert.equal(isBoundedJson(nestArrays(MAX_JSON_DEPTH + 1)), false);
  });

  test("accepts objects nested exactly MAX_JSON_DEPTH deep and rejects one level more", () => {
    assert.equal(isBoundedJson(nestObjects(MAX_JSON_DEPTH)), true);
    assert.equal(isBoundedJson(nestObjects(MAX_JSON_DEPTH + 1)), false);
  });

  test("a scalar leaf below the deepest container does not count as a level", () => {
    // Same depth as nestArrays(MAX_JSON_DEPTH), but with an empty container as the leaf.
    assert.equal(isBoundedJson(nestArrays(MAX_JSON_DEPTH - 1, [])), true);
    assert.equal(isBoundedJson(nestArrays(MAX_JSON_DEPTH, [])), false);
    assert.equal(isBoundedJson(nestArrays(MAX_JSON_DEPTH, {})), false);
  });

  test("honours a custom maxDepth", () => {
    assert.equal(isBoundedJson(0, 0), true);
    assert.equal(isBoundedJson([], 0), false);
    assert.equal(isBoundedJson({ a: [1] }, 2), true);
    assert.equal(isBoundedJson({ a: [[1]] }, 2), false);
  });

  test("rejects a value nested 100,000 deep without overflowing the stack", () => {
    const deep = nestArrays(100_000);
    assert.doesNotThrow(() => isBoundedJson(deep));
    assert.equal(isBoundedJson(deep), false);
    assert.equal(isBoundedJson(nestObjects(100_000)), false);
  });

  test("depth is per branch: one deep branch fails even beside shallow ones", () => {
    assert.equal(isBoundedJson({ shallow: 1, deep: nestArrays(MAX_JSON_DEPTH) }), false);
    assert.equal(isBoundedJson({ shallow: 1, deep: nestArrays(MAX_JSON_DEPTH - 1) }), true);
    assert.equal(isBoundedJson([nestArrays(MAX_JSON_DEPTH - 1), nestArrays(MAX_JSON_DEPTH - 1)]), true);
  });

  test("accepts a very wide object (100k keys) and a very long array", () => {
    const wide: Record<string, JsonValue> = {};
    for (let i = 0; i < 100_000; i++) wide[`k${i}`] = i;
    assert.equal(isBoundedJson(wide), true);
    assert.equal(isBoundedJson(Array.from({ length: 100_000 }, (_, i) => i)), true);
    wide["k99999"] = NaN;
    assert.equal(isBoundedJson(wide), false);
  });
});

describe("jsonValue schema", () => {
  test("passes plain JSON through unchanged and names the depth limit on failure", () => {
    const value = { a: [1, "two", null] };
    const ok = jsonValue.safeParse(value);
    assert.equal(ok.success, true);
    assert.deepEqual(ok.data, value);

    const bad = jsonValue.safeParse(nestArrays(MAX_JSON_DEPTH + 1));
    assert.equal(bad.success, false);
    assert.match(bad.error?.issues[0]?.message ?? "", /at most 32 levels/);
  });
});

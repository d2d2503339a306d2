import assert from "node:assert/strict";
import { test } from "node:test";
import { normalisePath, normaliseQuery, removeDotSegments } from "./normalise-path";

function path(text: string): string {
  const result = normalisePath(text);
  return result.ok ? result.text : `ERROR ${result.reason}`;
}

test("dot segments are resolved, also when percent-encoded", () => {
  assert.equal(path(""), "/");
  assert.equal(path("/a/b/../c"), "/a/c");
  assert.equal(path("/a/./b/."), "/a/b/");
  assert.equal(path("/../../etc/passwd"), "/etc/passwd");
  assert.equal(path("/a/%2e%2e/admin"), "/admin");
  assert.equal(path("/a/.%2E/admin"), "/admin");
  assert.equal(removeDotSegments("/a/b/.."), "/a/");
});

test("unreserved escapes decode, reserved escapes stay encoded with upper-case hex", () => {
  assert.equal(path("/%61dmin"), "/admin");
  assert.equal(path("/%7euser"), "/~user");
  assert.equal(path("/a%2fb"), "/a%2Fb");
  assert.equal(path("/..%2f..%2fetc"), "/..%2F..%2Fetc");
  assert.equal(path("/%2561dmin"), "/%2561dmin"); // double encoding is not decoded twice
  assert.equal(path("/[ID]/x|y"), "/%5BID%5D/x%7Cy");
});

test("malformed escapes are refused", () => {
  assert.match(path("/a%zz"), /^ERROR malformed percent escape/);
  assert.match(path("/a%2"), /^ERROR malformed percent escape/);
  const q = normaliseQuery("a=%");
  assert.equal(q.ok, false);
});

test("queries keep their reserved characters", () => {
  assert.deepEqual(normaliseQuery("a=1&b=/x?y&c=%2F%7e"), { ok: true, text: "a=1&b=/x?y&c=%2F~" });
  assert.deepEqual(normaliseQuery("q=<script>"), { ok: true, text: "q=%3Cscript%3E" });
});

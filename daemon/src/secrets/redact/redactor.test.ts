import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { base64Core, secretForms } from "./encodings";
import { SecretRedactor } from "./redactor";

const VALUE = "s3cr3t-V4lue/with+odd=chars&more";

function redactor(...values: Array<[string, string]>): SecretRedactor {
  const r = new SecretRedactor();
  for (const [name, value] of values) r.add(name, value);
  return r;
}

/** Feeds `text` to a stream redactor cut at `cuts` (byte offsets) and returns all it emitted. */
function streamed(r: SecretRedactor, text: string, cuts: number[]): string {
  const bytes = Buffer.from(text, "utf8");
  const s = r.stream();
  const out: Buffer[] = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out.push(s.push(bytes.subarray(at, Math.max(at, cut))));
    at = Math.max(at, cut);
  }
  out.push(s.push(bytes.subarray(at)), s.end());
  return Buffer.concat(out).toString("utf8");
}

/** No spelling of `value` (nor any 8-byte piece of the raw value) is left in `text`. */
function assertClean(text: string, value: string): void {
  for (const f of secretForms(value)) assert.ok(!text.includes(f.text), `the ${f.form} form ${JSON.stringify(f.text)} leaked in ${JSON.stringify(text.slice(0, 300))}`);
  for (let i = 0; i + 8 <= value.length; i++) assert.ok(!text.includes(value.slice(i, i + 8)), `a piece of the value leaked: ${value.slice(i, i + 8)}`);
}

describe("secret redaction", () => {
  test("the value is replaced by its reference, everything else kept", () => {
    const r = redactor(["api", VALUE]);
    assert.equal(r.scrub(`token=${VALUE}; again ${VALUE}.`), "token=${secret:api}; again ${secret:api}.");
    assert.equal(r.scrub("nothing secret here"), "nothing secret here");
  });

  test("encoded forms: base64 at every alignment (Basic auth), base64url, hex, URL-encoded, JSON-escaped", () => {
    const r = redactor(["api", VALUE]);
    for (const prefix of ["", "u:", "us:", "user:", "a much longer prefix that shifts alignment:"]) {
      const basic = Buffer.from(`${prefix}${VALUE}`).toString("base64");
      const url64 = Buffer.from(`${prefix}${VALUE}`).toString("base64url");
      assertClean(r.scrub(`Authorization: Basic ${basic}`), VALUE);
      assertClean(r.scrub(url64), VALUE);
      assert.match(r.scrub(basic), /\[redacted secret:api as base64\]/);
    }
    assertClean(r.scrub(Buffer.from(VALUE).toString("hex")), VALUE);
    assertClean(r.scrub(Buffer.from(VALUE).toString("hex").toUpperCase()), VALUE);
    assertClean(r.scrub(`?q=${encodeURIComponent(VALUE)}`), VALUE);
    assertClean(r.scrub(`?q=${encodeURIComponent(VALUE).toLowerCase()}`), VALUE);
    assertClean(r.scrub(JSON.stringify({ v: 'quote"and\\slash' + VALUE })), VALUE);
    const quoted = redactor(["q", 'pa"ss\\word\n123']);
    assertClean(quoted.scrub(JSON.stringify({ password: 'pa"ss\\word\n123' })), 'pa"ss\\word\n123');
  });

  test("the base64 core is exactly the characters the value alone decides", () => {
    const bytes = Buffer.from("abcdefgh");
    for (let offset = 0; offset < 3; offset++) {
      const core = base64Core(bytes, offset, "base64");
      for (const prefix of ["x", "xy", "xyz", "wxyz"].filter((p) => p.length % 3 === offset)) {
        assert.ok(Buffer.from(prefix + "abcdefgh" + "tail").toString("base64").includes(core), `offset ${offset}, prefix ${prefix}`);
      }
    }
  });

  test("a value split across stream chunks at every possible point is still redacted", () => {
    const r = redactor(["api", VALUE]);
    const text = `before ${VALUE} middle ${Buffer.from(VALUE).toString("base64")} after`;
    const total = Buffer.byteLength(text);
    for (let a = 0; a <= total; a++) {
      const out = streamed(r, text, [a, Math.min(total, a + 3)]);
      assertClean(out, VALUE);
      assert.ok(out.startsWith("before ${secret:api} middle "), out);
      assert.ok(out.endsWith(" after"), out);
    }
  });

  test("property: any text around the value, cut into any chunks, comes out as the text with the reference", () => {
    const r = redactor(["tok", VALUE]);
    const filler = fc.string({ unit: fc.constantFrom(" ", "~", ";", "é", "\n", "-"), maxLength: 200 });
    fc.assert(
      fc.property(filler, filler, fc.array(fc.nat({ max: 400 }), { maxLength: 12 }), (before, after, cuts) => {
        const out = streamed(r, `${before}${VALUE}${after}`, cuts);
        assert.equal(out, `${before}\${secret:tok}${after}`);
      }),
      { numRuns: 500 },
    );
  });

  test("overlapping and back-to-back matches leave no fragment, even across chunk cuts", () => {
    const periodic = "xyxyxyxyxy";
    const r = redactor(["p", periodic]);
    const text = "xy".repeat(300);
    for (const chunk of [1, 3, 7, 9, 10, 11, 64]) {
      const cuts = Array.from({ length: Math.ceil(text.length / chunk) }, (_, i) => i * chunk);
      const out = streamed(r, text, cuts);
      assert.doesNotMatch(out.replace(/\$\{secret:p\}/g, ""), /[xy]/, `chunk ${chunk}: ${out.slice(0, 120)}`);
    }
  });

  test("attack: an endless stream of secret-like output costs bounded memory", () => {
    const r = redactor(["p", "abababab"]);
    const s = r.stream();
    const chunk = Buffer.from("ab".repeat(4096));
    let emitted = 0;
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 2000; i++) emitted += s.push(chunk).length;
    emitted += s.end().length;
    assert.ok(emitted > 0, "output keeps flowing instead of piling up in the redactor");
    assert.ok(process.memoryUsage().heapUsed - before < 64 * 1024 * 1024);
  });

  test("several secrets, multi-byte text, and a rotated value that stays redacted", () => {
    const r = redactor(["a", "première-valeur-secrète"], ["b", "0123456789abcdef"]);
    r.add("a", "the-rotated-value-2");
    const text = "é première-valeur-secrète ü 0123456789abcdef ß the-rotated-value-2";
    const expected = "é ${secret:a} ü ${secret:b} ß ${secret:a}";
    assert.equal(r.scrub(text), expected);
    for (let cut = 0; cut < Buffer.byteLength(text); cut += 5) assert.equal(streamed(r, text, [cut]), expected);
  });

  test("scrubDeep reaches nested strings and keys", () => {
    const r = redactor(["api", VALUE]);
    const out = r.scrubDeep({ a: [VALUE, 1, null, { [VALUE]: `x${VALUE}` }], b: true });
    assert.deepEqual(out, { a: ["${secret:api}", 1, null, { "${secret:api}": "x${secret:api}" }], b: true });
  });

  test("with no secrets known, text passes untouched and streams pass chunks through", () => {
    const r = new SecretRedactor();
    assert.equal(r.scrub("anything"), "anything");
    const s = r.stream();
    assert.equal(s.push(Buffer.from("abc")).toString(), "abc");
    assert.equal(s.end().length, 0);
  });
});

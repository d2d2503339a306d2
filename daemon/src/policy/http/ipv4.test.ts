import assert from "node:assert/strict";
import { test } from "node:test";
import { endsInNumber, formatIpv4, parseDottedQuad, parseIpv4Host } from "./ipv4";

function host(text: string): string | undefined {
  const value = parseIpv4Host(text);
  return value === undefined ? undefined : formatIpv4(value);
}

test("every inet_aton/WHATWG spelling of 127.0.0.1 reads as 127.0.0.1", () => {
  for (const text of ["127.0.0.1", "2130706433", "0x7f000001", "0X7F000001", "0x7f.0.0.1", "0x7f.1", "0177.0.0.1", "017700000001", "0177.1", "127.1", "127.0.1", "0x7f.0.1", "0x00000000007f.1", "00000177.0.0.1"]) {
    assert.equal(host(text), "127.0.0.1", text);
  }
});

test("short forms fill the remaining bytes from the last part", () => {
  assert.equal(host("10.1"), "10.0.0.1");
  assert.equal(host("0"), "0.0.0.0");
  assert.equal(host("3232235521"), "192.168.0.1");
  assert.equal(host("169.16689662"), "169.254.169.254");
  assert.equal(host("0xa9fea9fe"), "169.254.169.254");
});

test("malformed numeric hosts are refused, not guessed", () => {
  for (const text of ["09", "0x", "0xg1", "1.2.3.4.5", "256.0.0.1", "1.2.3.256", "1.2.65536", "4294967296", "1..2", "", "-1", "1.2.3.4e1", "0o177.0.0.1", "99999999999999999999"]) {
    assert.equal(parseIpv4Host(text), undefined, text);
  }
});

test("endsInNumber follows WHATWG: the last label decides", () => {
  assert.equal(endsInNumber("example.com.127.0.0.1"), true);
  assert.equal(endsInNumber("foo.0x7f"), true);
  assert.equal(endsInNumber("foo.0x"), true);
  assert.equal(endsInNumber("127.0.0.1.nip.io"), false);
  assert.equal(endsInNumber("0x7g"), false);
});

test("dotted quads are strict: four decimal parts, no leading zeros", () => {
  assert.equal(parseDottedQuad("10.0.0.1"), 0x0a000001);
  assert.equal(parseDottedQuad("255.255.255.255"), 0xffffffff);
  for (const text of ["010.0.0.1", "10.1", "0x7f.0.0.1", "1.2.3.256", "1.2.3.4.", " 1.2.3.4"]) {
    assert.equal(parseDottedQuad(text), undefined, text);
  }
});

test("agrees with Node's WHATWG URL on every form it accepts", () => {
  const forms = (n: number): string[] => [
    String(n),
    `0x${n.toString(16)}`,
    `0${n.toString(8)}`,
    `${n >>> 24}.${n & 0xffffff}`,
    `0x${(n >>> 24).toString(16)}.${(n >>> 16) & 0xff}.0${((n >>> 8) & 0xff).toString(8)}.${n & 0xff}`,
  ];
  for (let i = 0; i < 500; i += 1) {
    const n = Math.floor(Math.random() * 0x100000000);
    for (const text of forms(n)) {
      assert.equal(host(text), new URL(`http://${text}/`).hostname, text);
    }
  }
});

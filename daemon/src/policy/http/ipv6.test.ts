import assert from "node:assert/strict";
import { test } from "node:test";
import { formatIpv6, hasPrefix, parseIpv6 } from "./ipv6";

function canon(text: string): string | undefined {
  const groups = parseIpv6(text);
  return groups === undefined ? undefined : formatIpv6(groups);
}

test("IPv6 spellings reduce to one compressed form", () => {
  assert.equal(canon("0000::1"), "::1");
  assert.equal(canon("0:0:0:0:0:0:0:1"), "::1");
  assert.equal(canon("::"), "::");
  assert.equal(canon("0:0:0:0:0:ffff:127.0.0.1"), "::ffff:7f00:1");
  assert.equal(canon("::FFFF:7F00:1"), "::ffff:7f00:1");
  assert.equal(canon("1:0:0:2:0:0:0:3"), "1:0:0:2::3");
  assert.equal(canon("1:0:2:3:4:5:6:7"), "1:0:2:3:4:5:6:7");
  assert.equal(canon("fe80::"), "fe80::");
});

test("malformed IPv6 is refused", () => {
  for (const text of ["", ":", ":::", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "12345::", "1.2.3.4::", "::1.2.3", "::01.2.3.4", "::256.0.0.1", "g::1", "fe80::1%eth0", "1:2:3:4:5:6:7:8::", ":1::"]) {
    assert.equal(parseIpv6(text), undefined, text);
  }
});

test("prefixes compare only the given bits", () => {
  const groups = parseIpv6("fe80::1") ?? [];
  assert.equal(hasPrefix(groups, [0xfe80], 10), true);
  assert.equal(hasPrefix(parseIpv6("febf::1") ?? [], [0xfe80], 10), true);
  assert.equal(hasPrefix(parseIpv6("fec0::1") ?? [], [0xfe80], 10), false);
});

test("agrees with Node's WHATWG URL serialisation", () => {
  for (let i = 0; i < 500; i += 1) {
    // Zero-heavy addresses exercise the "::" choice.
    const groups = Array.from({ length: 8 }, () => (Math.random() < 0.5 ? 0 : Math.floor(Math.random() * 0x10000)));
    const full = groups.map((g) => g.toString(16)).join(":");
    assert.equal(`[${canon(full) ?? "?"}]`, new URL(`http://[${full}]/`).hostname, full);
  }
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { needsExplicitRule, parseHttpTarget, type AddressClass, type HttpTargetOk } from "./index";

function accepted(input: string): HttpTargetOk {
  const t = parseHttpTarget(input);
  if (!t.ok) assert.fail(`expected '${input}' to parse, got: ${t.reason}`);
  return t;
}

function rejected(input: string, reason?: RegExp): void {
  const t = parseHttpTarget(input);
  if (t.ok) assert.fail(`expected '${input}' to be rejected, got ${t.url} (${t.addressClass})`);
  assert.ok(t.reason.length > 0);
  if (reason) assert.match(t.reason, reason, input);
}

function classOf(input: string): [string, AddressClass] {
  const t = accepted(input);
  return [t.host, t.addressClass];
}

test("benign: public URLs parse and need no rule", () => {
  assert.deepEqual(accepted("https://api.github.com/repos/a/b"), {
    ok: true,
    url: "https://api.github.com:443/repos/a/b",
    scheme: "https",
    host: "api.github.com",
    hostKind: "dns",
    port: 443,
    path: "/repos/a/b",
    query: "",
    addressClass: "dns",
  });
  const withPort = accepted("http://example.com:8080/x?y=1");
  assert.equal(withPort.url, "http://example.com:8080/x?y=1");
  assert.equal(withPort.port, 8080);
  assert.equal(withPort.query, "y=1");
  const idn = accepted("https://xn--bcher-kva.example/");
  assert.equal(idn.host, "xn--bcher-kva.example");
  for (const t of [withPort, idn, accepted("http://8.8.8.8/"), accepted("https://[2606:4700:4700::1111]/")]) {
    assert.equal(needsExplicitRule(t), false, t.url);
  }
});

test("schemes: only http and https; others are named in the reason", () => {
  for (const scheme of ["file", "gopher", "ftp", "data", "javascript", "dict", "ldap", "jar", "netdoc", "ws", "wss", "sftp", "tftp"]) {
    rejected(`${scheme}://127.0.0.1/x`, new RegExp(`scheme '${scheme}:' is not allowed`));
  }
  rejected("data:text/html,<script>", /scheme 'data:'/);
  rejected("javascript:alert(1)", /scheme 'javascript:'/);
  rejected("jar:http://127.0.0.1!/", /scheme 'jar:'/);
  rejected("localhost", /no scheme/);
  rejected("127.0.0.1:80", /no scheme/);
  rejected("0://evil.com:80;http://google.com:80/", /no scheme/);
  assert.equal(accepted("HTTPS://Example.COM/").url, "https://example.com:443/");
});

test("scheme must be followed by // and a host", () => {
  rejected("http:127.0.0.1/", /must be followed by '\/\/'/);
  rejected("http:/example.com/", /must be followed by '\/\/'/);
  rejected("http:///example.com/", /must be followed by '\/\/'/);
  rejected("http://", /no host/);
  rejected("http://:80/", /no host/);
  accepted("http://example.com");
});

test("attack: userinfo is refused in every shape; benign twin without it parses", () => {
  for (const input of ["https://user:pass@host.com", "https://evil@good.com", "https://good.com@evil.com", "https://good%40evil.com@x.com", "http://example.com@127.0.0.1", "http://1.1.1.1&@2.2.2.2#@3.3.3.3/", "https://@example.com/", "https://:@example.com/"]) {
    rejected(input, /credentials/);
  }
  assert.equal(accepted("https://good.com/@evil.com").host, "good.com"); // "@" in the path is only a path
  assert.equal(accepted("https://good.com/?u=a@b").host, "good.com");
});

test("attack: NUL, controls, whitespace and backslashes anywhere", () => {
  for (const input of ["http://127.0.0.1\u0000.example.com/", "http://example.com/\u0000", "http://exa\tmple.com/", "http://example.com/a b", " http://example.com/", "http://example.com/\r\nHost: evil", "http://example.com/\u007f", "https://good.com\\@evil.com", "http://example.com\\evil.com/", "http://example.com/a\\b"]) {
    rejected(input, /control or whitespace|backslash/);
  }
  accepted("http://example.com/a%20b"); // the encoded form of the same request
  const reason = parseHttpTarget("http://example.com/\r\nfake audit line");
  assert.ok(!reason.ok && !/[\r\n]/.test(reason.reason), "reasons never carry raw line breaks");
});

test("attack: raw Unicode hosts must use punycode; percent escapes in hosts are refused", () => {
  rejected("http://①②⑦.⓪.⓪.⓪/", /punycode/);
  rejected("https://bücher.example/", /punycode/);
  rejected("https://аpple.com/", /punycode/); // Cyrillic а
  rejected("http://127。0。0。1/", /punycode/);
  rejected("https://example.com/café", /percent-encode/);
  accepted("https://example.com/caf%C3%A9");
  for (const input of ["http://127.0.0.1%2e/", "http://%31%32%37.0.0.1/", "http://127.0.0.1%00example.com", "http://example%2ecom/"]) {
    rejected(input, /percent-encoded/);
  }
  assert.equal(accepted("https://xn--pple-43d.com/").host, "xn--pple-43d.com"); // punycode is taken as written
  rejected("https://xn--zz.example/", /Node's URL parser rejects/); // invalid punycode
});

test("attack: every IPv4 encoding is classified by the address it means", () => {
  const loopback: [string, AddressClass] = ["127.0.0.1", "loopback"];
  for (const input of ["http://127.0.0.1/", "http://2130706433/", "http://0x7f000001/", "http://0x7f.0.0.1/", "http://0x7f.1/", "http://0177.0.0.1/", "http://017700000001/", "http://127.1/", "http://127.0.1/", "http://0177.0.0x1/", "http://127.0.0.1./"]) {
    assert.deepEqual(classOf(input), loopback, input);
  }
  assert.deepEqual(classOf("http://10.1/"), ["10.0.0.1", "private"]);
  assert.deepEqual(classOf("http://0xa9fea9fe/"), ["169.254.169.254", "metadata"]);
  assert.deepEqual(classOf("http://2852039166/"), ["169.254.169.254", "metadata"]);
  assert.deepEqual(classOf("http://0/"), ["0.0.0.0", "unspecified"]);
  assert.deepEqual(classOf("http://0.0.0.0/"), ["0.0.0.0", "unspecified"]);
  assert.deepEqual(classOf("http://3232235521/"), ["192.168.0.1", "private"]);
  assert.deepEqual(classOf("http://0x08080808/"), ["8.8.8.8", "public"]); // benign twin: encoded, but public
  for (const input of ["http://0x/", "http://09/", "http://1.2.3.4.5/", "http://256.1/", "http://example.com.127.0.0.1/", "http://o177.0.0.1/", "http://q177.0.0.1/"]) {
    rejected(input);
  }
});

test("attack: IPv6 literals and their embedded IPv4", () => {
  const cases: Record<string, [string, AddressClass]> = {
    "http://[::1]/": ["::1", "loopback"],
    "http://[0000::1]:80/": ["::1", "loopback"],
    "http://[::]/": ["::", "unspecified"],
    "http://[fe80::1]/": ["fe80::1", "link-local"],
    "http://[fd12::1]/": ["fd12::1", "private"],
    "http://[::ffff:127.0.0.1]/": ["::ffff:7f00:1", "loopback"],
    "http://[0:0:0:0:0:ffff:127.0.0.1]/": ["::ffff:7f00:1", "loopback"],
    "http://[::ffff:7f00:1]/": ["::ffff:7f00:1", "loopback"],
    "http://[::127.0.0.1]/": ["::7f00:1", "loopback"],
    "http://[64:ff9b::169.254.169.254]/": ["64:ff9b::a9fe:a9fe", "metadata"],
    "http://[2002:a9fe:a9fe::]/": ["2002:a9fe:a9fe::", "metadata"],
    "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/": ["2001:0:4136:e378:8000:63bf:3fff:fdd2", "reserved"],
    "http://[ff02::1]/": ["ff02::1", "multicast"],
    "http://[fd00:ec2::254]/": ["fd00:ec2::254", "metadata"],
    "http://[2606:4700:4700::1111]/": ["2606:4700:4700::1111", "public"],
  };
  for (const [input, expected] of Object.entries(cases)) assert.deepEqual(classOf(input), expected, input);
  rejected("http://[fe80::1%25eth0]/", /zone id/);
  rejected("http://[fe80::1%eth0]/", /zone id/);
  rejected("http://::1/", /more than one ':'/);
  rejected("http://[::1/", /unclosed/);
  rejected("http://[::1]x/", /unexpected/);
  rejected("http://[1::2::3]/", /not a valid IPv6/);
  assert.equal(accepted("http://[::1]:8080/x").url, "http://[::1]:8080/x");
});

test("DNS names: trailing dots, localhost, metadata and internal suffixes", () => {
  assert.deepEqual(classOf("http://localhost./"), ["localhost", "loopback"]);
  assert.deepEqual(classOf("http://LOCALHOST/"), ["localhost", "loopback"]);
  assert.deepEqual(classOf("http://a.b.localhost/"), ["a.b.localhost", "loopback"]);
  assert.deepEqual(classOf("http://metadata.google.internal/computeMetadata/v1/"), ["metadata.google.internal", "metadata"]);
  assert.deepEqual(classOf("http://metadata/"), ["metadata", "metadata"]);
  assert.deepEqual(classOf("http://instance-data/"), ["instance-data", "metadata"]);
  assert.deepEqual(classOf("http://db.internal/"), ["db.internal", "private"]);
  assert.deepEqual(classOf("http://127.0.0.1.nip.io/"), ["127.0.0.1.nip.io", "loopback"]);
  assert.deepEqual(classOf("http://localhost.example.com/"), ["localhost.example.com", "dns"]); // benign twin
  assert.deepEqual(classOf("http://example.com./"), ["example.com", "dns"]);
  rejected("http://example.com../", /empty label/);
  rejected("http://a..b/", /empty label/);
  rejected("http://under_score.example/", /contains '_'/);
  rejected("http://-bad.example/", /start or end with '-'/);
  rejected(`http://${"a".repeat(64)}.example/`, /longer than 63/);
  rejected(`http://${"a.".repeat(126)}example/`, /limit is 253/);
  accepted(`http://${"a".repeat(63)}.example/`);
  rejected("http://${AWS_LAMBDA_RUNTIME_API}/", /contains '\$'/);
});

test("ports: 1–65535, no leading zeros, defaults normalised", () => {
  assert.equal(accepted("http://example.com:80/").url, "http://example.com:80/");
  assert.equal(accepted("http://example.com/").port, 80);
  assert.equal(accepted("https://example.com/").port, 443);
  assert.equal(accepted("https://example.com:443").url, "https://example.com:443/");
  assert.equal(accepted("http://example.com:1/").port, 1);
  assert.equal(accepted("http://example.com:65535/").port, 65535);
  for (const port of ["0", "65536", "080", "00080", "999999", "+80", "-1", "8a", "", "0x50"]) {
    rejected(`http://example.com:${port}/`, /port/);
  }
  rejected("http://127.0.0.1:80:80/", /more than one ':'/);
});

test("length limit", () => {
  const base = "https://example.com/";
  accepted(base + "a".repeat(8192 - base.length));
  rejected(base + "a".repeat(8193 - base.length), /limit is 8192/);
  rejected("", /empty/);
});

test("paths and queries are normalised; fragments dropped", () => {
  const t = accepted("http://example.com/a/../%61dmin/./x%2fy?q=%7e1#frag@evil.com");
  assert.equal(t.path, "/admin/x%2Fy");
  assert.equal(t.query, "q=~1");
  assert.equal(t.url, "http://example.com:80/admin/x%2Fy?q=~1");
  assert.equal(accepted("http://127.0.0.1#example.com").host, "127.0.0.1");
  assert.equal(accepted("http://127.0.0.1?example.com").host, "127.0.0.1");
  assert.equal(accepted("http://127.0.0.1///example.com").path, "///example.com");
  rejected("http://example.com/%zz", /malformed percent escape/);
});

test("needsExplicitRule is true for every non-public class", () => {
  for (const input of ["http://127.0.0.1/", "http://10.0.0.1/", "http://169.254.169.254/", "http://[fe80::1]/", "http://0.0.0.0/", "http://224.0.0.1/", "http://240.0.0.1/", "http://localhost/", "http://metadata.google.internal/", "http://db.internal/"]) {
    assert.equal(needsExplicitRule(accepted(input)), true, input);
  }
  assert.equal(needsExplicitRule(accepted("https://example.com/")), false);
});

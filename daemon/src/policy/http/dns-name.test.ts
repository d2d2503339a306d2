import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyDnsName, dnsNameProblem } from "./dns-name";

test("strict label syntax", () => {
  for (const name of ["example.com", "a.b.c", "xn--bcher-kva.example", "a-b.com", "1.example.com", `${"a".repeat(63)}.com`]) {
    assert.equal(dnsNameProblem(name), undefined, name);
  }
  for (const name of ["a_b.com", "-a.com", "a-.com", "a..b", `${"a".repeat(64)}.com`, `${"a.".repeat(127)}ab`, "a b.com", "a*.com"]) {
    assert.notEqual(dnsNameProblem(name), undefined, name);
  }
});

test("attack: names that are internal by definition are not plain dns", () => {
  const cases: Record<string, string> = {
    localhost: "loopback",
    "app.localhost": "loopback",
    "ip6-localhost": "loopback",
    "ip6-loopback": "loopback",
    "localhost.localdomain": "loopback",
    metadata: "metadata",
    "metadata.google.internal": "metadata",
    "instance-data": "metadata",
    "db.internal": "private",
    "printer.local": "private",
    "nas.home.arpa": "private",
    intranet: "private", // single label: search domain or /etc/hosts
    "127.0.0.1.nip.io": "loopback",
    "app-10-0-0-1.sslip.io": "private",
    "169.254.169.254.nip.io": "metadata",
    "customer1.app.localhost.my.company.127.0.0.1.nip.io": "loopback",
    "make-1.2.3.4-rebind-169.254-169.254-rr.1u.ms": "metadata",
  };
  for (const [name, cls] of Object.entries(cases)) assert.equal(classifyDnsName(name), cls, name);
});

test("benign twins stay dns", () => {
  for (const name of ["localhost.example.com", "metadata.example.com", "internal.example.com", "local.example.com", "8.8.8.8.nip.io", "ec2-54-12-34-56.compute-1.amazonaws.com", "api.github.com", "v1.2.3.4567.example.com"]) {
    assert.equal(classifyDnsName(name), "dns", name);
  }
});

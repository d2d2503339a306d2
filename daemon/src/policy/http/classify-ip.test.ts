import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyIp } from "./classify-ip";
import type { IpAddressClass } from "./http-target";

function expectAll(cases: Record<string, IpAddressClass>): void {
  for (const [ip, cls] of Object.entries(cases)) assert.equal(classifyIp(ip), cls, ip);
}

test("IPv4 special ranges, each beside a public neighbour", () => {
  expectAll({
    "127.0.0.1": "loopback",
    "127.255.255.254": "loopback",
    "128.0.0.1": "public",
    "10.0.0.1": "private",
    "11.0.0.1": "public",
    "172.16.0.1": "private",
    "172.31.255.255": "private",
    "172.32.0.1": "public",
    "192.168.1.1": "private",
    "192.169.1.1": "public",
    "100.64.0.1": "private",
    "100.127.255.255": "private",
    "100.128.0.1": "public",
    "169.254.169.254": "metadata",
    "169.254.170.2": "metadata",
    "169.254.1.1": "link-local",
    "169.255.1.1": "public",
    "100.100.100.200": "metadata",
    "192.0.0.192": "metadata",
    "0.0.0.0": "unspecified",
    "0.1.2.3": "unspecified",
    "1.0.0.1": "public",
    "224.0.0.1": "multicast",
    "239.255.255.255": "multicast",
    "240.0.0.1": "reserved",
    "255.255.255.255": "reserved",
    "192.0.0.8": "reserved",
    "192.0.2.1": "reserved",
    "198.18.0.1": "reserved",
    "198.19.255.255": "reserved",
    "198.20.0.1": "public",
    "198.51.100.7": "reserved",
    "203.0.113.9": "reserved",
    "203.0.114.9": "public",
    "8.8.8.8": "public",
  });
});

test("IPv6 special ranges, each beside a public neighbour", () => {
  expectAll({
    "::1": "loopback",
    "::": "unspecified",
    "fe80::1": "link-local",
    "febf:ffff::1": "link-local",
    "fc00::1": "private",
    "fd12:3456::1": "private",
    "fd00:ec2::254": "metadata",
    "fd00:ec2::253": "private",
    "ff02::1": "multicast",
    "2001::1": "reserved", // Teredo
    "2001:db8::1": "reserved",
    "2002:c000:0201::1": "reserved", // 6to4 of 192.0.2.1
    "2606:4700:4700::1111": "public",
    "2a00:1450::1": "public",
    "4000::1": "reserved", // outside 2000::/3
    "100::1": "reserved",
    "3fff::1": "reserved",
  });
});

test("attack: IPv6 forms that carry an internal IPv4 address are judged by it", () => {
  expectAll({
    "::ffff:127.0.0.1": "loopback",
    "::ffff:7f00:1": "loopback",
    "::ffff:169.254.169.254": "metadata",
    "::ffff:0:10.0.0.1": "private", // SIIT
    "::127.0.0.1": "loopback", // IPv4-compatible
    "::2": "unspecified", // IPv4-compatible 0.0.0.2
    "64:ff9b::127.0.0.1": "loopback", // NAT64
    "64:ff9b::a9fe:a9fe": "metadata",
    "64:ff9b:1::1": "private", // local-use NAT64
    "2002:7f00:1::": "loopback", // 6to4
    "2002:a9fe:a9fe::1": "metadata",
  });
});

test("benign: the same transition forms carrying a public IPv4 are public", () => {
  expectAll({
    "::ffff:8.8.8.8": "public",
    "64:ff9b::8.8.8.8": "public",
    "2002:0808:0808::1": "public",
  });
});

test("resolver output with brackets or zone ids is tolerated; garbage fails closed", () => {
  expectAll({ "[::1]": "loopback", "fe80::1%eth0": "link-local", "not-an-ip": "reserved", "": "reserved", "127.1": "reserved", "0177.0.0.1": "reserved" });
});

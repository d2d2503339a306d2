import assert from "node:assert/strict";
import { test } from "node:test";
import { WardenError } from "../../../protocol/src/errors";
import { parseListenAddress } from "./listen-address";

test("loopback addresses are accepted", () => {
  assert.deepEqual(parseListenAddress("127.0.0.1:7878"), { host: "127.0.0.1", port: 7878 });
  assert.deepEqual(parseListenAddress("127.8.9.10:0"), { host: "127.8.9.10", port: 0 });
  assert.deepEqual(parseListenAddress("[::1]:7878"), { host: "::1", port: 7878 });
  assert.deepEqual(parseListenAddress("localhost:1"), { host: "127.0.0.1", port: 1 });
});

test("attack: binds that would expose the daemon to other machines are refused", () => {
  for (const spec of [
    "0.0.0.0:7878",
    "[::]:7878",
    "192.168.1.10:7878",
    "10.0.0.1:7878",
    "172.16.0.1:7878",
    "8.8.8.8:7878",
    "[::ffff:127.0.0.1]:7878", // v4-mapped: not accepted as a loopback spelling
    "2130706433:7878", // 127.0.0.1 in decimal
    "0x7f000001:7878",
    "0177.0.0.1:7878",
    "127.1:7878",
    "evil.example:7878",
    "localhost.evil.example:7878",
  ]) {
    assert.throws(
      () => parseListenAddress(spec),
      (err: unknown) => err instanceof WardenError && err.code === "bad_config" && err.message.includes(spec),
      spec,
    );
  }
});

test("malformed specs name the flag and the input", () => {
  for (const spec of ["127.0.0.1", "127.0.0.1:", ":7878", "127.0.0.1:99999", "127.0.0.1:80:80", "127.0.0.1:-1"]) {
    assert.throws(
      () => parseListenAddress(spec),
      (err: unknown) => err instanceof WardenError && err.code === "bad_config" && err.message.includes("--listen"),
      spec,
    );
  }
});

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PathsError, resolveDaemonPaths } from "./warden-paths";

describe("daemon paths (as daemon/src/config.ts resolves them)", () => {
  test("setting, then WARDEN_HOME, then XDG_DATA_HOME, then ~/.local/share", () => {
    assert.equal(resolveDaemonPaths("/s/w", { WARDEN_HOME: "/e/w" }, "linux").home, "/s/w");
    assert.deepEqual(resolveDaemonPaths("", { WARDEN_HOME: "/e//w" }, "linux"), { home: "/e/w", socket: "/e/w/daemon.sock", token: "/e/w/auth-token" });
    assert.equal(resolveDaemonPaths("", { XDG_DATA_HOME: "/x" }, "linux").home, "/x/warden");
    assert.equal(resolveDaemonPaths("", { HOME: "/home/dev" }, "linux").home, "/home/dev/.local/share/warden");
  });

  test("errors name the setting or variable at fault", () => {
    assert.throws(() => resolveDaemonPaths("rel/dir", {}, "linux"), (e: unknown) => e instanceof PathsError && e.variable === "warden.home");
    assert.throws(() => resolveDaemonPaths("", { WARDEN_HOME: "rel" }, "linux"), (e: unknown) => e instanceof PathsError && e.variable === "WARDEN_HOME");
    assert.throws(() => resolveDaemonPaths("", { XDG_DATA_HOME: "x" }, "linux"), (e: unknown) => e instanceof PathsError && e.variable === "XDG_DATA_HOME");
    assert.throws(() => resolveDaemonPaths(`/${"a".repeat(120)}`, {}, "linux"), /longer than 103 bytes/);
  });
});

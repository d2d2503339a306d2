import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { CLI_NOT_FOUND, CliLocation, DEFAULT_NODE, describeCli, findOnPath, locateCli, nodeFor, rememberFound } from "./cli-location";
import { runCliJson } from "./cli-json";
import { LaunchError, startDaemon } from "./daemon-launcher";

const made: string[] = [];
after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A Warden package as `npm install -g` lays it out: lib/node_modules/warden, with bin/warden linked to its main.js. */
function globalPrefix(name = "warden"): { bin: string; main: string } {
  const prefix = tempDir("wd-prefix-");
  const pkg = path.join(prefix, "lib", "node_modules", "warden");
  const main = path.join(pkg, "dist", "daemon", "src", "cli", "main.js");
  fs.mkdirSync(path.dirname(main), { recursive: true });
  fs.writeFileSync(main, "#!/usr/bin/env node\n", { mode: 0o755 });
  fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name, bin: { warden: "dist/daemon/src/cli/main.js" } }));
  const bin = path.join(prefix, "bin");
  fs.mkdirSync(bin);
  fs.symlinkSync(path.relative(bin, main), path.join(bin, "warden"));
  return { bin, main: fs.realpathSync(main) };
}

function dirWith(file: string, body: string, mode: number): string {
  const dir = tempDir("wd-path-");
  fs.writeFileSync(path.join(dir, file), body, { mode });
  return dir;
}

/** An extension folder with no ../dist beside it, as an installed .vsix has. */
function installedExtension(): string {
  const dir = tempDir("wd-ext-");
  fs.mkdirSync(path.join(dir, "warden-dev.warden-0.1.0"));
  return path.join(dir, "warden-dev.warden-0.1.0");
}

describe("CLI location", () => {
  test("the setting wins; an installed extension uses the `warden` on PATH, symlink resolved to its main.js", () => {
    const npm = globalPrefix();
    const ext = installedExtension();
    assert.deepEqual(locateCli({ configured: "/opt/w/main.js", extensionPath: ext, pathEnv: npm.bin }), { path: "/opt/w/main.js", source: "setting", node: null });
    assert.deepEqual(locateCli({ configured: "", extensionPath: ext, pathEnv: ["/nonexistent", npm.bin].join(path.delimiter) }), { path: npm.main, source: "path", node: null });
  });

  test("the Node beside the `warden` on PATH (npm's own, which built the native modules) runs it unless warden.nodePath says otherwise", () => {
    const npm = globalPrefix();
    fs.symlinkSync(process.execPath, path.join(npm.bin, "node"));
    const found = locateCli({ configured: "", extensionPath: installedExtension(), pathEnv: npm.bin });
    assert.deepEqual(found, { path: npm.main, source: "path", node: path.join(npm.bin, "node") });
    assert.equal(nodeFor(DEFAULT_NODE, found), path.join(npm.bin, "node"));
    assert.equal(nodeFor("/opt/node20/bin/node", found), "/opt/node20/bin/node");
    assert.equal(nodeFor(DEFAULT_NODE, null), DEFAULT_NODE);
    assert.equal(nodeFor(DEFAULT_NODE, { path: "/p/main.js", source: "setting", node: null }), DEFAULT_NODE);
    assert.match(found === null ? "" : describeCli(found), /\(('warden' on PATH)\), with the Node beside it: /);
  });

  test("running from a checkout, its own build comes before any `warden` on PATH", () => {
    const npm = globalPrefix();
    const repo = tempDir("wd-repo-");
    const main = path.join(repo, "dist", "daemon", "src", "cli", "main.js");
    fs.mkdirSync(path.dirname(main), { recursive: true });
    fs.writeFileSync(main, "");
    fs.mkdirSync(path.join(repo, "extension"));
    assert.deepEqual(locateCli({ configured: "", extensionPath: path.join(repo, "extension"), pathEnv: npm.bin }), { path: main, source: "checkout", node: null });
  });

  test("passes over what is not Warden's CLI: another program called warden, a non-executable, a dangling link, relative entries", () => {
    const other = dirWith("warden", "#!/bin/sh\necho another warden\n", 0o755);
    const notExecutable = globalPrefix();
    fs.chmodSync(notExecutable.main, 0o644);
    const dangling = globalPrefix();
    fs.rmSync(dangling.main);
    const impostor = globalPrefix("not-warden");
    const real = globalPrefix();
    const pathEnv = [".", "", other, notExecutable.bin, dangling.bin, impostor.bin, real.bin].join(path.delimiter);
    assert.deepEqual(findOnPath(pathEnv), { cli: real.main, node: null });
    assert.equal(findOnPath([other, impostor.bin].join(path.delimiter)), null);
    assert.equal(findOnPath(undefined), null);
  });

  test("nothing found: starting the daemon and running a command both say what to install", async () => {
    const ext = installedExtension();
    assert.equal(locateCli({ configured: "", extensionPath: ext, pathEnv: "/nonexistent" }), null);
    assert.match(CLI_NOT_FOUND, /npm install -g/);
    const options = { nodePath: process.execPath, cliPath: null, home: "/tmp/x", env: {} };
    await assert.rejects(startDaemon(options), (e: unknown) => e instanceof LaunchError && e.message === CLI_NOT_FOUND);
    const outcome = await runCliJson(options, ["connect", "codex"]);
    assert.ok(!outcome.ok && outcome.code === "cli_missing" && outcome.message === CLI_NOT_FOUND && /Reconnect/.test(outcome.fix));
  });

  test("a found CLI is looked up once per setting value; a miss is looked up again", () => {
    const answers: Array<CliLocation | null> = [null, { path: "/p/main.js", source: "path", node: null }, { path: "/other", source: "path", node: null }];
    let calls = 0;
    const locate = rememberFound(() => answers[calls++] ?? null);
    assert.equal(locate(""), null);
    assert.deepEqual(locate(""), { path: "/p/main.js", source: "path", node: null });
    assert.deepEqual(locate(""), { path: "/p/main.js", source: "path", node: null });
    assert.equal(calls, 2);
    assert.deepEqual(locate("/s"), { path: "/other", source: "path", node: null });
    assert.equal(calls, 3);
  });
});

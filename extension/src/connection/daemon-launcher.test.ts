import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { LaunchError, parseStartOutput, runCli, startDaemon } from "./daemon-launcher";

/** A stand-in CLI: prints what it was given and the WARDEN_HOME it saw, or fails like the real one does. */
function fakeCli(body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wd-cli-"));
  const file = path.join(dir, "main.js");
  fs.writeFileSync(file, body);
  return file;
}

describe("daemon launcher", () => {
  test("runs `daemon start --json` with the configured node and home, and reads its answer", async () => {
    const cli = fakeCli(`process.stdout.write(JSON.stringify({ pid: 4242, alreadyRunning: false, args: process.argv.slice(2), home: process.env.WARDEN_HOME }));`);
    const r = await startDaemon({ nodePath: process.execPath, cliPath: cli, home: "/tmp/wd-home", env: {} });
    assert.deepEqual(r, { pid: 4242, alreadyRunning: false });
    const raw = await runCli({ nodePath: process.execPath, cliPath: cli, home: "/tmp/wd-home", env: {} }, ["daemon", "start", "--json"]);
    assert.match(raw, /"args":\["daemon","start","--json"\],"home":"\/tmp\/wd-home"/);
  });

  test("a failing CLI's last stderr lines reach the error, with what to check", async () => {
    const cli = fakeCli(`console.error("warden: the module was compiled against a different Node.js version"); process.exit(3);`);
    await assert.rejects(startDaemon({ nodePath: process.execPath, cliPath: cli, home: "/tmp/x", env: {} }), (e: unknown) => e instanceof LaunchError && /different Node\.js version/.test(e.message) && /warden\.nodePath/.test(e.message));
    await assert.rejects(startDaemon({ nodePath: "/nonexistent/node", cliPath: cli, home: "/tmp/x", env: {} }), LaunchError);
  });

  test("start output must be the JSON the CLI prints", () => {
    assert.deepEqual(parseStartOutput('{"pid":1,"alreadyRunning":true}'), { pid: 1, alreadyRunning: true });
    assert.equal(parseStartOutput("Warden daemon started"), null);
    assert.equal(parseStartOutput('{"pid":"1"}'), null);
  });
});

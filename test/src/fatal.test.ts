import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, test } from "node:test";
import { WardenClient } from "../../protocol/src/client";
import { TempWarden } from "./helpers/warden-home";

const MAIN = path.resolve(__dirname, "..", "..", "daemon", "src", "main.js");

test("an uncaught error is logged, connected clients are told, and the socket and lock are released", async () => {
  const w = new TempWarden();
  after(() => w.cleanup());
  // The real daemon entry point, plus a fault that fires once a client is connected.
  const script = `
    const { runDaemon } = require(${JSON.stringify(MAIN)});
    runDaemon({}).then((code) => process.exit(code));
    process.on("SIGUSR2", () => setImmediate(() => { throw new Error("injected fault"); }));
  `;
  const child = spawn(process.execPath, ["-e", script], { env: w.env, stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));

  let client: WardenClient | undefined;
  for (let i = 0; i < 100 && client === undefined; i++) {
    client = await w.connect().catch(() => undefined);
    if (client === undefined) await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(client !== undefined, "daemon came up");
  const notice = new Promise<string>((resolve) => client.onNotice((kind, reason) => resolve(`${kind}: ${reason}`)));
  child.kill("SIGUSR2");

  assert.match(await notice, /^fatal: the daemon hit a fatal error \(uncaught exception\)/);
  assert.equal(await exited, 70);
  assert.match(log, /"msg":"fatal: uncaught exception","error":"injected fault"/);
  assert.equal(fs.existsSync(w.paths.socket), false, "socket removed");
  assert.equal(fs.existsSync(w.paths.pidFile), false, "lock released");
  // The log is intact and a fresh daemon starts.
  await w.start();
  assert.equal((await w.cli(["audit", "verify"])).code, 0);
});

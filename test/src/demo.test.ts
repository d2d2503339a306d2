import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";

const ROOT = path.resolve(__dirname, "..", "..", "..");

/** README's first command must keep working: run it headless and check what it shows. */
test("the README demo runs headless, shows the live log and a verified chain, and leaves nothing behind", async () => {
  const child = spawn("bash", [path.join(ROOT, "scripts", "demo.sh"), "--headless"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearTimeout(timer);
  assert.equal(code, 0, out);
  assert.match(out, /Warden daemon started \(pid \d+\)/);
  assert.match(out, /daemon\.started/);
  assert.match(out, /human\.note +\{"text":"demo: a developer starts a session"\}/);
  assert.match(out, /agent\.created/);
  assert.match(out, /token\.issued/);
  assert.match(out, /Read src\/answer\.ts +→ allow +\(read-workspace\)/);
  assert.match(out, /Read \.env +→ ask +\(secrets-ask-before-read\)/);
  assert.match(out, /\.vscode\/settings\.json +→ deny +\(builtin:protected-path\)/);
  assert.match(out, /Audit log verified: \d+ records/);
  const home = /WARDEN_HOME=(\/tmp\/warden-demo\.\w+)/.exec(out)?.[1];
  assert.ok(home !== undefined, "the demo names its WARDEN_HOME");
  assert.equal(fs.existsSync(home), false, "temporary state removed");
  assert.equal(fs.existsSync(`${home}.ws`), false, "the demo workspace removed");
});

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";

const ROOT = path.resolve(__dirname, "..", "..", "..");

/**
 * README's first command must keep working: run it headless (real daemon, code-server
 * with the extension in headless Chromium, real Claude Code) and check its summary.
 */
test("the README demo runs headless: each step decided as the policy says, the chain verified, nothing left behind", async () => {
  const child = spawn("bash", [path.join(ROOT, "scripts", "demo.sh"), "--headless"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  // On the deadline the demo gets SIGINT first, as Ctrl-C would, so that it still cleans up.
  const timer = setTimeout(() => {
    if (child.pid !== undefined) process.kill(-child.pid, "SIGINT");
    setTimeout(() => child.kill("SIGKILL"), 20_000).unref();
  }, 120_000);
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  clearTimeout(timer);
  assert.equal(code, 0, out);
  assert.match(out, /Warden daemon started \(pid \d+\)/);
  assert.match(out, /\$ warden policy pin 'npm test'/);
  assert.match(out, /\$ warden secret set payments_api </);
  assert.match(out, /Open: http:\/\/127\.0\.0\.1:\d+\/\?folder=vscode-remote/);
  assert.match(out, /\$ warden connect claude-code/);
  assert.match(out, /\$ warden run claude-code -- claude -p/);
  const steps: Array<[string, string, string]> = [
    ["Read src/cart.js", "allowed", "read-workspace"],
    ["Edit src/cart.js", "allowed", "edit-workspace"],
    ["Bash: npm test", "allowed", "npm-test-pinned"],
    ["Read .env", "denied", "env-files-denied"],
    ["Bash: echo … > .vscode/settings.json", "denied", "builtin:protected-path"],
    ["GET /v1/balance with ${secret:payments_api}", "approved", "payments-api-asks"],
    ["Bash: git commit -am …", "allowed", "commit-allowed"],
    ["Bash: git push origin main", "approved", "push-asks"],
  ];
  steps.forEach(([label, outcome, rule], i) => {
    const escaped = `${i + 1}. ${label}`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    assert.match(out, new RegExp(`ok +${escaped} +${outcome} +rule ${rule.replace(/[.:]/g, "\\$&")}\\n`), `step ${i + 1}`);
  });
  assert.match(out, /ok +the payment API got one call, the approved one, with the key Warden injected \(GET \/v1\/balance: key valid\)/);
  assert.match(out, /ok +the key never reached the model/);
  assert.match(out, /ok +approval panels in VS Code, answered by clicking "Approve once"/);
  assert.match(out, /ok +the API call's panel names the secret it carries: Carries secret payments_api: put in by Warden/);
  assert.match(out, /ok +the extension's activity log showed the run live/);
  assert.match(out, /payments_api .*used 1×.* by claude-code/);
  assert.match(out, /Audit log verified: \d+ records/);
  assert.match(out, /ok +nothing left behind: no process carries this run's marker/);
  assert.doesNotMatch(out, /FAIL/);
  assert.match(out, /demo finished: every step went as expected/);
  const root = /WARDEN_HOME=(\/tmp\/warden-demo-\w+)\/home/.exec(out)?.[1];
  assert.ok(root !== undefined, "the demo names its WARDEN_HOME");
  assert.equal(fs.existsSync(root), false, "the demo's temporary directory was removed");
});

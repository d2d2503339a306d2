// The config-file watcher against a real directory: what is there when watching
// starts is learned, not recorded; a secret written afterwards into a config file
// is recorded once, masked; other files and dependency trees are not read.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import type { NewEvent } from "../../audit/store";
import { TokenFactory } from "../detect/token-fixtures";
import { ConfigSecretWatcher } from "./config-watcher";

const f = new TokenFactory(1234);
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting for the watcher");
    await new Promise((r) => setTimeout(r, 25));
  }
}

test("secrets written into config files after start are recorded once, masked", async () => {
  const workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wwatch-")));
  const old = f.checksummed("ghp_");
  fs.writeFileSync(path.join(workspace, ".env"), `OLD_TOKEN=${old}\n`);
  fs.mkdirSync(path.join(workspace, ".vscode"));
  fs.mkdirSync(path.join(workspace, "node_modules", "pkg"), { recursive: true });
  const events: NewEvent[] = [];
  const watcher = new ConfigSecretWatcher({ append: (e) => Promise.resolve(void events.push(...e)), actor: { type: "daemon", id: "warden" }, log: quiet, workspaces: () => [workspace] });
  try {
    watcher.start();
    await watcher.ready(workspace);
    const fresh = f.checksummed("ghp_");
    fs.writeFileSync(path.join(workspace, ".vscode", "mcp.json"), JSON.stringify({ servers: { gh: { env: { GITHUB_TOKEN: fresh } } } }));
    fs.writeFileSync(path.join(workspace, "notes.md"), `token ${f.checksummed("ghp_")}`);
    fs.writeFileSync(path.join(workspace, "node_modules", "pkg", "package.json"), `{"token": "${f.checksummed("ghp_")}"}`);
    // The old secret is still there, next to a new one: only the new one is recorded.
    fs.appendFileSync(path.join(workspace, ".env"), `NEW_TOKEN=${f.checksummed("ghp_")}\n`);
    await until(() => events.length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    const files = events.map((e) => (typeof e.payload === "object" && e.payload !== null && "file" in e.payload ? e.payload.file : null)).sort();
    assert.deepEqual(files, [".env", ".vscode/mcp.json"]);
    assert.ok(events.every((e) => e.kind === "secret.found" && e.workspace === workspace));
    const text = JSON.stringify(events);
    assert.ok(!text.includes(fresh.slice(4)) && !text.includes(old.slice(4)), "values never reach the log");
    assert.equal((text.match(/github-token/g) ?? []).length, 4, "one finding per event (kind and rule)");
  } finally {
    await watcher.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
});

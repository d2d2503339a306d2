import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { parseCliOutput, runCliJson } from "./cli-json";

describe("running the CLI with --json", () => {
  test("reads the answer, the CLI's error with a fix, and output that is not the CLI's", () => {
    assert.deepEqual(parseCliOutput(0, '{"agent":{"name":"codex"}}\n', ""), { ok: true, data: { agent: { name: "codex" } } });
    const refused = parseCliOutput(4, '{"error":{"code":"not_running","message":"no daemon is running in /h"}}\n', "warden: no daemon is running in /h\n");
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok && refused.code === "not_running" && refused.message === "no daemon is running in /h" && /Reconnect to Daemon/.test(refused.fix));
    const crash = parseCliOutput(1, "", "TypeError: x is not a function\n    at main.js:1\n");
    assert.ok(!crash.ok && crash.code === "spawn" && crash.message.includes("TypeError") && /warden\.nodePath/.test(crash.fix));
  });

  test("a real process: its JSON, its error, and a Node that does not exist", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wd-cli-"));
    const cli = path.join(dir, "main.js");
    fs.writeFileSync(cli, `const a = process.argv.slice(2); if (a[0] === "fail") { console.log(JSON.stringify({ error: { code: "conflict", message: "settings are out of date" } })); process.exit(6); } console.log(JSON.stringify({ args: a, home: process.env.WARDEN_HOME }));`);
    const options = { nodePath: process.execPath, cliPath: cli, home: "/tmp/wh", env: {} };
    assert.deepEqual(await runCliJson(options, ["connect", "codex"]), { ok: true, data: { args: ["connect", "codex", "--json"], home: "/tmp/wh" } });
    const failed = await runCliJson(options, ["fail"]);
    assert.ok(!failed.ok && failed.code === "conflict" && failed.message === "settings are out of date");
    const missing = await runCliJson({ ...options, nodePath: path.join(dir, "no-node") }, ["x"]);
    assert.ok(!missing.ok && missing.code === "spawn" && missing.message.includes("no-node"), JSON.stringify(missing));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

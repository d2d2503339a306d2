// `warden scan` as a real process: exit codes (0 none, 1 found, 2 usage), the
// three formats, --output, and no progress control characters when stderr is
// not a terminal.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { TokenFactory } from "../../daemon/src/secrets/detect/token-fixtures";
import { runScan, scanTree } from "./scan-helpers";

const f = new TokenFactory(808);

test("exit 0 and a summary when nothing is found", async () => {
  const root = scanTree({ "README.md": "# hello\n", ".gitignore": ".wh/\n" });
  const r = await runScan(root, []);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^No secrets found \(2 files scanned\)\.$/m);
});

test("exit 1 with kind, file, line, column and a masked preview; never the value", async () => {
  const token = f.checksummed("ghp_");
  const root = scanTree({ ".gitignore": ".wh/\n", "src/config.ts": `export const x = 1;\nconst token = "${token}";\n` });
  const r = await runScan(root, []);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^src\/config\.ts:2:16 {2}github-token {2}ghp_…\(36 more\) {2}\(github-token, high\)$/m);
  assert.ok(!r.stdout.includes(token) && !r.stderr.includes(token));
  assert.ok(!r.stderr.includes("\r"), "no progress bar on a non-terminal");
  const json = await runScan(root, ["--json"]);
  assert.equal(json.code, 1);
  const parsed: unknown = JSON.parse(json.stdout);
  assert.ok(typeof parsed === "object" && parsed !== null && "findings" in parsed && Array.isArray(parsed.findings));
  assert.deepEqual(parsed.findings[0], { file: "src/config.ts", line: 2, column: 16, endLine: 2, endColumn: 56, kind: "github-token", rule: "github-token", confidence: "high", preview: "ghp_…(36 more)" });
  assert.ok(!json.stdout.includes(token));
});

test("--output writes the report to a file; stdout stays empty", async () => {
  const root = scanTree({ ".gitignore": ".wh/\n", "a.env": `API_TOKEN=${f.chars(32)}\n` });
  const out = path.join(root, "report.sarif");
  const r = await runScan(root, ["a.env", "--format", "sarif", "--output", out]);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /1 possible secret found .* Report written to/);
  assert.ok(fs.readFileSync(out, "utf8").includes('"version": "2.1.0"'));
});

test("usage errors exit 2 and name the bad input", async () => {
  const root = scanTree({ "x.txt": "x" });
  const missing = await runScan(root, ["no-such-dir"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /'no-such-dir' does not exist/);
  const format = await runScan(root, ["--format", "xml"]);
  assert.equal(format.code, 2);
  assert.match(format.stderr, /text, json, sarif/);
  const size = await runScan(root, ["--max-file-size", "lots"]);
  assert.equal(size.code, 2);
  assert.match(size.stderr, /--max-file-size 'lots'/);
});

test("--help documents formats and exit codes", async () => {
  const r = await runScan(os.tmpdir(), ["--help"]);
  assert.equal(r.code, 0);
  const help = r.stdout.replace(/\s+/g, " ");
  for (const s of ["--format", "--output", "--json", "--no-gitignore", "exit 0 when none are found, 1 when some are, 2 on a usage error"]) assert.ok(help.includes(s), s);
});

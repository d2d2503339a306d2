#!/usr/bin/env node
// Runs every compiled *.test.js under dist/ with Node's built-in test runner.
// Node 20's `--test` takes no globs, so the files are listed here; a filter
// argument (substring of the path) narrows the run: `node scripts/run-tests.js audit`.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "dist");
const filter = process.argv[2];

function collect(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return collect(full);
    return entry.name.endsWith(".test.js") ? [full] : [];
  });
}

if (!fs.existsSync(root)) {
  console.error("run-tests: dist/ is missing; run `npm run build` first");
  process.exit(1);
}
const files = collect(root)
  .filter((f) => filter === undefined || f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`run-tests: no test files match${filter ? ` '${filter}'` : ""}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=2", ...files], { stdio: "inherit" });
process.exit(result.status ?? 1);

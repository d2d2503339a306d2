#!/usr/bin/env node
// Re-imports the test corpora into test/corpora/ from a checkout of the shared corpora
// (`node scripts/import-corpora.js ../shared/corpora`). Only a maintainer runs this: the
// tests read test/corpora/ alone. It copies the files the tests and benchmarks read,
// gzip-compressed (deterministic: no name, no mtime), and writes MANIFEST.json with each
// file's source, commit, licence and the sha256 of its uncompressed text.
//
// Licences: every file kept is MIT, Apache-2.0 or CC-BY-4.0. The labelled secrets corpus
// keeps only its MIT and Apache-2.0 rows; the trufflehog rows (AGPL-3.0) are left out,
// because AGPL text does not belong in an MIT repository. An unknown licence stops the import.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const zlib = require("node:zlib");

const OUT = path.resolve(__dirname, "..", "test", "corpora");
const LICENSE_FILES = {
  "swisskyrepo/PayloadsAllTheThings": "LICENSES/MIT-PayloadsAllTheThings.txt",
  "payloadbox/command-injection-payload-list": "LICENSES/MIT-payloadbox.txt",
  "danielmiessler/SecLists": "LICENSES/MIT-SecLists.txt",
  "TellinaTool/nl2bash": "LICENSES/MIT-nl2bash.txt",
  "tldr-pages/tldr": "LICENSES/CC-BY-4.0-tldr.txt",
};
// The secrets corpus gives a licence per row; these are the ones an MIT repository can hold.
const ROW_LICENSES = { MIT: ["gitleaks/gitleaks", "secretlint/secretlint"], "Apache-2.0": ["Yelp/detect-secrets"] };
const ROW_LICENSE_FILES = ["LICENSES/MIT-gitleaks.txt", "LICENSES/MIT-secretlint.txt", "LICENSES/Apache-2.0-detect-secrets.txt"];
const LEFT_OUT_ROW_LICENSES = new Set(["AGPL-3.0"]);

/** What the tests and benchmarks read (see daemon/src/test-corpora.ts for the readers). */
function wanted(shared) {
  const dir = (d, exts) =>
    fs
      .readdirSync(path.join(shared, d))
      .filter((n) => exts.some((e) => n.endsWith(e)))
      .sort()
      .map((n) => `${d}/${n}`);
  return [
    ...dir("payloads/path-traversal", [".txt"]),
    ...dir("payloads/ssrf", [".txt", ".tsv"]),
    ...dir("payloads/command-injection", [".txt"]),
    "shell/nl2bash-all.cm",
    // The `command` field of tldr-examples.jsonl, line for line: the tests need no more of it.
    "shell/tldr-commands.txt",
    "secrets/labelled.jsonl",
  ];
}

function permissiveRows(text) {
  const kept = [];
  const dropped = new Map();
  for (const [i, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    const row = JSON.parse(line);
    if (ROW_LICENSES[row.license]?.some((repo) => row.source.startsWith(`${repo}:`))) kept.push(line);
    else if (LEFT_OUT_ROW_LICENSES.has(row.license)) dropped.set(row.license, (dropped.get(row.license) ?? 0) + 1);
    else throw new Error(`secrets/labelled.jsonl line ${i + 1}: licence '${row.license}' of ${row.source} is not one this import knows`);
  }
  return { text: `${kept.join("\n")}\n`, kept: kept.length, dropped: Object.fromEntries(dropped) };
}

function main() {
  const shared = process.argv[2];
  if (shared === undefined) throw new Error("usage: node scripts/import-corpora.js <path of the shared corpora checkout>");
  const upstream = JSON.parse(fs.readFileSync(path.join(shared, "MANIFEST.json"), "utf8"));
  const entries = [];
  for (const file of wanted(shared)) {
    const source = upstream.find((e) => e.file === file);
    if (source === undefined) throw new Error(`${file} is not in ${shared}/MANIFEST.json`);
    let text = fs.readFileSync(path.join(shared, file), "utf8");
    const entry = { file, stored: `${file}.gz`, source_repo: source.source_repo, source_path: source.source_path, commit: source.commit, license: source.license };
    if (file === "secrets/labelled.jsonl") {
      const rows = permissiveRows(text);
      text = rows.text;
      entry.license = "per row: MIT (gitleaks, secretlint), Apache-2.0 (detect-secrets)";
      entry.license_files = ROW_LICENSE_FILES;
      entry.note = `rows whose licence is MIT or Apache-2.0 only; left out: ${JSON.stringify(rows.dropped)} rows (trufflesecurity/trufflehog, AGPL-3.0)`;
    } else {
      const licenseFile = LICENSE_FILES[source.source_repo];
      if (licenseFile === undefined || !/^(MIT|CC-BY-4\.0)\b/.test(source.license)) throw new Error(`${file}: no licence file known for ${source.source_repo} (${source.license})`);
      entry.license_files = [licenseFile];
    }
    entry.lines = text.split("\n").filter((l) => l !== "").length;
    entry.bytes = Buffer.byteLength(text);
    entry.sha256 = crypto.createHash("sha256").update(text).digest("hex");
    fs.mkdirSync(path.dirname(path.join(OUT, entry.stored)), { recursive: true });
    fs.writeFileSync(path.join(OUT, entry.stored), zlib.gzipSync(text, { level: 9 }));
    entries.push(entry);
  }
  fs.writeFileSync(path.join(OUT, "MANIFEST.json"), `${JSON.stringify(entries, null, 1)}\n`);
  console.log(`import-corpora: ${entries.length} files into ${path.relative(process.cwd(), OUT) || "."}`);
}

main();

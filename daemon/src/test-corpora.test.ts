// The corpora in test/corpora/ are what MANIFEST.json says they are: every file listed with
// its source, commit and licence text, unchanged since import (sha256), and no row under a
// licence an MIT repository cannot hold. Reads stay inside test/corpora.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { CORPORA_DIR, corpusFiles, corpusText } from "./test-corpora";

interface Entry {
  file: string;
  stored: string;
  source_repo: string;
  commit: string;
  license: string;
  license_files: string[];
  lines: number;
  sha256: string;
}

// AGPL-3.0 (the trufflehog rows of the shared secrets corpus) is left out on purpose; see test/corpora/README.md.
const ROW_LICENSES = new Set(["MIT", "Apache-2.0"]);

function text(e: object, key: string, where: string): string {
  const value: unknown = Object.getOwnPropertyDescriptor(e, key)?.value;
  if (typeof value !== "string" || value === "") assert.fail(`${where} has no non-empty ${key}`);
  return value;
}

function manifest(): Entry[] {
  const raw: unknown = JSON.parse(fs.readFileSync(path.join(CORPORA_DIR, "MANIFEST.json"), "utf8"));
  if (!Array.isArray(raw)) assert.fail("MANIFEST.json is not a list");
  return raw.map((e: unknown, i): Entry => {
    const where = `MANIFEST.json entry ${i}`;
    if (typeof e !== "object" || e === null) assert.fail(`${where} is not an object`);
    const licenseFiles: unknown = "license_files" in e ? e.license_files : undefined;
    const lines: unknown = "lines" in e ? e.lines : undefined;
    if (!Array.isArray(licenseFiles) || !licenseFiles.every((l) => typeof l === "string")) assert.fail(`${where} has no license_files list`);
    if (typeof lines !== "number") assert.fail(`${where} has no line count`);
    const [file, stored, source_repo, commit, license, sha256] = ["file", "stored", "source_repo", "commit", "license", "sha256"].map((k) => text(e, k, where));
    return { file: file ?? "", stored: stored ?? "", source_repo: source_repo ?? "", commit: commit ?? "", license: license ?? "", license_files: licenseFiles, lines, sha256: sha256 ?? "" };
  });
}

function rowField(row: unknown, key: string): string {
  const value: unknown = typeof row === "object" && row !== null ? Object.getOwnPropertyDescriptor(row, key)?.value : undefined;
  return typeof value === "string" ? value : `<no ${key}>`;
}

function storedFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return storedFiles(full);
    return d.name.endsWith(".gz") ? [path.relative(CORPORA_DIR, full).split(path.sep).join("/")] : [];
  });
}

test("every corpus file is in the manifest with its source, commit and licence text, and unchanged since import", () => {
  const entries = manifest();
  assert.deepEqual(storedFiles(CORPORA_DIR).sort(), entries.map((e) => e.stored).sort(), "the .gz files and the manifest list the same files");
  for (const e of entries) {
    assert.equal(e.stored, `${e.file}.gz`);
    assert.ok(e.license_files.length > 0, `${e.file} names its licence text`);
    for (const l of e.license_files) assert.ok(fs.existsSync(path.join(CORPORA_DIR, l)), `${e.file}: licence text ${l} exists`);
    const text = corpusText(e.file);
    assert.equal(crypto.createHash("sha256").update(text).digest("hex"), e.sha256, `${e.file} matches the sha256 recorded at import`);
    assert.equal(text.split("\n").filter((l) => l !== "").length, e.lines, `${e.file} line count`);
  }
});

test("attack: no row of the secrets corpus is under a licence outside MIT and Apache-2.0 (the AGPL rows stay out)", () => {
  const rows = corpusText("secrets/labelled.jsonl").split("\n").filter((l) => l !== "");
  assert.ok(rows.length > 1500, `expected the MIT and Apache-2.0 rows, got ${rows.length}`);
  const foreign = rows
    .map((line, i) => {
      const row: unknown = JSON.parse(line);
      return { line: i + 1, license: rowField(row, "license"), source: rowField(row, "source") };
    })
    .filter(({ license }) => !ROW_LICENSES.has(license))
    .map(({ line, license, source }) => `line ${line}: ${license} (${source})`);
  assert.deepEqual(foreign, []);
});

test("a missing corpus file fails naming it; a path leaving test/corpora is refused", () => {
  assert.throws(() => corpusText("payloads/ssrf/not-there.txt"), /test corpus missing: test\/corpora\/payloads\/ssrf\/not-there\.txt\.gz/);
  assert.throws(() => corpusFiles("payloads/not-there", ".txt"), /test corpus directory missing: test\/corpora\/payloads\/not-there/);
  // package.json.gz does not exist either, but the refusal must come first: no read outside the corpora.
  assert.throws(() => corpusText("../../package.json"), /is not a path inside test\/corpora/);
  assert.throws(() => corpusText("/etc/passwd"), /is not a path inside test\/corpora/);
  assert.throws(() => corpusFiles("../..", ".json"), /is not a path inside test\/corpora/);
});

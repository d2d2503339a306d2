/**
 * Where the shared corpora live and how their lines are read. The compiled file is
 * dist/test/src/bench/policy/corpus.js, so the project root is five levels up from
 * its directory, and the corpora sit beside the project in ../shared/corpora.
 */
import fs from "node:fs";
import path from "node:path";

export const PROJECT_ROOT = path.resolve(__dirname, "..", "..", "..", "..", "..");
export const CORPORA = path.resolve(PROJECT_ROOT, "..", "shared", "corpora");

/** Fails with a clear message when the compiled layout is not the one assumed above. */
export function checkProjectRoot(): void {
  const pkg = path.join(PROJECT_ROOT, "package.json");
  const text = fs.existsSync(pkg) ? fs.readFileSync(pkg, "utf8") : "";
  if (!/"name":\s*"warden"/.test(text)) {
    throw new Error(`policy bench: expected Warden's package.json at ${pkg} (five levels above ${__dirname}); has the build output moved?`);
  }
}

/** The non-empty lines of `../shared/corpora/<relative>`, without trailing CR. */
export function corpusLines(relative: string): string[] {
  const file = path.join(CORPORA, relative);
  if (!fs.existsSync(file)) {
    throw new Error(`policy bench: corpus file missing: ${file}\n  (expected ../shared/corpora/${relative} relative to the project root ${PROJECT_ROOT})`);
  }
  const lines = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .map((l) => l.replace(/\r$/, ""))
    .filter((l) => l.trim() !== "");
  if (lines.length === 0) throw new Error(`policy bench: corpus file is empty: ${file}`);
  return lines;
}

/** Every line of every `*.txt` file in `../shared/corpora/<dir>`. */
export function corpusDirLines(dir: string): string[] {
  const full = path.join(CORPORA, dir);
  if (!fs.existsSync(full)) throw new Error(`policy bench: corpus directory missing: ${full} (../shared/corpora/${dir} relative to ${PROJECT_ROOT})`);
  const files = fs.readdirSync(full).filter((f) => f.endsWith(".txt")).sort();
  if (files.length === 0) throw new Error(`policy bench: no .txt files in ${full}`);
  return files.flatMap((f) => corpusLines(path.join(dir, f)));
}

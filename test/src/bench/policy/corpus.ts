/**
 * How the policy bench, the load test and the shell differential read corpus lines.
 * The files are in the repository (test/corpora/), found by daemon/src/test-corpora.ts.
 */
import { checkRepoRoot, corpusFiles, corpusText } from "../../../../daemon/src/test-corpora";

/** Fails with a clear message when the compiled layout is not the one the corpora are found from. */
export function checkProjectRoot(): void {
  checkRepoRoot();
}

/** The non-empty lines of `test/corpora/<relative>`, without trailing CR. */
export function corpusLines(relative: string): string[] {
  const lines = corpusText(relative)
    .split("\n")
    .map((l) => l.replace(/\r$/, ""))
    .filter((l) => l.trim() !== "");
  if (lines.length === 0) throw new Error(`policy bench: corpus file is empty: test/corpora/${relative}`);
  return lines;
}

/** Every line of every `*.txt` file in `test/corpora/<dir>`. */
export function corpusDirLines(dir: string): string[] {
  return corpusFiles(dir, ".txt").flatMap((f) => corpusLines(f));
}

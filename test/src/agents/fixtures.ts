// Throwaway directories and small scripts for the agent harness tests.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** A scratch directory (by real path, as the agents report it) removed by `dispose`. */
export class Scratch {
  readonly root: string;

  constructor(prefix: string) {
    this.root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `warden-${prefix}-`)));
  }

  /** A subdirectory, created if missing. */
  dir(...parts: string[]): string {
    const dir = path.join(this.root, ...parts);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Writes a file (creating parent directories) and returns its path. */
  file(relative: string, content: string, mode = 0o644): string {
    const file = path.join(this.root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content, { mode });
    return file;
  }

  /** Writes an executable script. */
  script(relative: string, content: string): string {
    return this.file(relative, content, 0o755);
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** Runs `body` with a scratch directory that is removed afterwards, pass or fail. */
export async function withScratch<T>(prefix: string, body: (scratch: Scratch) => Promise<T>): Promise<T> {
  const scratch = new Scratch(prefix);
  try {
    return await body(scratch);
  } finally {
    scratch.dispose();
  }
}

/** JSON Lines written by a logging script; unparsable lines fail the test loudly. */
export function readJsonLines(file: string): unknown[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line): unknown => JSON.parse(line));
}

import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * What a script runner would actually run, as a hash: `npm test` runs the `test`
 * script (and its pre/post scripts) from package.json; `make` runs the Makefile. A
 * rule that allows a runner names this hash, so editing the script — by the agent,
 * say — makes the same command ask again.
 */
export function scriptHash(program: string, args: readonly string[], cwd: string): string | null {
  const name = scriptName(program, args);
  if (name !== null) return npmScriptHash(name, cwd);
  if (program === "make") {
    // -f/-C/--file/--directory change which makefile runs: not pinned.
    if (args.some((a) => /^(-f|-C|--file|--directory|--makefile|-I|--include-dir)/.test(a))) return null;
    for (const file of ["GNUmakefile", "makefile", "Makefile"]) {
      const text = readSmall(path.join(cwd, file));
      if (text !== null) return digest(["make", file, text]);
    }
  }
  return null;
}

function scriptName(program: string, args: readonly string[]): string | null {
  if (program !== "npm" && program !== "pnpm" && program !== "yarn") return null;
  const positional = args.filter((a) => !a.startsWith("-"));
  const [first, second] = positional;
  if (first === undefined) return null;
  if (first === "run" || first === "run-script") return second ?? null;
  if (["test", "start", "stop", "restart"].includes(first)) return first;
  return program === "yarn" ? first : null;
}

function npmScriptHash(name: string, cwd: string): string | null {
  const text = readSmall(path.join(cwd, "package.json"));
  if (text === null) return null;
  let scripts: unknown;
  try {
    const parsed: unknown = JSON.parse(text);
    scripts = typeof parsed === "object" && parsed !== null && "scripts" in parsed ? parsed.scripts : undefined;
  } catch {
    return null;
  }
  if (typeof scripts !== "object" || scripts === null) return null;
  const entries = new Map<string, unknown>(Object.entries(scripts));
  const body = entries.get(name);
  if (typeof body !== "string") return null;
  const pre = entries.get(`pre${name}`);
  const post = entries.get(`post${name}`);
  return digest(["npm-script", name, typeof pre === "string" ? pre : "", body, typeof post === "string" ? post : ""]);
}

function readSmall(file: string): string | null {
  try {
    const st = fs.statSync(file);
    return st.isFile() && st.size <= 1024 * 1024 ? fs.readFileSync(file, "utf8") : null;
  } catch {
    return null;
  }
}

function digest(parts: readonly string[]): string {
  return `sha256:${createHash("sha256").update(JSON.stringify(parts)).digest("hex")}`;
}

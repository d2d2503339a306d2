// Where the pinned agent CLIs live (test/agents/node_modules, installed by
// scripts/test.sh). A missing or broken install throws, naming the fix: an
// end-to-end test must fail, never skip, when its agent is not there.
import fs from "node:fs";
import path from "node:path";

/** test/agents, found from this file's compiled location dist/test/src/agents. */
export const AGENTS_DIR = path.resolve(__dirname, "..", "..", "..", "..", "test", "agents");

const FIX = "run `bash scripts/test.sh` (it runs `npm ci --prefix test/agents`)";

/** Claude Code's native binary; its package's postinstall copies it over a placeholder. */
export function claudeBinary(): string {
  const bin = path.join(AGENTS_DIR, "node_modules", ".bin", "claude");
  requireExecutable(bin, "Claude Code (@anthropic-ai/claude-code)");
  // The placeholder left when the postinstall did not run is a small script; the
  // real binary is hundreds of megabytes.
  if (fs.statSync(bin).size < 1024 * 1024) {
    throw new Error(`Claude Code at ${bin} is the package's placeholder, not the native binary: its postinstall did not run. Fix: ${FIX}.`);
  }
  return bin;
}

/** Codex's launcher script (it picks the platform binary from @openai/codex-<platform>). */
export function codexBinary(): string {
  const bin = path.join(AGENTS_DIR, "node_modules", ".bin", "codex");
  requireExecutable(bin, "Codex (@openai/codex)");
  return bin;
}

function requireExecutable(bin: string, what: string): void {
  try {
    fs.accessSync(bin, fs.constants.X_OK);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${what} is not installed at ${bin} (${reason}). Fix: ${FIX}.`, { cause: error });
  }
}

// Helpers shared by the gate-*.test.ts files, and unit tests of the pure parsing the
// shell gate relies on.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { modelCommandOf } from "../../daemon/src/hook/claude-shell-script";
import { shellJoin, splitSimple } from "../../daemon/src/hook/entry-points";

/** The compiled lean entries, beside the compiled CLI. */
export const HOOK_MAIN = path.resolve(__dirname, "..", "..", "daemon", "src", "hook", "main.js");
export const SHELL_GATE_MAIN = path.resolve(__dirname, "..", "..", "daemon", "src", "hook", "shell-gate-main.js");

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `node ARGS…` with `input` on stdin (null: left open); kills it (and fails) past `timeoutMs`. */
export function runNode(args: readonly string[], options: { env: NodeJS.ProcessEnv; input?: string | Buffer | null; cwd?: string; timeoutMs?: number }): Promise<Exit> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], { env: options.env, cwd: options.cwd ?? process.cwd(), stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`node ${args.join(" ")} did not finish within ${options.timeoutMs ?? 30_000} ms\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
    // A hook that stops reading early (oversized input) closes the pipe under us.
    child.stdin.on("error", () => undefined);
    // null: keep stdin open, as an agent that never finishes writing would.
    if (options.input === null) child.on("close", () => child.stdin.destroy());
    else child.stdin.end(options.input ?? "");
  });
}

/** A workspace outside WARDEN_HOME (everything inside it is Warden's state, out of agents' reach). */
export function tempWorkspace(prefix = "wd-gws-"): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/** Claude Code 2.1.332's wrapper around a Bash command, as CLAUDE_CODE_SHELL_PREFIX receives it. */
export function claudeScript(command: string, opts: { stdinNull?: boolean } = {}): string {
  const quoted = `'${command.replace(/'/g, `'"'"'`)}'`;
  return (
    "source /nonexistent/.claude/shell-snapshots/snapshot-bash-1-x.sh 2>/dev/null || true && " +
    "{ \\builtin shopt -u extglob || \\builtin setopt NO_EXTENDED_GLOB; } >/dev/null 2>&1 || true && " +
    `eval ${quoted}${opts.stdinNull === false ? "" : " < /dev/null"} && pwd -P >| /tmp/claude-ab12-cwd`
  );
}

// ── Unit tests of the pure parts the gate's security rests on (this file also holds
// the helpers the other gate-*.test.ts files share) ─────────────────────────────

describe("Claude Code's shell wrapper", () => {
  test("the model's command is read back exactly, quotes and newlines included", () => {
    for (const cmd of ["echo hi > a.txt", `echo 'it'"s" && printf %s\\n a | cat > q.txt`, "cat <<EOF > h.txt\nline1 $HOME\nEOF", "'", "''"]) {
      assert.equal(modelCommandOf(claudeScript(cmd)), cmd);
      assert.equal(modelCommandOf(claudeScript(cmd, { stdinNull: false })), cmd);
    }
  });

  test("attack: anything after the command, or a wrapper of another shape, is not taken apart", () => {
    assert.equal(modelCommandOf(`${claudeScript("echo hi")}; touch pwned`), null);
    assert.equal(modelCommandOf(`${claudeScript("echo hi")} && touch pwned`), null);
    assert.equal(modelCommandOf(claudeScript("echo hi").replace("eval 'echo hi'", "eval \"echo hi\"")), null);
    assert.equal(modelCommandOf(claudeScript("echo hi").replace("eval 'echo hi'", "eval 'echo hi'$(touch x)")), null);
    assert.equal(modelCommandOf("echo hi"), null);
  });

  test("Warden's own command lines split back into the words they were joined from", () => {
    const words = ["/usr/bin/node", "/a b/it's/main.js", "claude-code", "--workspace", "/w $x"];
    assert.deepEqual(splitSimple(shellJoin(words)), words);
    assert.equal(splitSimple("node main.js; rm -rf /"), null);
    assert.equal(splitSimple("node $(evil)"), null);
  });
});

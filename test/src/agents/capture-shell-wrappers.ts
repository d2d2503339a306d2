/**
 * Records the scripts the real Claude Code CLI hands to CLAUDE_CODE_SHELL_PREFIX for
 * many command shapes, and prints them as the fixture module the shell gate's tests
 * read (daemon/src/hook/claude-wrappers.fixture.ts). Run after an upgrade of the
 * pinned CLI:  npx tsc -b test && node dist/test/src/agents/capture-shell-wrappers.js > daemon/src/hook/claude-wrappers.fixture.ts
 * The scripted model asks for each command; the prefix script appends its argument
 * (NUL-terminated) to a file and runs nothing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AGENTS_DIR } from "./install";
import { runClaude } from "./claude";
import { startModelServer } from "./model-server";
import { say, tools } from "./script";

/** The command shapes: one word, arguments, each quote kind, expansions, operators, newlines, heredocs, unicode, backslashes. */
export const SHAPES: readonly string[] = [
  "ls",
  "pwd",
  "ls -la src",
  "echo 'single quoted'",
  'echo "double quoted"',
  "echo \"it's\"",
  "echo 'say \"hi\"'",
  "echo $HOME",
  "echo ${HOME}/x",
  "cat a.txt | wc -l",
  "mkdir -p src/lib && touch src/lib/x.ts",
  "git status || true",
  "echo one; echo two",
  "echo first\necho second",
  "cat <<'EOF'\nheredoc body $x\nEOF",
  "echo héllo wörld ✓",
  "echo a\\ b \\\\ c",
  "printf '%s\\n' \"$(date +%s)\"",
  "ls *.ts 2>/dev/null",
  "FOO=1 env | grep FOO",
  "cd src && ls",
  "echo `whoami`",
  "true",
  // No blank: Claude Code leaves such a word unquoted after eval, escaping specials with backslashes.
  "ls|wc",
  "true&&pwd",
  "echo$HOME",
  "ls;pwd",
  "cat<a.txt",
  "echo'x'",
  "ls~",
];

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "capture-wrappers-"));
  const record = path.join(dir, "recorded");
  const prefix = path.join(dir, "prefix.sh");
  fs.writeFileSync(prefix, `#!/bin/sh\nprintf '%s\\0' "$#:$1" >> '${record}'\n`, { mode: 0o755 });
  const settings = path.join(dir, "settings.json");
  fs.writeFileSync(settings, JSON.stringify({ permissions: { allow: ["Bash"] } }));
  const workspace = path.join(dir, "ws");
  fs.mkdirSync(workspace);
  const server = await startModelServer([...SHAPES.map((command) => tools({ tool: "Bash", input: { command } })), say("done")]);
  try {
    const run = await runClaude({ workspace, prompt: "run the commands", modelUrl: server.url, settingsFile: settings, env: { CLAUDE_CODE_SHELL_PREFIX: prefix }, timeoutMs: 300_000 });
    if (run.code !== 0) throw new Error(`claude exited ${String(run.code)}: ${run.stderr}`);
  } finally {
    await server.close();
  }
  // One command per model turn, so the wrappers come in the order of SHAPES; other commands Claude Code runs
  // through the prefix (its shell snapshot) have no eval.
  const scripts = fs.readFileSync(record, "utf8").split("\0").filter((s) => s.startsWith("1:") && s.includes(" && eval ") && s.includes(" && pwd -P >| "));
  if (scripts.length !== SHAPES.length) throw new Error(`recorded ${scripts.length} wrappers for ${SHAPES.length} commands: ${JSON.stringify(scripts)}`);
  const cases = SHAPES.map((command, i) => ({ command, script: (scripts[i] ?? "").slice(2).replace(/\/tmp\/warden-claude-home-[A-Za-z0-9]+/g, "/tmp/warden-claude-home-XXXXXX") }));
  const pkg: unknown = JSON.parse(fs.readFileSync(path.join(AGENTS_DIR, "node_modules", "@anthropic-ai", "claude-code", "package.json"), "utf8"));
  const version = typeof pkg === "object" && pkg !== null && "version" in pkg ? String(pkg.version) : "unknown";
  process.stdout.write(renderFixture(version, cases));
  fs.rmSync(dir, { recursive: true, force: true });
}

function renderFixture(version: string, cases: ReadonlyArray<{ command: string; script: string }>): string {
  return `/**
 * Wrappers the real Claude Code CLI ${version} wrote around each command (the one
 * argument it passed to CLAUDE_CODE_SHELL_PREFIX), recorded by
 * test/src/agents/capture-shell-wrappers.ts with a scripted model. The session's
 * temporary home is rewritten to /tmp/warden-claude-home-XXXXXX. Regenerate after upgrading the CLI.
 */
export const CLAUDE_CODE_VERSION = ${JSON.stringify(version)};

export const RECORDED_WRAPPERS: ReadonlyArray<{ command: string; script: string }> = ${JSON.stringify(cases, null, 2)};
`;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

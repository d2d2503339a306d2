/**
 * The policy bench's workload: Claude Code PreToolUse hook inputs built from real
 * data (nl2bash commands, traversal and SSRF payload lists) mixed with ordinary repo
 * file paths and API URLs, shuffled with a fixed seed.
 */
import path from "node:path";
import { corpusDirLines, corpusLines } from "./corpus";
import { Random, cycle, pick, seededRandom, shuffle } from "./prng";

export type Category = "shell" | "file" | "url";
export const CATEGORIES: readonly Category[] = ["shell", "file", "url"];

export interface HookInputJson {
  session_id: string;
  transcript_path: string;
  cwd: string;
  permission_mode: string;
  hook_event_name: "PreToolUse";
  tool_name: string;
  tool_input: Record<string, string>;
  tool_use_id: string;
}

export interface BenchInput {
  category: Category;
  input: HookInputJson;
}

const SEED = 0x5eed_2025;
const SHARE: Record<Category, number> = { shell: 0.5, file: 0.35, url: 0.15 };

const DIRS = ["", "src", "src/policy", "src/server/handlers", "test", "test/fixtures", "docs", "packages/core/src", "scripts", "lib/utils"];
const NAMES = ["index.ts", "engine.ts", "users.ts", "utils.ts", "config.json", "README.md", "package.json", "tsconfig.json", "app.py", "main.go", "Dockerfile", ".gitignore", "data.json", "guide.md"];
const SENSITIVE = [".env", ".env.local", "config/secrets.yaml", "certs/server.key", ".npmrc", ".git/config", ".vscode/settings.json", ".claude/settings.json", ".warden/policy.json"];
const OUTSIDE = ["../other-repo/src/index.ts", "../../etc/passwd", "src/../../outside.txt", "~/.ssh/id_rsa", "~/.aws/credentials", "/etc/hosts", "/tmp/scratch.txt"];
const REPOS = ["microsoft/vscode", "nodejs/node", "anthropics/claude-code", "facebook/react", "rust-lang/rust", "torvalds/linux"];
const API_PATHS = ["", "/issues?state=open", "/pulls/42", "/contents/README.md", "/releases/latest", "/commits?per_page=20", "/actions/runs"];
const OTHER_URLS = ["https://docs.python.org/3/library/pathlib.html", "https://registry.npmjs.org/zod", "https://developer.mozilla.org/en-US/docs/Web/API/fetch", "https://raw.githubusercontent.com/nodejs/node/main/README.md", "https://nodejs.org/api/fs.html"];

export interface Workload {
  inputs: BenchInput[];
  sources: string[];
}

/** `total` inputs in the fixed mix (50% shell, 35% files, 15% URLs), shuffled with a fixed seed. */
export function makeWorkload(total: number, workspace: string): Workload {
  const rnd = seededRandom(SEED);
  const commands = shuffle(corpusLines("shell/nl2bash-all.cm"), rnd);
  const traversals = corpusLines("payloads/path-traversal/patt-directory_traversal.txt");
  const ssrf = corpusDirLines("payloads/ssrf");
  const nShell = Math.round(total * SHARE.shell);
  const nFile = Math.round(total * SHARE.file);
  const nUrl = total - nShell - nFile;
  const inputs: BenchInput[] = [];
  for (let i = 0; i < nShell; i++) inputs.push(wrap("shell", "Bash", { command: cycle(commands, i), description: "run a command" }, workspace, rnd));
  for (let i = 0; i < nFile; i++) inputs.push(fileInput(filePath(rnd, workspace, traversals), workspace, rnd));
  for (let i = 0; i < nUrl; i++) inputs.push(wrap("url", "WebFetch", { url: rnd() < 0.5 ? pick(ssrf, rnd) : normalUrl(rnd), prompt: "Summarise this page" }, workspace, rnd));
  shuffle(inputs, rnd);
  return {
    inputs,
    sources: [
      `shell: ${nShell} from nl2bash-all.cm (${commands.length} commands, ${new Set(inputs.filter((x) => x.category === "shell").map((x) => x.input.tool_input["command"])).size} distinct used)`,
      `files: ${nFile} Read/Edit/Write of repo paths, sensitive and protected files, ../ escapes and ${traversals.length} patt-directory_traversal.txt lines`,
      `urls:  ${nUrl} WebFetch, half ordinary https, half from ${ssrf.length} lines of payloads/ssrf/*.txt`,
    ],
  };
}

/** Mostly ordinary files (absolute, as Claude Code sends them, or relative), some sensitive, some escaping. */
function filePath(rnd: Random, workspace: string, traversals: readonly string[]): string {
  const r = rnd();
  if (r < 0.7) {
    const rel = path.posix.join(pick(DIRS, rnd), pick(NAMES, rnd));
    return rnd() < 0.6 ? path.join(workspace, rel) : rel;
  }
  if (r < 0.8) return rnd() < 0.5 ? path.join(workspace, pick(SENSITIVE, rnd)) : pick(SENSITIVE, rnd);
  if (r < 0.88) return pick(OUTSIDE, rnd);
  return pick(traversals, rnd);
}

function fileInput(file_path: string, workspace: string, rnd: Random): BenchInput {
  const r = rnd();
  if (r < 0.6) return wrap("file", "Read", { file_path }, workspace, rnd);
  if (r < 0.85) return wrap("file", "Edit", { file_path, old_string: "return 1;", new_string: "return 2;" }, workspace, rnd);
  return wrap("file", "Write", { file_path, content: "export const value = 42;\n".repeat(8) }, workspace, rnd);
}

function normalUrl(rnd: Random): string {
  return rnd() < 0.7 ? `https://api.github.com/repos/${pick(REPOS, rnd)}${pick(API_PATHS, rnd)}` : pick(OTHER_URLS, rnd);
}

function wrap(category: Category, tool_name: string, tool_input: Record<string, string>, cwd: string, rnd: Random): BenchInput {
  const id = Math.floor(rnd() * 2 ** 48).toString(36);
  return {
    category,
    input: {
      session_id: "0b6e4c1a-bench-session",
      transcript_path: "/home/dev/.claude/projects/demo/0b6e4c1a.jsonl",
      cwd,
      permission_mode: "default",
      hook_event_name: "PreToolUse",
      tool_name,
      tool_input,
      tool_use_id: `toolu_${id}`,
    },
  };
}

import { foldName } from "./fold";

/**
 * The names built-in protections cover. Names here are already folded (see fold.ts);
 * to add one, add it to the right table and a test of the attack and its benign twin
 * to protected.test.ts.
 */

/**
 * Directories protected wherever they appear, the entry itself and everything below:
 * each holds settings that make an editor or agent run commands or trust servers.
 * The user-level ones (~/.claude/, ~/.codex/, ~/.cursor/, ~/.vscode/) are these too.
 */
const ANYWHERE_DIRS: ReadonlyMap<string, string> = new Map([
  [".warden", "Warden policy (.warden/)"],
  [".vscode", "editor and agent settings (.vscode/)"],
  [".claude", "editor and agent settings (.claude/)"],
  [".codex", "editor and agent settings (.codex/)"],
  [".cursor", "editor and agent settings (.cursor/)"],
  [".windsurf", "editor and agent settings (.windsurf/)"],
  [".continue", "editor and agent settings (.continue/)"],
  // Beyond the first list: Gemini CLI reads hooks and MCP servers from here, and
  // JetBrains file watchers in .idea/ run commands when files change.
  [".gemini", "editor and agent settings (.gemini/)"],
  [".idea", "editor and agent settings (.idea/)"],
  // Hook managers: what these hold runs on the human's next git commit or push.
  [".husky", "git hook manager (.husky/)"],
  [".lefthook", "git hook manager (.lefthook/)"],
  [".githooks", "git hooks directory (.githooks/)"],
  [".git-hooks", "git hooks directory (.git-hooks/)"],
]);

/** Config files of git hook managers, protected wherever they appear: each names commands run on git events. */
export const HOOK_MANAGER_FILES: readonly string[] = [
  ...["lefthook", ".lefthook", "lefthook-local", ".lefthook-local"].flatMap((base) => ["yml", "yaml", "json", "jsonc", "toml"].map((ext) => `${base}.${ext}`)),
  ".pre-commit-config.yaml", ".pre-commit-config.yml", ".pre-commit-hooks.yaml",
  ...[".simple-git-hooks", "simple-git-hooks"].flatMap((base) => ["json", "js", "cjs", "mjs"].map((ext) => `${base}.${ext}`)),
  ".huskyrc", ".huskyrc.json", ".huskyrc.js", ".huskyrc.cjs", "husky.config.js", "husky.config.cjs",
  ".overcommit.yml",
];

/** Files protected wherever they appear: each adds MCP servers (programs the agent host starts). */
const ANYWHERE_FILES: ReadonlyMap<string, string> = new Map([
  [".mcp.json", "MCP server config (.mcp.json)"],
  ["mcp.json", "MCP server config (mcp.json)"],
  [".claude.json", "editor and agent settings (.claude.json)"],
  ...HOOK_MANAGER_FILES.map((name): [string, string] => [name, `git hook manager config (${name})`]),
]);

/**
 * Windows 8.3 short names: "GIT~1" opens ".git" and "VSCODE~1" opens ".vscode" (the
 * form git refuses since CVE-2014-9390). Only the plain ~N form is recognised; hashed
 * short names (e.g. "GI2C1F~1") depend on the volume and cannot be listed.
 */
const SHORT_NAMES: ReadonlyMap<string, string> = new Map(
  [...ANYWHERE_DIRS.keys(), ".git", ".github"].map((name) => [name.slice(1, 7), name]),
);

/** A raw file name as the protected tables spell it. */
export function canonicalName(raw: string): string {
  const folded = foldName(raw);
  const short = /^(.{1,6})~[1-9][0-9]*$/u.exec(folded);
  return (short !== null ? SHORT_NAMES.get(short[1] ?? "") : undefined) ?? folded;
}

/**
 * Why a path made of these canonical names is protected by name alone, or null.
 * The first protected name from the root decides.
 */
export function nameReason(names: readonly string[]): string | null {
  for (let i = 0; i < names.length; i++) {
    const name = names[i] ?? "";
    if (name === ".git") return gitReason(names[i + 1]);
    const reason = ANYWHERE_DIRS.get(name) ?? ANYWHERE_FILES.get(name);
    if (reason !== undefined) return reason;
    // VS Code's agent runs the hooks in .github/hooks/*.json; the rest of .github is project content.
    if (name === ".github" && names[i + 1] === "hooks") return "agent hooks (.github/hooks/)";
  }
  return null;
}

/**
 * Everything in a .git directory, at any depth (nested repositories included), and
 * the .git entry itself: a .git file's "gitdir:" line points git at a directory whose
 * config and hooks then run on the user's next git command. Agents change a repository
 * through git commands, which are checked as commands, never by writing these files.
 */
function gitReason(next: string | undefined): string {
  if (next === undefined) return "git repository entry (.git)";
  if (next === "hooks") return "git hooks (.git/hooks/)";
  if (next === "config") return "git config (.git/config)";
  if (next === "info") return "git info (.git/info/)";
  return "git internals (.git/)";
}

/**
 * Protected entries as paths, for the places where a symlink at the entry matters:
 * at the workspace root and in the home directory, ".vscode -> shared/vscode" makes
 * shared/vscode/settings.json the editor's settings, whatever its own name.
 */
export const ENTRY_PATHS: readonly string[] = [...ANYWHERE_DIRS.keys(), ...ANYWHERE_FILES.keys(), ".git", ".github/hooks"];

export interface HomeRule {
  /** As written below the home directory, "/"-separated. */
  path: string;
  /** Canonical names below the user's home. */
  parts: string[];
  reason: string;
}

const EDITOR_APPS = ["Code", "Code - Insiders", "VSCodium", "Cursor", "Windsurf"];
const CONFIG_BASES = [".config", "Library/Application Support", "AppData/Roaming"];

/** Paths below the user's home whose change runs code or redirects trust at the next login, shell, push or install. */
const HOME_PATHS: ReadonlyArray<[string, string]> = [
  ...[".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile"].map((p): [string, string] => [p, "shell startup file"]),
  ...[".zshrc", ".zprofile", ".zshenv", ".zlogin", ".zlogout", ".config/fish/"].map((p): [string, string] => [p, "shell startup file"]),
  [".ssh/", "SSH keys and config"],
  [".gitconfig", "git user config"],
  [".config/git/", "git user config"],
  [".npmrc", "npm user config"],
  ...EDITOR_APPS.flatMap((app) => CONFIG_BASES.map((base): [string, string] => [`${base}/${app}/User/`, "editor user settings"])),
  // The remote editor servers hold extensions (code) and machine settings.
  ...[".vscode-server/", ".vscode-server-insiders/", ".cursor-server/", ".windsurf-server/"].map((p): [string, string] => [
    p,
    "editor server and extensions",
  ]),
];

export const HOME_RULES: readonly HomeRule[] = HOME_PATHS.map(([rel, kind]) => ({
  path: rel,
  parts: rel.split("/").filter((name) => name !== "").map(canonicalName),
  reason: `${kind} (~/${rel})`,
}));

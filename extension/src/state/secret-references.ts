import path from "node:path";

/**
 * Workspace files scanned for secrets even when they are not open: env files,
 * JSON/YAML/TOML config (MCP and agent configs among them: .mcp.json,
 * .claude/settings*.json, .codex/config.toml, .cursor/mcp.json, …) and .npmrc.
 */
export const CONFIG_GLOB = "**/{.env,.env.*,*.json,*.jsonc,*.yaml,*.yml,*.toml,.npmrc}";
/** Never scanned: dependencies, VCS data and build output are not the human's config. */
export const CONFIG_EXCLUDE = "**/{node_modules,.git,dist,out,build,.venv,vendor}/**";

export type ConfigFormat = "env" | "json" | "yaml" | "toml" | "npmrc" | "other";

/** The format a file's name says, which decides how a secret reference is written in it. */
export function configFormat(fileName: string): ConfigFormat {
  const base = path.basename(fileName).toLowerCase();
  if (base === ".env" || base.startsWith(".env.") || base.endsWith(".env")) return "env";
  if (base === ".npmrc") return "npmrc";
  const ext = path.extname(base);
  if (ext === ".json" || ext === ".jsonc") return "json";
  if (ext === ".yaml" || ext === ".yml") return "yaml";
  if (ext === ".toml") return "toml";
  return "other";
}

/** The environment variable an env file refers to for secret NAME: upper case, `-` as `_` (github-token → GITHUB_TOKEN). */
export function envVariableFor(name: string): string {
  return name.toUpperCase().replace(/-/g, "_");
}

/**
 * What replaces a secret's literal in a file of this format, or null where no
 * reference can stand in for a value. JSON, YAML and TOML get `${secret:NAME}`,
 * which Warden resolves where policy binds the secret (an agent passing the file's
 * value to Warden's tools gets it injected; it never holds the value). An env file
 * gets an environment-variable reference, `${GITHUB_TOKEN}`, which dotenv-expand and
 * docker compose read from the environment; `.npmrc` does the same with its own
 * `${VAR}` syntax. Other files have no reference syntax Warden can rely on.
 */
export function referenceFor(format: ConfigFormat, name: string): string | null {
  switch (format) {
    case "json":
    case "yaml":
    case "toml":
      return `\${secret:${name}}`;
    case "env":
    case "npmrc":
      return `\${${envVariableFor(name)}}`;
    case "other":
      return null;
  }
}

/**
 * A secret name suggested from the line the value is on: the key it is assigned to
 * (`"GITHUB_TOKEN": "…"`, `api_key = "…"`, `API_KEY=…`, `//registry/:_authToken=…`),
 * lower-cased to Warden's name rules; `fallback` when the line names nothing usable.
 */
export function suggestName(lineText: string, valueColumn: number, fallback: string): string {
  const before = lineText.slice(0, Math.max(0, valueColumn));
  const m = /([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[:=]\s*["']?$/.exec(before);
  const key = m?.[1]?.split(/[.:]/).filter((p) => p !== "").at(-1) ?? "";
  const name = key.replace(/^_+/, "").replace(/[^A-Za-z0-9_-]/g, "_").toLowerCase().slice(0, 64);
  return /^[a-z][a-z0-9_-]*$/.test(name) ? name : fallback;
}

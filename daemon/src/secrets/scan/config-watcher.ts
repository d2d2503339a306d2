// Watches the configuration files of each workspace with agents (.env*, *.json,
// *.yaml/*.yml, *.toml, .npmrc, MCP and agent settings) and records a masked
// `secret.found` audit event when a secret appears in one: an agent writing a
// token into .mcp.json or a developer pasting a key into .env is seen as it
// happens, not at the next `warden scan`. Files are read once when watching
// starts to learn what is already there; only what is new after that is recorded
// (the log is permanent, and a restart must not repeat old findings).
import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { FSWatcher, watch } from "chokidar";
import type { Actor } from "../../../../protocol/src/audit";
import type { JsonValue } from "../../../../protocol/src/json";
import type { NewEvent } from "../../audit/store";
import type { Logger } from "../../log";
import { detectSecrets, type Finding } from "../detect/detect-secrets";

/** Config files by name: dotenv files, JSON/YAML/TOML settings (MCP and agent configs among them), .npmrc. */
const CONFIG_FILE = /^(?:\.env(?:\..*)?|.*\.(?:json|jsonc|ya?ml|toml)|\.npmrc)$/i;
// Trees that hold dependencies, build output or VCS data, not a workspace's own configuration.
const SKIPPED_DIRS = new Set(["node_modules", ".git", "dist", "build", "out", "target", "vendor", ".venv", "venv", "__pycache__", ".next", "coverage"]);
/** Root, and configuration folders one or two levels down (.vscode/, .claude/, config/prod/). */
const DEPTH = 2;
const MAX_BYTES = 1024 * 1024;

export interface ConfigWatcherOptions {
  append(events: readonly NewEvent[]): Promise<unknown>;
  actor: Actor;
  log: Logger;
  /** The workspaces to watch (those with agents), re-read every `refreshMs`. */
  workspaces: () => readonly string[];
  refreshMs?: number;
}

export class ConfigSecretWatcher {
  private readonly watched = new Map<string, WorkspaceWatch>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: ConfigWatcherOptions) {}

  start(): void {
    this.refresh();
    this.timer = setInterval(() => this.refresh(), this.options.refreshMs ?? 60_000);
    this.timer.unref();
  }

  /** Starts watching any workspace not watched yet. */
  refresh(): void {
    for (const workspace of this.options.workspaces()) {
      if (!this.watched.has(workspace)) this.watched.set(workspace, new WorkspaceWatch(workspace, this.options));
    }
  }

  /** Resolves once a workspace's existing files are read (for tests and orderly start-up). */
  ready(workspace: string): Promise<void> {
    return this.watched.get(workspace)?.ready ?? Promise.resolve();
  }

  async close(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    await Promise.all([...this.watched.values()].map((w) => w.close()));
    this.watched.clear();
  }
}

class WorkspaceWatch {
  readonly ready: Promise<void>;
  private readonly watcher: FSWatcher;
  /** Per file: the findings already known (recorded, or there when watching began). */
  private readonly known = new Map<string, Set<string>>();
  private readonly pending = new Map<string, Promise<void>>();
  private started = false;

  constructor(
    private readonly workspace: string,
    private readonly options: ConfigWatcherOptions,
  ) {
    this.watcher = watch(workspace, {
      persistent: false,
      depth: DEPTH,
      ignored: (p: string, stats?: { isFile(): boolean; isDirectory(): boolean }) => this.ignored(p, stats),
      awaitWriteFinish: { stabilityThreshold: 100, pollInterval: 20 },
    });
    this.watcher.on("add", (file: string) => this.queue(file));
    this.watcher.on("change", (file: string) => this.queue(file));
    this.watcher.on("unlink", (file: string) => this.known.delete(file));
    this.watcher.on("error", (err: unknown) => options.log.warn("config secret watcher failed", { workspace, error: err instanceof Error ? err.message : String(err) }));
    this.ready = new Promise((resolve) => {
      this.watcher.once("ready", () => {
        void Promise.all(this.pending.values()).then(() => {
          this.started = true;
          resolve();
        });
      });
    });
  }

  private ignored(p: string, stats?: { isFile(): boolean; isDirectory(): boolean }): boolean {
    if (p === this.workspace) return false;
    const name = path.basename(p);
    if (stats?.isDirectory() === true) return SKIPPED_DIRS.has(name);
    // Without stats chokidar asks again with them; only files need the name test.
    return stats?.isFile() === true && !CONFIG_FILE.test(name);
  }

  /** One check per file at a time, in order. */
  private queue(file: string): void {
    const before = this.pending.get(file) ?? Promise.resolve();
    const next = before.then(() => this.check(file)).catch((err: unknown) => this.options.log.warn("config secret check failed", { file, error: err instanceof Error ? err.message : String(err) }));
    this.pending.set(file, next);
  }

  private async check(file: string): Promise<void> {
    const stat = await fs.stat(file);
    if (!stat.isFile() || stat.size > MAX_BYTES) return;
    const text = await fs.readFile(file, "utf8");
    const findings = detectSecrets(text, { fileName: file });
    const identity = (f: Finding): string => `${f.rule}:${digest(text.slice(f.start, f.end))}`;
    const keys = new Set(findings.map(identity));
    const known = this.known.get(file) ?? new Set<string>();
    this.known.set(file, keys);
    if (!this.started) return;
    const fresh = findings.filter((f) => !known.has(identity(f)));
    if (fresh.length === 0) return;
    const payload: JsonValue = {
      file: path.relative(this.workspace, file).split(path.sep).join("/"),
      findings: fresh.map((f) => ({ kind: f.kind, rule: f.rule, confidence: f.confidence, line: f.line, column: f.column, preview: f.preview })),
    };
    await this.options.append([{ actor: this.options.actor, workspace: this.workspace, kind: "secret.found", payload }]);
  }

  async close(): Promise<void> {
    await this.watcher.close();
  }
}

/**
 * The same secret wherever it moves in the file: a digest of the value, kept in
 * memory only (never logged), keyed per process so it is no use outside it.
 */
const DIGEST_KEY = randomBytes(32);

function digest(value: string): string {
  return createHmac("sha256", DIGEST_KEY).update(value).digest("base64url");
}

import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { TEST_VSCODE } from "./deps";

/** Node 24 and code-server, as test/vscode/install.sh puts them. */
const NODE24 = path.join(TEST_VSCODE, ".node24", "bin", "node");
const ENTRY = path.join(TEST_VSCODE, "code-server", "node_modules", "code-server", "out", "node", "entry.js");

/**
 * User settings every test workbench starts with: no start page, tips, experiments,
 * telemetry, update checks or AI features (a test that needs chat turns it back on).
 */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
  "workbench.startupEditor": "none",
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "security.workspace.trust.enabled": false,
  "chat.disableAIFeatures": true,
  "update.mode": "none",
};

export interface CodeServerOptions {
  /** Scratch directory for user data, extensions, XDG dirs and TMPDIR. */
  scratch: string;
  /** VS Code user settings (written to User/settings.json before start). */
  settings: Record<string, unknown>;
  /** Environment for the server and so for the extension host. */
  env: NodeJS.ProcessEnv;
  /** Runs mocha inside the extension host (the smoke-test driver), as @vscode/test-electron does. */
  smokeTestDriver: boolean;
  /** An extension folder to install (copied to the extensions dir as publisher.name-version). */
  installExtension?: { folder: string; id: string };
  log: (line: string) => void;
}

export interface CodeServer {
  port: number;
  /** `vscode-remote://127.0.0.1:PORT/abs/path`: how the browser names a server path. */
  remoteUri(absPath: string): string;
  stop(): Promise<void>;
}

export function assertInstalled(): void {
  for (const f of [NODE24, ENTRY, "/usr/bin/chromium"]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run test/vscode/install.sh first`);
  }
}

/** A loopback port nothing listens on (just bound and released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server (the real VS Code workbench and Node extension host) on a free
 * loopback port, and resolves once it answers HTTP. Auth is off: it listens on
 * 127.0.0.1 only and lives for one test run.
 */
export async function startCodeServer(o: CodeServerOptions): Promise<CodeServer> {
  assertInstalled();
  const port = await freePort();
  const dirs = Object.fromEntries(["user-data", "extensions", "xdg-data", "xdg-config", "xdg-cache", "xdg-runtime", "tmp"].map((d) => [d, path.join(o.scratch, d)]));
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true, mode: 0o700 });
  fs.mkdirSync(path.join(dirs["user-data"] ?? "", "User"), { recursive: true });
  fs.writeFileSync(path.join(dirs["user-data"] ?? "", "User", "settings.json"), JSON.stringify(o.settings, null, 2));
  if (o.installExtension !== undefined) fs.cpSync(o.installExtension.folder, path.join(dirs["extensions"] ?? "", o.installExtension.id), { recursive: true });
  const args = [
    ENTRY,
    "--config", "/dev/null",
    "--bind-addr", `127.0.0.1:${port}`,
    "--auth", "none",
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--reconnection-grace-time", "5",
    "--user-data-dir", dirs["user-data"] ?? "",
    "--extensions-dir", dirs["extensions"] ?? "",
    ...(o.smokeTestDriver ? ["--vscode-option", "enable-smoke-test-driver"] : []),
  ];
  const child: ChildProcess = spawn(NODE24, args, {
    env: {
      ...o.env,
      XDG_DATA_HOME: dirs["xdg-data"],
      XDG_CONFIG_HOME: dirs["xdg-config"],
      XDG_CACHE_HOME: dirs["xdg-cache"],
      XDG_RUNTIME_DIR: dirs["xdg-runtime"],
      TMPDIR: dirs["tmp"],
      // No marketplace: nothing here may reach the network, so the gallery points at a closed loopback port.
      EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: "http://127.0.0.1:9/gallery", itemUrl: "http://127.0.0.1:9/item", resourceUrlTemplate: "http://127.0.0.1:9/resource/{publisher}/{name}/{version}/{path}" }),
      // code-server's own Node first; Warden's CLI is run with warden.nodePath, not from PATH.
      PATH: `${path.dirname(NODE24)}:${o.env["PATH"] ?? ""}`,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: false,
  });
  const logFile = fs.createWriteStream(path.join(o.scratch, "code-server.log"));
  child.stdout?.pipe(logFile);
  child.stderr?.pipe(logFile);
  let exited: string | null = null;
  child.on("exit", (code, signal) => (exited = `code-server exited (${signal ?? code ?? "?"}); see ${path.join(o.scratch, "code-server.log")}`));
  const started = Date.now();
  for (;;) {
    if (exited !== null) throw new Error(exited);
    if (Date.now() - started > 60_000) {
      child.kill("SIGKILL");
      throw new Error(`code-server did not answer on 127.0.0.1:${port} within 60 s`);
    }
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  o.log(`code-server listening on 127.0.0.1:${port} (${Date.now() - started} ms)`);
  return {
    port,
    remoteUri: (absPath) => `vscode-remote://127.0.0.1:${port}${absPath}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/**
 * The workbench URL that opens `folder`, optionally with an extension loaded from
 * source and its tests run in the host (code-server honours the development path
 * only with the smoke-test driver on).
 */
export function workbenchUrl(server: CodeServer, folder: string, extensionPath: string | null, testsPath: string | null): string {
  const payload: Array<[string, string]> = [];
  if (extensionPath !== null) payload.push(["extensionDevelopmentPath", server.remoteUri(extensionPath)]);
  if (testsPath !== null) payload.push(["extensionTestsPath", server.remoteUri(testsPath)]);
  if (payload.length === 0) return `http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(server.remoteUri(folder))}`;
  return `http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(server.remoteUri(folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

/**
 * Headless Chromium through playwright-core. playwright-core is not one of Warden's
 * dependencies: it lives in test/vscode/node_modules (test/vscode/install.sh), so it
 * is loaded from there by path and checked before use; only the calls made here are
 * typed, and what the page returns is validated by the caller.
 */
const REPO = path.resolve(__dirname, "..", "..", "..", "..", "..");
export const CHROMIUM = "/usr/bin/chromium";
/** PRODUCT.md's flags for Debian's chromium in this environment. */
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface Route {
  fulfill(response: { status: number; contentType: string; body: string }): Promise<void>;
}

export interface Page {
  route(url: string, handler: (route: Route) => Promise<void>): Promise<void>;
  goto(url: string): Promise<unknown>;
  waitForFunction(expression: string, arg?: undefined, options?: { timeout: number }): Promise<unknown>;
  evaluate(expression: string): Promise<unknown>;
}

export interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

interface Chromium {
  launch(options: { executablePath: string; headless: boolean; args: string[]; timeout: number }): Promise<Browser>;
}

function isPlaywright(value: unknown): value is { chromium: Chromium } {
  if (typeof value !== "object" || value === null || !("chromium" in value)) return false;
  const chromium: unknown = value.chromium;
  return typeof chromium === "object" && chromium !== null && "launch" in chromium && typeof chromium.launch === "function";
}

/**
 * Chromium's own guard for pages reaching loopback (Local/Private Network Access):
 * switched off, so that what is tested is the daemon's defence, as met by browsers that
 * lack this guard or by a user who allowed local network access when asked.
 */
const NO_LOCAL_NETWORK_GUARD = "--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,BlockInsecurePrivateNetworkRequests";

/** Launches Chromium with host names mapped to loopback (`MAP name 127.0.0.1`); fails with what to install. */
export async function launchChromium(mappedHosts: readonly string[]): Promise<Browser> {
  const pkg = path.join(REPO, "test", "vscode", "package.json");
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium (scripts/install-hardening.sh)`);
  let loaded: unknown;
  try {
    loaded = createRequire(pkg)("playwright-core");
  } catch (err) {
    throw new Error(`playwright-core is not installed in test/vscode/node_modules: run test/vscode/install.sh (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  if (!isPlaywright(loaded)) throw new Error("test/vscode/node_modules/playwright-core is not playwright-core; run test/vscode/install.sh");
  const rules = mappedHosts.map((host) => `MAP ${host} 127.0.0.1`).join(",");
  return loaded.chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...FLAGS, "--no-proxy-server", `--host-resolver-rules=${rules}`, NO_LOCAL_NETWORK_GUARD],
    timeout: 60_000,
  });
}

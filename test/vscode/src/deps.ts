import { createRequire } from "node:module";
import path from "node:path";
import type MochaModule from "mocha";
import type * as Playwright from "playwright-core";

/**
 * The test driver's own packages live in test/vscode/node_modules (installed by
 * test/vscode/install.sh, apart from Warden's dependencies), while the compiled
 * code runs from dist/. They are loaded from there by path and checked before use.
 */
export const REPO = path.resolve(__dirname, "..", "..", "..", "..");
export const TEST_VSCODE = path.join(REPO, "test", "vscode");
const requireHere = createRequire(path.join(TEST_VSCODE, "package.json"));

function isMocha(value: unknown): value is typeof MochaModule {
  return typeof value === "function" && "Suite" in value && "Runner" in value;
}

function isPlaywright(value: unknown): value is typeof Playwright {
  return typeof value === "object" && value !== null && "chromium" in value && typeof value.chromium === "object" && value.chromium !== null && "launch" in value.chromium;
}

export function loadMocha(): typeof MochaModule {
  const m: unknown = requireHere("mocha");
  if (!isMocha(m)) throw new Error("test/vscode/node_modules/mocha is not mocha; run test/vscode/install.sh");
  return m;
}

export function loadPlaywright(): typeof Playwright {
  const m: unknown = requireHere("playwright-core");
  if (!isPlaywright(m)) throw new Error("test/vscode/node_modules/playwright-core is not playwright-core; run test/vscode/install.sh");
  return m;
}

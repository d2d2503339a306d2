import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { format } from "node:util";
import type { Browser } from "playwright-core";
import { CodeServer, QUIET_SETTINGS, startCodeServer, workbenchUrl, assertInstalled } from "./code-server";
import { launchChromium, newPage } from "./browser";
import { REPO } from "./deps";
import { StepRunner } from "./steps";
import { uiScenario } from "./ui-scenario";
import { uiCommandsScenario } from "./ui-commands-scenario";
import { copilotAgentScenario } from "./copilot-agent-scenario";
import { CLI, WardenFixture } from "./warden-fixture";

/**
 * End-to-end tests of the extension in a real VS Code (code-server 4.139 = VS Code
 * 1.139, driven by Debian's chromium through playwright-core), against a real
 * daemon with a throwaway home:
 *   1. mocha inside the extension host (the smoke-test driver runs
 *      dist/test/vscode/src/host/index.js, as @vscode/test-electron would);
 *   2. the UI: approval panels answered by clicking inside their webviews, the
 *      status bar, the activity log; screenshots go to test-artifacts/vscode/;
 *   3. VS Code's own agent (Copilot Chat, built in) in a scripted offline turn with
 *      a recording command hook (copilot-agent-scenario.ts; needs no daemon).
 * WARDEN_E2E_ONLY=host,ui,copilot-agent (any of them) runs only those phases.
 * Prints "N passed, M failed" last; exits 1 on any failure.
 */
const EXTENSION = path.join(REPO, "extension");
const HOST_TESTS = path.join(REPO, "dist", "test", "vscode", "src", "host", "index.js");
const PACKAGE = path.join(EXTENSION, "out", "package");
const ARTIFACTS = path.join(REPO, "test-artifacts", "vscode");

function log(line: string): void {
  process.stdout.write(`[e2e ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

function checkBuilt(): void {
  for (const f of [path.join(REPO, "dist", "extension", "src", "extension.js"), path.join(EXTENSION, "out", "webview", "webview.js"), path.join(EXTENSION, "schema", "policy.schema.json"), path.join(PACKAGE, "out", "extension.js"), CLI, HOST_TESTS]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: build first (scripts/test-e2e.sh does)`);
  }
}

function settings(fixture: WardenFixture): Record<string, unknown> {
  return {
    "warden.home": fixture.home,
    // The daemon's Node (this one, which better-sqlite3 was built for), not code-server's Node 24.
    "warden.nodePath": process.execPath,
    "warden.cliPath": CLI,
    ...QUIET_SETTINGS,
  };
}

/** Phase 1: mocha inside the extension host; resolves with its exit code and its pass/fail counts. */
async function hostPhase(fixture: WardenFixture, scratch: string, browser: Browser): Promise<{ code: number; passed: number; failed: number }> {
  const fixtureFile = path.join(scratch, "fixture.json");
  fixture.writeInfo(fixtureFile);
  const server = await startCodeServer({ scratch: path.join(scratch, "host"), settings: settings(fixture), env: { ...fixture.env, WARDEN_E2E_FIXTURE: fixtureFile }, smokeTestDriver: true, log });
  const page = await newPage(browser);
  let passed = 0;
  let failed = 0;
  try {
    const exit = new Promise<number>((resolve) => {
      void page.exposeFunction("codeAutomationExit", (code: unknown) => resolve(typeof code === "number" ? code : 1));
    });
    await page.exposeFunction("codeAutomationLog", (type: unknown, args: unknown) => {
      // The host forwards console calls as (format, ...values), as console.log takes them.
      const values: unknown[] = Array.isArray(args) ? args : [args];
      const text = format(...values);
      for (const line of text.split("\n")) {
        const p = /^\s*(\d+) passing/.exec(line);
        const f = /^\s*(\d+) failing/.exec(line);
        if (p !== null) passed = Number(p[1]);
        if (f !== null) failed = Number(f[1]);
        if (line.trim() !== "") process.stdout.write(`  [host ${String(type)}] ${line}\n`);
      }
    });
    await page.goto(workbenchUrl(server, fixture.workspace, EXTENSION, HOST_TESTS));
    const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(-1), 240_000).unref());
    const code = await Promise.race([exit, timeout]);
    if (code === -1) {
      await page.screenshot({ path: path.join(ARTIFACTS, "host-timeout.png") });
      log("in-host tests did not finish within 240 s");
      return { code: 1, passed, failed: failed + 1 };
    }
    return { code, passed, failed: code !== 0 && failed === 0 ? 1 : failed };
  } finally {
    await page.context().close();
    await server.stop();
  }
}

/** Phase 2: the UI as a person uses it. */
async function uiPhase(fixture: WardenFixture, scratch: string, browser: Browser, steps: StepRunner): Promise<void> {
  let server: CodeServer | null = null;
  const page = await newPage(browser);
  try {
    // As a user has it: the packaged extension (one bundled file) installed in the extensions folder.
    server = await startCodeServer({ scratch: path.join(scratch, "ui"), settings: settings(fixture), env: fixture.env, smokeTestDriver: false, installExtension: { folder: PACKAGE, id: "warden-dev.warden-0.1.0" }, log });
    await page.goto(workbenchUrl(server, fixture.workspace, null, null));
    const ui = { page, fixture, steps, artifacts: ARTIFACTS, log };
    await uiScenario(ui);
    await uiCommandsScenario(ui);
  } finally {
    await page.context().close();
    await server?.stop();
  }
}

const PHASES = ["host", "ui", "copilot-agent"] as const;
type Phase = (typeof PHASES)[number];

function selectedPhases(): Set<Phase> {
  const only = process.env["WARDEN_E2E_ONLY"];
  if (only === undefined || only === "") return new Set(PHASES);
  const names = only.split(",").map((n) => n.trim());
  const unknown = names.filter((n) => !PHASES.some((p) => p === n));
  if (unknown.length > 0) throw new Error(`WARDEN_E2E_ONLY names unknown phases: ${unknown.join(", ")} (known: ${PHASES.join(", ")})`);
  return new Set(PHASES.filter((p) => names.includes(p)));
}

async function main(): Promise<number> {
  const started = Date.now();
  const phases = selectedPhases();
  const needsWarden = phases.has("host") || phases.has("ui");
  assertInstalled();
  if (needsWarden) checkBuilt();
  fs.rmSync(ARTIFACTS, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "wdv-cs-"));
  const fixture = new WardenFixture();
  const steps = new StepRunner(log);
  let hostPassed = 0;
  let hostFailed = 0;
  let browser: Browser | null = null;
  try {
    if (needsWarden) {
      await fixture.start("60s");
      log(`daemon up (WARDEN_HOME ${fixture.home}), workspace ${fixture.workspace}`);
    }
    browser = await launchChromium();
    if (phases.has("host")) {
      const host = await hostPhase(fixture, scratch, browser);
      hostPassed = host.passed;
      hostFailed = host.failed;
      log(`in-host mocha: exit ${host.code}, ${host.passed} passing, ${host.failed} failing`);
    }
    if (phases.has("ui")) await uiPhase(fixture, scratch, browser, steps);
    if (phases.has("copilot-agent")) await copilotAgentScenario({ browser, scratch: fs.mkdtempSync(path.join(scratch, "copilot-agent-")), steps, artifacts: ARTIFACTS, log }).catch((err: unknown) => steps.fail("copilot agent", err));
  } catch (err) {
    steps.fail("harness", err);
  } finally {
    await browser?.close();
    // The daemon's log goes with the screenshots: a failed CI run can be read afterwards.
    if (fs.existsSync(path.join(fixture.home, "daemon.log"))) fs.copyFileSync(path.join(fixture.home, "daemon.log"), path.join(ARTIFACTS, "daemon.log"));
    await fixture.stop();
    if (process.env["WARDEN_E2E_KEEP"] === undefined) fs.rmSync(scratch, { recursive: true, force: true });
    else log(`kept ${scratch}`);
  }
  const passed = hostPassed + steps.passed;
  const failed = hostFailed + steps.failed;
  log(`done in ${Math.round((Date.now() - started) / 1000)} s; screenshots in ${path.relative(REPO, ARTIFACTS)}/`);
  process.stdout.write(`e2e: ${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

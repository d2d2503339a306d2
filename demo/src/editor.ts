import fs from "node:fs";
import path from "node:path";
import type { Browser, Frame, Page } from "playwright-core";
import { CodeServer, startCodeServer, workbenchUrl } from "../../test/vscode/src/code-server";
import { launchChromium, newPage } from "../../test/vscode/src/browser";
import { REPO, TEST_VSCODE } from "../../test/vscode/src/deps";
import { command, expectStatus, text, webviewFrame } from "../../test/vscode/src/ui-helpers";
import { isRecord } from "../../test/src/agents/script";
import { CLI } from "../../test/src/helpers/warden-home";

/** The packaged extension (`node extension/build.mjs --package`), installed as a user installs it. */
const PACKAGE = path.join(REPO, "extension", "out", "package");
export const ARTIFACTS = path.join(REPO, "test-artifacts", "demo");
/** Where test/vscode/install.sh puts code-server: every process of it runs from here. */
export const CODE_SERVER_DIR = path.join(TEST_VSCODE, "code-server");

export interface Editor {
  server: CodeServer;
  url: string;
}

function extensionId(): string {
  const manifest: unknown = JSON.parse(fs.readFileSync(path.join(PACKAGE, "package.json"), "utf8"));
  const field = (k: string): string => {
    const v = isRecord(manifest) ? manifest[k] : undefined;
    if (typeof v !== "string") throw new Error(`${PACKAGE}/package.json has no ${k}: rebuild it with 'node extension/build.mjs --package'`);
    return v;
  };
  return `${field("publisher")}.${field("name")}-${field("version")}`;
}

/**
 * code-server (the real VS Code workbench and extension host) with the packaged
 * Warden extension installed, opened on the demo workspace. The extension talks to
 * the demo's daemon (warden.home) through the CLI on the daemon's own Node.
 */
export async function startEditor(scratch: string, wardenHome: string, workspace: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<Editor> {
  if (!fs.existsSync(path.join(PACKAGE, "out", "extension.js"))) throw new Error(`${PACKAGE} is missing: run 'node extension/build.mjs --package' (scripts/demo.sh does)`);
  const server = await startCodeServer({
    scratch,
    env,
    smokeTestDriver: false,
    installExtension: { folder: PACKAGE, id: extensionId() },
    log,
    settings: {
      "warden.home": wardenHome,
      // The Node that better-sqlite3 was built for (this one), not code-server's Node 24.
      "warden.nodePath": process.execPath,
      "warden.cliPath": CLI,
      // The demo started the daemon; the editor only attaches to it.
      "warden.autoStartDaemon": false,
      "workbench.startupEditor": "none",
      "workbench.tips.enabled": false,
      "workbench.enableExperiments": false,
      "workbench.secondarySideBar.defaultVisibility": "hidden",
      "telemetry.telemetryLevel": "off",
      "extensions.autoCheckUpdates": false,
      "extensions.autoUpdate": false,
      "security.workspace.trust.enabled": false,
      "chat.disableAIFeatures": true,
      "update.mode": "none",
    },
  });
  return { server, url: workbenchUrl(server, workspace, null, null) };
}

export interface PanelAnswer {
  summary: string;
  target: string;
  /** What the panel says the request carries ("Carries secret …"), or "" when it shows none. */
  carries: string;
  answer: "approve" | "deny";
}

/**
 * Headless Chromium on the workbench, standing in for the person at the screen:
 * it waits for the extension to connect, opens the activity log, and answers each
 * approval panel by clicking in it (approve what the demo's script expects, deny
 * anything else), exactly where a person would click.
 */
export class HeadlessViewer {
  readonly answers: PanelAnswer[] = [];
  /** Screenshots taken on the way (each approval panel before it is answered). */
  readonly shots: string[] = [];
  private loop: Promise<void> | null = null;
  private stopped = false;

  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
  ) {}

  /** Launches Chromium (not yet on any page): register close() before loading, so Ctrl-C can end a slow load. */
  static async launch(): Promise<HeadlessViewer> {
    // Playwright's own signal handlers would exit the process with 130 on Ctrl-C, before the demo
    // cleans up; the demo closes the browser itself, in order, with everything else.
    const browser = await launchChromium({ handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    return new HeadlessViewer(browser, await newPage(browser));
  }

  /** Opens the workbench, waits for the extension to connect, and opens its activity log. */
  async load(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: 60_000 });
    // The status bar item reads "Warden" once the extension is connected to the daemon.
    await expectStatus(this.page, /Warden$/, 60_000);
    await command(this.page, "Warden: Open Activity");
  }

  /** Starts answering approval panels as they open; `expected` says which to approve. */
  answerApprovals(expected: (summary: string, target: string) => boolean): void {
    this.loop = this.answerLoop(expected);
  }

  /** Waits until the activity log shows a row containing `needle`; returns the row count it shows. */
  async activityShows(needle: string): Promise<string> {
    const frame = await webviewFrame(this.page, "#activity-rows .vl-row", 20_000);
    await frame.locator("#activity-rows .vl-row").filter({ hasText: needle }).first().waitFor({ timeout: 20_000 });
    return text(frame, "#activity-counts");
  }

  /** Clicks the activity log's Verify button; returns what it then says about the chain. */
  async verifyInActivity(): Promise<string> {
    const frame = await webviewFrame(this.page, "#verify-chain", 10_000);
    await frame.locator("#verify-chain").click();
    const state = frame.locator("#chain-state", { hasText: /verified: \d+ records/ });
    await state.waitFor({ timeout: 20_000 });
    return ((await state.textContent()) ?? "").trim();
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.loop?.catch(() => undefined);
    await this.browser.close();
  }

  private async answerLoop(expected: (summary: string, target: string) => boolean): Promise<void> {
    while (!this.stopped) {
      const panel = await this.freshPanel();
      if (panel === null) continue;
      const { frame, summary, target } = panel;
      // The panel arms its buttons a moment after it appears, so that a stray click cannot answer.
      await this.page.waitForTimeout(700);
      const answer = expected(summary, target) ? "approve" : "deny";
      const carries = await text(frame, "#data-secrets").catch(() => "");
      this.shots.push(await this.screenshot(`approval-${this.answers.length + 1}`));
      if (answer === "deny") await frame.locator("#reason input").fill("not part of the demo's task");
      await frame.locator(answer === "approve" ? "#approve-once" : "#deny").click();
      this.answers.push({ summary, target, carries, answer });
      // Wait for the panel to show the answer (or the next request) before looking again.
      const started = Date.now();
      while (!this.stopped && Date.now() - started < 10_000) {
        const status = await text(frame, "#approval-status").catch(() => "gone");
        const now = await text(frame, "#approval-summary").catch(() => "");
        if (status !== "" || now !== summary) break;
        await this.page.waitForTimeout(150);
      }
    }
  }

  /** An approval panel showing a request nobody has answered yet, or null after a short wait. */
  private async freshPanel(): Promise<{ frame: Frame; summary: string; target: string } | null> {
    let frame: Frame;
    try {
      frame = await webviewFrame(this.page, "#approval-summary", 1000);
    } catch {
      return null;
    }
    const summary = await text(frame, "#approval-summary").catch(() => "");
    const status = await text(frame, "#approval-status").catch(() => "answered");
    const target = await text(frame, "#approval-target").catch(() => "");
    if (summary === "" || status !== "") {
      await this.page.waitForTimeout(200);
      return null;
    }
    return { frame, summary, target };
  }
}

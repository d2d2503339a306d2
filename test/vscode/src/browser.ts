import type { Browser, LaunchOptions, Page } from "playwright-core";
import { loadPlaywright } from "./deps";

const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

/** Debian's chromium (test/vscode/install.sh installs it), headless under playwright-core; `options` adds to the launch options. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const { chromium } = loadPlaywright();
  return chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_FLAGS, ...options });
}

/** A page in a fresh context, at the size the UI scenarios and screenshots are made for. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  return context.newPage();
}

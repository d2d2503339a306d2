import type { Frame, Locator, Page } from "playwright-core";

/** Helpers the UI scenarios share: webview frames, the status bar, the command palette. */

/** The innermost frame (a webview's content) that has `selector`, once one does. */
export async function webviewFrame(page: Page, selector: string, timeoutMs = 30_000): Promise<Frame> {
  const started = Date.now();
  for (;;) {
    for (const frame of page.frames()) {
      try {
        if ((await frame.locator(selector).count()) > 0) return frame;
      } catch {
        // a frame detached while we looked
      }
    }
    if (Date.now() - started > timeoutMs) throw new Error(`no webview shows ${selector} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function statusItem(page: Page): Locator {
  return page.locator("#workbench\\.parts\\.statusbar .statusbar-item").filter({ hasText: /Warden/ }).first();
}

export async function expectStatus(page: Page, pattern: RegExp, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  let last = "";
  while (Date.now() - started < timeoutMs) {
    last = ((await statusItem(page).textContent().catch(() => "")) ?? "").trim();
    if (pattern.test(last)) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`status bar shows '${last}', expected ${String(pattern)}`);
}

export async function text(frame: Frame, selector: string): Promise<string> {
  return ((await frame.locator(selector).first().textContent()) ?? "").trim();
}

/** Runs a command from the palette by its title; throws if the palette does not offer it within `timeoutMs` (playwright's default when absent). */
export async function command(page: Page, title: string, timeoutMs?: number): Promise<void> {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input.input");
  await input.waitFor({ state: "visible", timeout: timeoutMs });
  await input.fill(`>${title}`);
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: title }).first().waitFor({ state: "visible", timeout: timeoutMs });
  await page.keyboard.press("Enter");
}

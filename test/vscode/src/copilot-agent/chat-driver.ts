import type { Locator, Page } from "playwright-core";
import { command } from "../ui-helpers";

/**
 * Drives VS Code's chat view as a person does: open it, make sure the agent mode
 * and the wanted model are picked, type a prompt, wait for the turn to end.
 * Selectors are VS Code 1.139's; each one names what it finds.
 */

/** The chat view in the secondary side bar (chat editors elsewhere have the same inner parts). */
const VIEW = ".part.auxiliarybar";
const INPUT = `${VIEW} .interactive-input-part .interactive-input-editor`;
const TOOLBAR = `${VIEW} .interactive-input-part .chat-input-toolbars`;
/** The model picker's button; its label is the chosen model's name. */
const MODEL_PICKER = `${TOOLBAR} .model-picker-split .chat-input-picker-label`;
/** A response still streaming carries this class (VS Code's chat list renderer toggles it). */
const LAST_RESPONSE = `${VIEW} .interactive-response.chat-most-recent-response`;
const REQUESTS = `${VIEW} .interactive-request`;

async function until(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const started = Date.now();
  while (!(await check().catch(() => false))) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function label(locator: Locator): Promise<string> {
  return ((await locator.first().textContent({ timeout: 2000 })) ?? "").trim();
}

/**
 * On a fresh profile VS Code may keep its built-in Copilot Chat extension
 * disabled until chat set-up completes (which needs a GitHub account); whether it
 * has done so yet when the workbench appears varies from run to run. So: until the
 * model picker offers the configured model, run "Extensions: Enable All
 * Extensions" whenever the palette offers it (it does only while something is
 * disabled), and look again.
 */
export async function enableBuiltInChat(page: Page, modelName: string, timeoutMs: number): Promise<void> {
  // The explorer lists the folder once the workbench has restored; commands run before that may not be registered yet.
  await page.locator(".explorer-folders-view .monaco-list-row").first().waitFor({ state: "visible", timeout: timeoutMs });
  await openChat(page, timeoutMs);
  await until(`model picker offers ${modelName}`, timeoutMs, async () => {
    if (await choose(page, modelName)) return true;
    await command(page, "Extensions: Enable All Extensions", 3000).catch(() => page.keyboard.press("Escape"));
    await new Promise((r) => setTimeout(r, 2000));
    return false;
  });
}

/** Opens the model picker and clicks `modelName` if it is listed (closing the picker if not); true once it is the chosen model. */
async function choose(page: Page, modelName: string): Promise<boolean> {
  if ((await label(page.locator(MODEL_PICKER))) === modelName) return true;
  await page.locator(MODEL_PICKER).first().click();
  const row = page.locator(".monaco-list-row[role=option]").filter({ hasText: modelName }).first();
  const listed = await row.waitFor({ state: "visible", timeout: 2000 }).then(
    () => true,
    () => false,
  );
  if (listed) await row.click();
  else await page.keyboard.press("Escape");
  return (await label(page.locator(MODEL_PICKER))) === modelName;
}

export async function openChat(page: Page, timeoutMs: number): Promise<void> {
  if (!(await page.locator(INPUT).first().isVisible())) await command(page, "Chat: Open Chat");
  await page.locator(INPUT).first().waitFor({ state: "visible", timeout: timeoutMs });
}

/** A new, empty chat session in the view (each experiment's turn starts from nothing): the view's "New Chat" title action. */
export async function newChat(page: Page, timeoutMs: number): Promise<void> {
  await page.locator(`${VIEW} .title-actions [aria-label^="New Chat"], ${VIEW} .actions-container [aria-label^="New Chat"]`).first().click({ timeout: timeoutMs });
  await until("an empty chat", timeoutMs, async () => (await page.locator(REQUESTS).count()) === 0);
}

/** Picks the model by its name in the picker (the configured models appear a few seconds after the extension starts). */
export async function pickModel(page: Page, modelName: string, timeoutMs: number): Promise<void> {
  await until(`model picker offers ${modelName}`, timeoutMs, () => choose(page, modelName));
}

/** Makes sure the chat is in agent mode (the default in 1.139; a user's last choice persists). */
export async function pickAgentMode(page: Page, timeoutMs: number): Promise<void> {
  const mode = page.locator(`${TOOLBAR} .action-label`).filter({ hasText: /^(Agent|Ask|Edit|Plan)$/ }).first();
  await mode.waitFor({ state: "visible", timeout: timeoutMs });
  if ((await label(mode)) === "Agent") return;
  await mode.click();
  await page.locator(".monaco-list-row[role=option]").filter({ hasText: /^Agent/ }).first().click({ timeout: timeoutMs });
  await until("agent mode", timeoutMs, async () => (await label(mode)) === "Agent");
}

/** Types the prompt into the chat input and sends it. */
export async function sendPrompt(page: Page, prompt: string): Promise<void> {
  await page.locator(INPUT).first().click();
  await page.keyboard.type(prompt);
  await page.keyboard.press("Enter");
}

/** Waits until the latest response exists and has stopped streaming (the agent loop is over). */
export async function waitForTurnEnd(page: Page, timeoutMs: number): Promise<void> {
  await until("the chat turn to end", timeoutMs, async () => {
    const last = page.locator(LAST_RESPONSE);
    if ((await last.count()) === 0) return false;
    const loading = await last.first().evaluate((e) => e.closest(".chat-response-loading") !== null || e.classList.contains("chat-response-loading"));
    return !loading;
  });
}

/** The latest response's visible text (what the user reads). */
export async function lastResponseText(page: Page): Promise<string> {
  return ((await page.locator(LAST_RESPONSE).first().textContent()) ?? "").trim();
}

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { command, expectStatus, text, webviewFrame } from "./ui-helpers";
import type { UiContext } from "./ui-scenario";

/** The modal dialog VS Code shows for `{ modal: true }` messages. */
function dialog(page: Page) {
  return page.locator(".monaco-dialog-box");
}

async function toast(page: Page, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const t = page.locator(".notifications-toasts .notification-toast", { hasText: pattern }).first();
  await t.waitFor({ timeout: timeoutMs });
  return ((await t.textContent()) ?? "").trim();
}

/**
 * The incident and policy commands as a person uses them: Why? from the activity
 * log to the policy line, a loosening policy edit accepted in its modal, the audit
 * log exported through the save dialog, and an agent contained from the Agents view.
 */
export async function uiCommandsScenario(ctx: UiContext): Promise<void> {
  const { page, fixture, steps, artifacts } = ctx;
  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, `${name}.png`) });
  const onFailure = (name: string) => () => shot(`failed-${name}`).then(() => undefined);
  const workspace = fixture.workspace;
  const policyFile = path.join(workspace, ".warden", "policy.json");
  const human = await fixture.connect();
  const agent = await fixture.agent();

  try {
    await steps.run(
      "Why?: a decision's row says decision, rule and reason, and its source link opens the policy at the rule's line",
      async () => {
        const decided = await agent.request("actions/decide", { workspace, input: { tool_name: "Bash", tool_input: { command: "ls docs" }, session_id: "ui-why" } });
        const line = Number(/:(\d+)$/.exec(decided.decision.source ?? "")?.[1]);
        assert.equal(decided.decision.rule, "list-files");
        await command(page, "Warden: Open Activity");
        const frame = await webviewFrame(page, "#activity-rows .vl-row");
        await frame.locator("#filter-text input").fill("ls docs");
        const row = frame.locator("#activity-rows .vl-row", { hasText: "ls docs" }).first();
        await row.waitFor({ timeout: 10_000 });
        await row.click();
        await frame.locator("#why-rule", { hasText: "list-files" }).waitFor({ timeout: 10_000 });
        assert.equal(await text(frame, "#why-decision"), "ALLOW");
        assert.match(await text(frame, "#why-reason"), /\S/);
        assert.equal(await text(frame, "#why-source"), `.warden/policy.json:${line}`);
        await shot("why-row");
        // The palette's Why? explains the selected row.
        await command(page, "Warden: Why?");
        assert.match(await toast(page, /by rule 'list-files'/), new RegExp(`#${decided.seq} builder shell\\.exec ls docs: ALLOW by rule 'list-files' at \\.warden/policy\\.json:${line}`));
        await frame.locator("#why-source").click();
        await page.locator(".tab.active", { hasText: "policy.json" }).waitFor({ timeout: 15_000 });
        await page.locator('[id="status.editor.selection"]', { hasText: `Ln ${line},` }).waitFor({ timeout: 10_000 });
        await shot("why-policy-line");
        await frame.locator("#filter-text input").fill("");
      },
      onFailure("why"),
    );

    await steps.run(
      "a loosening policy edit is held: the status bar and a notification say so, and Accept in its modal puts it in force",
      async () => {
        const policy: unknown = JSON.parse(fs.readFileSync(policyFile, "utf8"));
        assert.ok(typeof policy === "object" && policy !== null && "rules" in policy && Array.isArray(policy.rules));
        policy.rules.push({ id: "ui-echo", action: "shell.exec", commands: [{ program: "echo" }], decision: "allow" });
        fs.writeFileSync(policyFile, JSON.stringify(policy, null, 2));
        const held = page.locator("#workbench\\.parts\\.statusbar .statusbar-item", { hasText: "Policy loosening held" });
        await held.waitFor({ timeout: 20_000 });
        await toast(page, /loosens .*new allow rule 'ui-echo'.*NOT in force/);
        await held.click();
        await dialog(page).filter({ hasText: "new allow rule 'ui-echo'" }).waitFor({ timeout: 10_000 });
        await shot("policy-loosening-modal");
        await dialog(page).getByRole("button", { name: "Accept" }).click();
        await held.waitFor({ state: "hidden", timeout: 15_000 });
        const status = await human.request("policy/status", { workspace });
        assert.equal(status.pending, null, "nothing is held any more");
        const r = await agent.request("actions/decide", { workspace, input: { tool_name: "Bash", tool_input: { command: "echo accepted" }, session_id: "ui-policy" } });
        assert.equal(r.decision.rule, "ui-echo", "the accepted rule decides");
      },
      onFailure("policy"),
    );

    await steps.run(
      "Export Audit Log through the save dialog writes the whole log, and says the daemon verifies the chain",
      async () => {
        const before = new Set(fs.readdirSync(workspace));
        await command(page, "Warden: Export Audit Log…");
        // The save dialog (code-server's simple file dialog) replaces the palette, prefilled with the suggested file.
        const input = page.locator(".quick-input-widget input.input");
        const started = Date.now();
        while (!/warden-audit-.*\.jsonl$/.test(await input.inputValue().catch(() => ""))) {
          if (Date.now() - started > 10_000) throw new Error(`the save dialog did not offer a warden-audit-*.jsonl file (input: '${await input.inputValue().catch(() => "")}')`);
          await page.waitForTimeout(100);
        }
        await shot("export-save-dialog");
        await page.keyboard.press("Enter");
        const message = await toast(page, /exported [\d,]+ records/, 60_000);
        assert.match(message, /The daemon verifies the chain through #\d+/);
        const created = fs.readdirSync(workspace).filter((f) => !before.has(f) && /^warden-audit-.*\.jsonl$/.test(f));
        assert.equal(created.length, 1, `new files: ${created.join(", ")}`);
        const file = path.join(workspace, created[0] ?? "");
        const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
        assert.match(message, new RegExp(`exported ${lines.length.toLocaleString("en")} records`));
        fs.rmSync(file);
      },
      onFailure("export"),
    );

    await steps.run(
      "a secret in .env is flagged in the editor; the Move to keychain quick fix stores it in the OS keychain and leaves ${DB_PASSWORD}",
      async () => {
        const env = path.join(workspace, ".env");
        const value = "Tr0ub4dor-and-3-more-words!";
        fs.writeFileSync(env, `# local settings\nDB_HOST=localhost\nDB_PASSWORD=${value}\n`);
        await page.keyboard.press("Control+P");
        await page.locator(".quick-input-widget input.input").fill(".env");
        await page.locator(".quick-input-widget .monaco-list-row", { hasText: ".env" }).first().click();
        await page.locator(".tab.active", { hasText: ".env" }).waitFor({ timeout: 10_000 });
        const squiggle = page.locator(".monaco-editor .squiggly-warning, .monaco-editor .squiggly-info").first();
        await squiggle.waitFor({ state: "attached", timeout: 20_000 });
        // Cursor on the value, then the quick fix menu (Ctrl+.), as a person would.
        await page.locator(".monaco-editor .view-line", { hasText: "DB_PASSWORD=" }).first().click();
        await page.keyboard.press("End");
        await page.keyboard.press("Control+.");
        const fix = page.locator(".action-widget", { hasText: "Move to keychain" }).getByText("Move to keychain (replace with ${NAME})");
        await fix.waitFor({ timeout: 10_000 });
        await shot("move-to-keychain-quick-fix");
        await fix.click();
        const input = page.locator(".quick-input-widget input.input");
        await input.waitFor({ state: "visible", timeout: 10_000 });
        assert.equal(await input.inputValue(), "db_password", "the name is suggested from the key");
        await page.keyboard.press("Enter");
        await toast(page, /moved to the keychain as db_password; \.env now says \$\{DB_PASSWORD\}/, 20_000);
        const after = fs.readFileSync(env, "utf8");
        assert.equal(after, "# local settings\nDB_HOST=localhost\nDB_PASSWORD=${DB_PASSWORD}\n", "the value left the file, which was saved");
        const kept = await fixture.keychainValue("db_password");
        assert.equal(kept, value, "the OS keychain holds the value");
        await page.locator(".monaco-editor .squiggly-warning, .monaco-editor .squiggly-info").first().waitFor({ state: "detached", timeout: 10_000 });
        await command(page, "Warden: Focus on Secrets View");
        await page.locator(".pane-body .monaco-list-row", { hasText: "db_password" }).first().waitFor({ timeout: 10_000 });
        await shot("secrets-view");
      },
      onFailure("keychain"),
    );

    await steps.run(
      "Contain Agent from the Agents view: reason, modal, and the agent is contained; the status bar counts it",
      async () => {
        await command(page, "Warden: Focus on Agents View");
        const row = page.locator(".pane-body .monaco-list-row", { hasText: "reviewer" }).first();
        await row.waitFor({ timeout: 15_000 });
        await row.click({ button: "right" });
        await page.locator(".monaco-menu .action-label", { hasText: "Contain Agent…" }).first().click();
        const input = page.locator(".quick-input-widget input.input");
        await input.waitFor({ state: "visible", timeout: 10_000 });
        await input.fill("ui test: reviewing the wrong branch");
        await page.keyboard.press("Enter");
        await dialog(page).filter({ hasText: "Contain reviewer?" }).waitFor({ timeout: 10_000 });
        await shot("contain-modal");
        await dialog(page).getByRole("button", { name: "Contain" }).click();
        await toast(page, /reviewer is contained: .* revoked, .* denied, .* stopped .* Evidence: log snapshot through #\d+ \(verified\)/, 30_000);
        await expectStatus(page, /1 contained/);
        await page.locator(".pane-body .monaco-list-row", { hasText: /reviewer.*CONTAINED/ }).first().waitFor({ timeout: 10_000 });
        const { agent: after } = await human.request("agents/show", { workspace, name: "reviewer" });
        assert.equal(after.status, "contained");
        assert.equal(after.statusReason?.includes("ui test: reviewing the wrong branch"), true, `status reason: ${String(after.statusReason)}`);
        await shot("agent-contained");
      },
      onFailure("contain"),
    );
  } finally {
    agent.close();
  }
}

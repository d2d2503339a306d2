import assert from "node:assert/strict";
import os from "node:os";
import path from "node:path";
import type { Frame, Page } from "playwright-core";
import { command, expectStatus, text, webviewFrame } from "./ui-helpers";
import { Result } from "../../../protocol/src/methods";
import { StepRunner } from "./steps";
import { WardenFixture } from "./warden-fixture";

export interface UiContext {
  page: Page;
  fixture: WardenFixture;
  steps: StepRunner;
  artifacts: string;
  log: (line: string) => void;
}

type Decided = Result<"actions/decide">;

/** Waits for an approval panel that shows a request not yet answered (optionally: not the one with target `except`). */
async function approvalFrame(page: Page, except: string | null = null): Promise<{ frame: Frame; target: string; summary: string }> {
  const started = Date.now();
  for (;;) {
    const frame = await webviewFrame(page, "#approval-summary");
    const summary = await text(frame, "#approval-summary").catch(() => "");
    const target = await text(frame, "#approval-target").catch(() => "");
    const status = await text(frame, "#approval-status").catch(() => "");
    if (summary !== "" && status === "" && target !== except) return { frame, target, summary };
    if (Date.now() - started > 30_000) throw new Error("no fresh approval panel within 30 s");
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The approval panel arms its buttons a moment after it appears (so a stray click cannot answer). */
const ARMED_AFTER_MS = 600;

export async function uiScenario(ctx: UiContext): Promise<void> {
  const { page, fixture, steps, artifacts } = ctx;
  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, `${name}.png`) });
  const onFailure = (name: string) => () => shot(`failed-${name}`).then(() => undefined);
  const workspace = fixture.workspace;
  const agent = await fixture.agent();
  const decide = (command: string): Promise<Decided> => {
    const pending = agent.request("actions/decide", { workspace, input: { tool_name: "Bash", tool_input: { command }, session_id: "ui-test" } }, { timeoutMs: 120_000 });
    // Awaited by the step; a step that fails first must not leave it unhandled.
    pending.catch(() => undefined);
    return pending;
  };

  try {
    await steps.run(
      "the workbench loads the extension and the status bar shows Warden connected",
      async () => {
        await page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: 60_000 });
        await expectStatus(page, /^Warden$|Warden$/, 60_000);
      },
      onFailure("connect"),
    );

    let first: Promise<Decided> | null = null;
    await steps.run(
      "an agent's rm -rf opens the approval panel with its action, target and identity; the status bar counts it",
      async () => {
        first = decide("rm -rf src");
        const { frame } = await approvalFrame(page);
        assert.match(await text(frame, "#approval-summary"), /^builder wants to /);
        assert.match(await text(frame, "#approval-action"), /^(file\.delete|shell\.exec)$/);
        assert.match(await text(frame, "#approval-target"), /src/);
        assert.equal(await text(frame, "#approval-agent"), "builder (claude-code, role writer)");
        assert.equal(await text(frame, "#approval-owner"), "alice");
        assert.equal(await text(frame, "#approval-requester"), `human:${os.userInfo().username}`);
        assert.match(await text(frame, "#approval-rule"), /\S/);
        assert.match(await text(frame, "#approval-rollback"), /\S/);
        await expectStatus(page, /Warden: 1 pending/);
        await shot("approval-panel");
      },
      onFailure("ask"),
    );

    await steps.run(
      "Approve once, clicked inside the webview, lets exactly that action through",
      async () => {
        const { frame } = await approvalFrame(page);
        await page.waitForTimeout(ARMED_AFTER_MS);
        await frame.locator("#approve-once").click();
        assert.ok(first !== null);
        const r = await first;
        assert.equal(r.decision.decision, "allow");
        assert.match(r.decision.reason, /approved once by human:/);
        await expectStatus(page, /^\$?\(?.*Warden$/);
      },
      onFailure("approve"),
    );

    await steps.run(
      "Deny with a reason, from the panel, denies the agent with that reason",
      async () => {
        const pending = decide("rm -rf README.md");
        const { frame } = await approvalFrame(page);
        await page.waitForTimeout(ARMED_AFTER_MS);
        await frame.locator("#reason input").fill("not in this sprint");
        await frame.locator("#deny").click();
        const r = await pending;
        assert.equal(r.decision.decision, "deny");
        assert.match(r.decision.reason, /not in this sprint/);
        await expectStatus(page, /Warden$/);
      },
      onFailure("deny"),
    );

    await steps.run(
      "two asks queue: the panel says one more waits, the status bar counts 2, then 1, then 0; keyboard A and D answer",
      async () => {
        const a = decide("rm -rf src/main.ts");
        const first = await approvalFrame(page);
        assert.equal(first.target, "rm -rf src/main.ts");
        const b = decide("rm -rf docs");
        await expectStatus(page, /Warden: 2 pending/);
        await first.frame.locator("#approval-waiting", { hasText: "1 more request waiting" }).waitFor({ timeout: 10_000 });
        await page.waitForTimeout(ARMED_AFTER_MS);
        await first.frame.locator("h1").click();
        await page.keyboard.press("a");
        assert.equal((await a).decision.decision, "allow");
        await expectStatus(page, /Warden: 1 pending/);
        const second = await approvalFrame(page, first.target);
        assert.equal(second.target, "rm -rf docs");
        await page.waitForTimeout(ARMED_AFTER_MS);
        await second.frame.locator("h1").click();
        await page.keyboard.press("d");
        assert.equal((await b).decision.decision, "deny");
        await expectStatus(page, /Warden$/);
      },
      onFailure("queue"),
    );

    await steps.run(
      "an edit that asks shows its diff, and opens it in VS Code's diff editor",
      async () => {
        const pending = agent.request("actions/decide", { workspace, input: { tool_name: "Edit", tool_input: { file_path: "docs/guide.md", old_string: "before you push", new_string: "after you push" } } }, { timeoutMs: 120_000 });
        pending.catch(() => undefined);
        const { frame } = await approvalFrame(page);
        assert.match(await text(frame, "#data-diff"), /\+Run the tests after you push\./);
        assert.match(await text(frame, "#data-diff"), /-Run the tests before you push\./);
        await page.waitForTimeout(ARMED_AFTER_MS);
        await frame.locator("#open-diff").click();
        await page.locator(".monaco-diff-editor").first().waitFor({ state: "visible", timeout: 15_000 });
        await page.locator(".monaco-diff-editor .line-insert, .monaco-diff-editor .char-insert").first().waitFor({ timeout: 10_000 });
        await shot("approval-diff-editor");
        const again = await approvalFrame(page);
        await again.frame.locator("#deny").click();
        assert.equal((await pending).decision.decision, "deny");
      },
      onFailure("diff"),
    );

    await steps.run(
      "Warden: Open Activity shows every decision live, filters by text, and shows a row's record",
      async () => {
        await command(page, "Warden: Open Activity");
        const frame = await webviewFrame(page, "#activity-rows .vl-row");
        await frame.locator("#chain-state", { hasText: "verified" }).waitFor({ timeout: 20_000 });
        const rows = frame.locator("#activity-rows .vl-row");
        await rows.filter({ hasText: "rm -rf README.md" }).first().waitFor({ timeout: 10_000 });
        const all = await text(frame, "#activity-counts");
        await frame.locator("#filter-text input").fill("README");
        await frame.locator("#activity-counts", { hasText: " of " }).waitFor({ timeout: 5000 });
        assert.notEqual(await text(frame, "#activity-counts"), all);
        await rows.filter({ hasText: "deny" }).first().click();
        await frame.locator("#row-detail pre", { hasText: '"kind": "action.decided"' }).waitFor({ timeout: 10_000 });
        await frame.locator("#filter-text input").fill("");
        await frame.locator("#activity-counts", { hasText: all }).waitFor({ timeout: 5000 });
        // New activity appears without a reload.
        await decide("ls -la");
        await rows.filter({ hasText: "ls -la" }).first().waitFor({ timeout: 10_000 });
        await shot("activity-log");
      },
      onFailure("activity"),
    );

    await steps.run(
      "the activity log holds 100,000 rows and stays smooth while 1,000 new rows a second arrive and the human scrolls",
      async () => {
        const frame = await webviewFrame(page, "#activity-rows .vl-row");
        const human = await fixture.connect();
        const load = (from: number, count: number) =>
          human.request("audit/append", { events: Array.from({ length: count }, (_, i) => ({ kind: "e2e.load", workspace, payload: { agent: `load-${(from + i) % 5}`, n: from + i, target: `src/generated/file-${from + i}.ts` } })) });
        const started = Date.now();
        for (let b = 0; b < 100; b++) await load(b * 1000, 1000);
        const counts = frame.locator("#activity-counts");
        await counts.filter({ hasText: /^1\d\d,\d{3} events$/ }).waitFor({ timeout: 90_000 });
        ctx.log(`100,000 records appended and shown in ${Date.now() - started} ms (${await counts.textContent()})`);
        // Frame gaps inside the webview while rows stream in and the list is scrolled.
        await frame.evaluate(`(() => { const gaps = []; globalThis.__wardenGaps = gaps; let last = performance.now(); const loop = (t) => { gaps.push(t - last); last = t; if (gaps.length < 100000) requestAnimationFrame(loop); }; requestAnimationFrame(loop); })()`);
        const rowsBox = await page.locator("iframe.webview.ready").last().boundingBox();
        const streamStarted = Date.now();
        for (let tick = 0; tick < 50; tick++) {
          const t = Date.now();
          await load(200_000 + tick * 100, 100);
          if (rowsBox !== null && tick % 5 === 0) {
            await page.mouse.move(rowsBox.x + rowsBox.width / 2, rowsBox.y + rowsBox.height / 2);
            await page.mouse.wheel(0, tick < 25 ? 2000 : -1500);
          }
          await page.waitForTimeout(Math.max(0, 100 - (Date.now() - t)));
        }
        const streamMs = Date.now() - streamStarted;
        await counts.filter({ hasText: /^10[5-9],\d{3} events$/ }).waitFor({ timeout: 30_000 });
        const gapsJson: unknown = await frame.evaluate(`JSON.stringify(globalThis.__wardenGaps)`);
        const gaps: unknown = JSON.parse(typeof gapsJson === "string" ? gapsJson : "[]");
        assert.ok(Array.isArray(gaps));
        const sorted = gaps.filter((g): g is number => typeof g === "number").sort((a, b) => a - b);
        const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Infinity;
        ctx.log(`streaming 1,000 rows/s for ${streamMs} ms: ${sorted.length} frames, frame gap median ${p(0.5).toFixed(1)} ms, p95 ${p(0.95).toFixed(1)} ms, max ${p(1).toFixed(1)} ms`);
        // Generous bounds: software rendering on a shared 2-core machine; a list that rebuilt its DOM per row would miss them by far.
        assert.ok(sorted.length >= streamMs / 100, `only ${sorted.length} frames in ${streamMs} ms`);
        assert.ok(p(0.95) < 100, `p95 frame gap ${p(0.95).toFixed(1)} ms`);
        assert.ok(p(1) < 1000, `a frame took ${p(1).toFixed(1)} ms`);
        // A burst far above 1,000/s may make the daemon drop a client that reads too slowly; the log must
        // still be whole (counted above) and the chain re-verified from the view's own button.
        await frame.locator("#verify-chain").click();
        await frame.locator("#chain-state", { hasText: /verified: 10\d,\d{3} records/ }).waitFor({ timeout: 60_000 });
        await frame.locator("#filter-text input").fill("file-99999.ts");
        await counts.filter({ hasText: /^1 of / }).waitFor({ timeout: 5000 });
        await frame.locator("#filter-text input").fill("");
        await shot("activity-100k");
      },
      onFailure("load"),
    );

    await steps.run(
      "Warden: Verify Audit Log reports the chain verified",
      async () => {
        await command(page, "Warden: Verify Audit Log");
        await page.locator(".notifications-toasts, .notification-toast-container", { hasText: "the audit log verifies" }).first().waitFor({ timeout: 20_000 });
      },
      onFailure("verify"),
    );
  } finally {
    agent.close();
  }
}

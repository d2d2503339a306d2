import assert from "node:assert/strict";
import fs from "node:fs";
import * as vscode from "vscode";
import type { WardenApi } from "../../../../extension/src/wiring";
import type { FixtureInfo } from "../warden-fixture";

function isApi(value: unknown): value is WardenApi {
  return typeof value === "object" && value !== null && "connectionState" in value && "pendingApprovals" in value && "agentsTree" in value && "grantsTree" in value;
}

/** The fixture the driver wrote (WARDEN_E2E_FIXTURE): the daemon's home, the workspace, an agent token. */
export function readFixture(): FixtureInfo {
  const file = process.env["WARDEN_E2E_FIXTURE"];
  assert.ok(file !== undefined, "WARDEN_E2E_FIXTURE names the fixture file");
  const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  assert.ok(typeof parsed === "object" && parsed !== null && "home" in parsed && "workspace" in parsed && "builderToken" in parsed && "keyringEnv" in parsed);
  const { home, workspace, builderToken, keyringEnv } = parsed;
  assert.ok(typeof home === "string" && typeof workspace === "string" && typeof builderToken === "string" && typeof keyringEnv === "object" && keyringEnv !== null);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(keyringEnv)) if (typeof v === "string") env[k] = v;
  return { home, workspace, builderToken, agents: {}, keyringEnv: env };
}

/** The extension's API, activating it if needed. */
export async function wardenApi(): Promise<WardenApi> {
  const ext = vscode.extensions.getExtension("warden-dev.warden");
  assert.ok(ext !== undefined, "the extension is loaded from its development path");
  const exported: unknown = await ext.activate();
  assert.ok(isApi(exported), "activate() returns the Warden API");
  return exported;
}

/** Polls `probe` until it yields something (not undefined, null or false), or fails naming `what`. */
export async function until<T>(what: string, probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

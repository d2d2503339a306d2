import fs from "node:fs";
import path from "node:path";
import { QUIET_SETTINGS } from "../code-server";
import { MODEL_ID } from "./model-server";
import type { HookRecord, HookRules } from "./recording-hook";

/**
 * The files a VS Code agent turn needs, laid out in a scratch directory:
 *  - a workspace with `src/`, a file to read, and `.github/hooks/recording.json`,
 *    which runs the recording hook for every hook event VS Code knows;
 *  - user settings with chat on (`chat.disableAIFeatures` false) and the model
 *    config `User/chatLanguageModels.json` naming the scripted server as a
 *    "Custom Endpoint" model, so no account or network is needed;
 *  - the hook's record and rules files, outside the workspace so the agent's own
 *    listings and searches do not see them.
 */

export const HOOK_EVENTS = ["SessionStart", "UserPromptSubmit", "PreToolUse", "PostToolUse", "PreCompact", "SubagentStart", "SubagentStop", "Stop"] as const;
/** The model's name in the model picker. */
export const MODEL_NAME = "Warden Scripted";
const RECORDING_HOOK = path.join(__dirname, "recording-hook.js");

export interface ProvingGround {
  scratch: string;
  workspace: string;
  /** code-server's user data dir (User/settings.json and User/chatLanguageModels.json go there). */
  userData: string;
  settings: Record<string, unknown>;
  recordFile: string;
  rulesFile: string;
  /** Replaces the hook's rules (read by every hook run). */
  setRules(rules: HookRules): void;
  /** Every hook run recorded so far, oldest first. */
  hookRecords(): HookRecord[];
}

function isHookRecord(value: unknown): value is HookRecord {
  return typeof value === "object" && value !== null && "argv" in value && Array.isArray(value.argv) && "input" in value && "cwd" in value && typeof value.cwd === "string";
}

export interface ProvingGroundOptions {
  scratch: string;
  modelUrl: string;
  /** Hook timeout in seconds written into the hook file; absent means VS Code's default. */
  hookTimeoutSeconds?: number;
  /** The model's id (default MODEL_ID); Copilot Chat picks tools and prompts by it, e.g. `apply_patch` for GPT-5-class ids. */
  modelId?: string;
  /** More hook files for .github/hooks (name → content), e.g. one whose command does not exist. */
  extraHookFiles?: Record<string, unknown>;
  /** The workspace's own `.vscode/settings.json`, if any (what an agent or a repository could set). */
  workspaceSettings?: Record<string, unknown>;
  /** Settings added to (or overriding) the proving ground's. */
  extraSettings?: Record<string, unknown>;
}

export function prepareProvingGround(o: ProvingGroundOptions): ProvingGround {
  const workspace = path.join(o.scratch, "workspace");
  const userData = path.join(o.scratch, "code-server", "user-data");
  const recordFile = path.join(o.scratch, "hook-records.jsonl");
  const rulesFile = path.join(o.scratch, "hook-rules.json");
  fs.mkdirSync(path.join(workspace, "src"), { recursive: true });
  fs.mkdirSync(path.join(workspace, ".github", "hooks"), { recursive: true });
  fs.mkdirSync(path.join(userData, "User"), { recursive: true });
  fs.writeFileSync(path.join(workspace, "README.md"), "# Proving ground\n\nA workspace for one scripted agent turn.\n");
  fs.writeFileSync(path.join(workspace, "src", "greeting.ts"), 'export const greeting = "hello";\n');
  fs.writeFileSync(recordFile, "");
  fs.writeFileSync(rulesFile, JSON.stringify({ rules: [], envProbes: [] }));

  // process.execPath, not `node` from PATH: the extension host's PATH starts with code-server's Node 24.
  const command = (event: string): string => [process.execPath, RECORDING_HOOK, recordFile, rulesFile, event].map((a) => JSON.stringify(a)).join(" ");
  const hooks = Object.fromEntries(HOOK_EVENTS.map((event) => [event, [{ type: "command", command: command(event), ...(o.hookTimeoutSeconds !== undefined ? { timeout: o.hookTimeoutSeconds } : {}) }]]));
  fs.writeFileSync(path.join(workspace, ".github", "hooks", "recording.json"), JSON.stringify({ hooks }, null, 2));
  if (o.workspaceSettings !== undefined) {
    fs.mkdirSync(path.join(workspace, ".vscode"), { recursive: true });
    fs.writeFileSync(path.join(workspace, ".vscode", "settings.json"), JSON.stringify(o.workspaceSettings, null, 2));
  }
  for (const [name, content] of Object.entries(o.extraHookFiles ?? {})) fs.writeFileSync(path.join(workspace, ".github", "hooks", name), JSON.stringify(content, null, 2));

  // The "Custom Endpoint" provider's config: the key sits in the file, so no secret storage prompt appears.
  const models = [{ name: "Warden proving ground", vendor: "customendpoint", apiKey: "proving-ground-key", apiType: "chat-completions", models: [{ id: o.modelId ?? MODEL_ID, name: MODEL_NAME, url: o.modelUrl, toolCalling: true, vision: false, maxInputTokens: 128000, maxOutputTokens: 8000 }] }];
  fs.writeFileSync(path.join(userData, "User", "chatLanguageModels.json"), JSON.stringify(models, null, 2));

  const settings: Record<string, unknown> = {
    ...QUIET_SETTINGS,
    // On for this test: the quiet settings turn AI features off for the Warden extension's tests.
    "chat.disableAIFeatures": false,
    // `chat.useHooks` is left at its default (true in 1.139), so the test also proves hooks are on out of the box.
    ...o.extraSettings,
  };
  return {
    scratch: o.scratch,
    workspace,
    userData,
    settings,
    recordFile,
    rulesFile,
    setRules: (rules) => fs.writeFileSync(rulesFile, JSON.stringify(rules, null, 2)),
    hookRecords: () =>
      fs
        .readFileSync(recordFile, "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l): unknown => JSON.parse(l))
        .filter(isHookRecord),
  };
}

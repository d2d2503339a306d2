import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { launchChromium } from "../browser";
import { REPO } from "../deps";
import { AgentSession, startAgentSession } from "./agent-session";
import { lastResponseText } from "./chat-driver";
import { FIXTURE_DIR, installedVersions, placesOf, scrub, writeFixture } from "./fixtures";
import { MODEL_ID, RecordedRequest, ScriptStep, isRecord } from "./model-server";
import type { HookAnswer, HookRules } from "./recording-hook";

/**
 * Establishes how VS Code's agent treats a hook's answers, by experiment: each
 * experiment is one turn in which the scripted model asks for one tool call (most
 * often a terminal command that would create a marker file) while the recording
 * hook answers one way. What is recorded per experiment: whether the marker
 * appeared, the tool result the model received next, the hook runs, the chat's
 * last text, and a screenshot. docs/agents/vscode-agent-facts.md is written from
 * the result (test/fixtures/vscode-agent/experiments.json, paths scrubbed).
 *
 * The session's hook file has a 5 s timeout (for the timeout experiment) and a
 * second hook file whose command does not exist (for the missing-command one): if
 * a missing command failed closed, every experiment's tool would be refused.
 * Run: node dist/test/vscode/src/copilot-agent/experiments.js [--model-id=ID]
 *   [--setting=KEY=JSON ...] [--workspace-setting=KEY=JSON ...] [--label=LABEL] [name ...]
 * (results go to experiments-<LABEL or ID>.json when either is given).
 */

const ARTIFACTS = path.join(REPO, "test-artifacts", "vscode", "copilot-agent-experiments");
const HOOK_TIMEOUT_SECONDS = 5;
const API_KEY = "proving-ground-key";

interface Experiment {
  name: string;
  question: string;
  /** The tool call the model makes (marker paths are relative to the workspace). */
  call: (ws: string) => { name: string; arguments: Record<string, unknown> };
  /** Files whose existence afterwards is the answer. */
  markers: string[];
  answer?: HookAnswer;
  /** The event whose hook answers (PreToolUse unless given). */
  event?: string;
  prompt?: string;
  /** A string of the hook's answer; the result says whether any model request carried it. */
  reasonToken?: string;
  /** Scripted steps the agent is expected to ask for (all unless given). */
  expectSteps?: number;
  /** The turn may wait for a person (a confirmation): a shorter bounded wait; a turn that did not end is cancelled. */
  mayStall?: boolean;
}

const preToolUse = (decision: Record<string, unknown>): HookAnswer => ({ exitCode: 0, stdout: JSON.stringify({ hookSpecificOutput: { hookEventName: "PreToolUse", ...decision } }) });

function terminal(ws: string, command: string): { name: string; arguments: Record<string, unknown> } {
  return { name: "run_in_terminal", arguments: { command: command.split("WS/").join(`${ws}/`), explanation: "Experiment command.", goal: "Experiment", mode: "sync" } };
}

const EXPERIMENTS: Experiment[] = [
  { name: "baseline-allow", question: "Does a terminal command the hook allows run (with a missing-command hook beside it)?", call: (ws) => terminal(ws, "touch WS/m-baseline"), markers: ["m-baseline"] },
  { name: "terminal-env", question: "What environment does the terminal command see?", call: (ws) => terminal(ws, "env | cut -d= -f1 | sort > WS/terminal-env.txt"), markers: ["terminal-env.txt"] },
  { name: "exit-2", reasonToken: "exit2-reason-a41", question: "Exit 2 with a reason on stderr", call: (ws) => terminal(ws, "touch WS/m-exit2"), markers: ["m-exit2"], answer: { exitCode: 2, stderr: "exit2-reason-a41" } },
  { name: "json-deny", reasonToken: "json-deny-reason-b52", question: "permissionDecision deny on stdout, exit 0", call: (ws) => terminal(ws, "touch WS/m-deny"), markers: ["m-deny"], answer: preToolUse({ permissionDecision: "deny", permissionDecisionReason: "json-deny-reason-b52" }) },
  {
    name: "updated-input",
    question: "allow with updatedInput replacing the command",
    call: (ws) => terminal(ws, "touch WS/m-original"),
    markers: ["m-original", "m-updated"],
  },
  { name: "timeout", question: `Hook sleeps past its ${HOOK_TIMEOUT_SECONDS} s timeout`, call: (ws) => terminal(ws, "touch WS/m-timeout"), markers: ["m-timeout"], answer: { exitCode: 0, sleepSeconds: 12, stdout: JSON.stringify({ hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny" } }) }, mayStall: true },
  { name: "non-json", question: "exit 0 with stdout that is not JSON", call: (ws) => terminal(ws, "touch WS/m-nonjson"), markers: ["m-nonjson"], answer: { exitCode: 0, stdout: "this is not json" }, mayStall: true },
  { name: "crash-exit-1", reasonToken: "crash-reason-c63", question: "exit 1 with stderr", call: (ws) => terminal(ws, "touch WS/m-exit1"), markers: ["m-exit1"], answer: { exitCode: 1, stderr: "crash-reason-c63" }, mayStall: true },
  { name: "deny-read", reasonToken: "read-deny-reason-d74", question: "Does a deny stop a read-only tool (read_file)?", call: (ws) => ({ name: "read_file", arguments: { filePath: path.join(ws, "README.md"), startLine: 1, endLine: 2 } }), markers: [], answer: { exitCode: 2, stderr: "read-deny-reason-d74" } },
  { name: "post-block", reasonToken: "post-block-reason-e85", question: "PostToolUse answering decision block", event: "PostToolUse", call: (ws) => ({ name: "create_file", arguments: { filePath: path.join(ws, "src", "post-block.ts"), content: "export {};\n" } }), markers: [path.join("src", "post-block.ts")], answer: { exitCode: 0, stdout: JSON.stringify({ decision: "block", reason: "post-block-reason-e85" }) } },
  { name: "prompt-exit-2", reasonToken: "prompt-reason-f96", question: "UserPromptSubmit exit 2", event: "UserPromptSubmit", prompt: "blocked prompt", expectSteps: 0, call: (ws) => terminal(ws, "touch WS/m-prompt"), markers: ["m-prompt"], answer: { exitCode: 2, stderr: "prompt-reason-f96" } },
  {
    name: "apply-patch",
    question: "Is apply_patch offered (model id from --model-id), and what does its hook input look like?",
    call: (ws) => ({ name: "apply_patch", arguments: { explanation: "Edit the greeting.", input: `*** Begin Patch\n*** Update File: ${path.join(ws, "src", "greeting.ts")}\n@@\n-export const greeting = "hello";\n+export const greeting = "patched";\n*** End Patch` } }),
    markers: [],
  },
  { name: "ask", reasonToken: "ask-reason-g07", question: "permissionDecision ask", call: (ws) => terminal(ws, "touch WS/m-ask"), markers: ["m-ask"], answer: preToolUse({ permissionDecision: "ask", permissionDecisionReason: "ask-reason-g07" }), mayStall: true },
  { name: "no-decision", question: "exit 0, no output: VS Code's own confirmation", call: (ws) => terminal(ws, "touch WS/m-nodecision"), markers: ["m-nodecision"], answer: { exitCode: 0 }, mayStall: true },
];

function rulesFor(e: Experiment, ws: string): HookRules {
  if (e.name === "updated-input") {
    const updated = terminal(ws, "touch WS/m-updated").arguments;
    return { rules: [{ event: "PreToolUse", tool: "run_in_terminal", answer: preToolUse({ permissionDecision: "allow", updatedInput: updated }) }], envProbes: [API_KEY] };
  }
  return { rules: e.answer !== undefined ? [{ event: e.event ?? "PreToolUse", answer: e.answer }] : [], envProbes: [API_KEY] };
}

/** The tool messages the model received in a request: id → content. */
function toolResults(r: RecordedRequest | undefined): Record<string, unknown> {
  const messages = r?.body?.["messages"];
  if (!Array.isArray(messages)) return {};
  return Object.fromEntries(messages.filter(isRecord).filter((m) => m["role"] === "tool").map((m) => [String(m["tool_call_id"]), m["content"]]));
}

async function run(session: AgentSession, e: Experiment, log: (l: string) => void): Promise<Record<string, unknown>> {
  const ws = session.ground.workspace;
  const script: ScriptStep[] = [{ toolCalls: [e.call(ws)] }, { text: `Experiment ${e.name} done.` }];
  let error: string | null = null;
  let turn: Awaited<ReturnType<AgentSession["turn"]>> | null = null;
  const before = session.model.requests.length;
  const hooksBefore = session.ground.hookRecords().length;
  try {
    turn = await session.turn({ prompt: e.prompt ?? `Experiment ${e.name}`, script, rules: rulesFor(e, ws), timeoutMs: e.mayStall === true ? 45_000 : 120_000, ...(e.expectSteps !== undefined ? { expectSteps: e.expectSteps } : {}) });
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    log(`experiment ${e.name}: ${error}`);
  }
  await session.page.screenshot({ path: path.join(ARTIFACTS, `${e.name}.png`) });
  const chatText = await lastResponseText(session.page).catch(() => "");
  if (error !== null) {
    // Leave the waiting confirmation as a person would: cancel the request.
    await session.page.keyboard.press("Escape");
    await session.page.locator(".interactive-input-part .codicon-stop-circle, .interactive-input-part .codicon-debug-stop").first().click({ timeout: 5000 }).catch(() => undefined);
  }
  const requests = turn?.requests ?? session.model.requests.slice(before);
  const hooks = turn?.hooks ?? session.ground.hookRecords().slice(hooksBefore);
  const markers = Object.fromEntries(e.markers.map((m) => [m, fs.existsSync(path.join(ws, m))]));
  const terminalEnv = e.name === "terminal-env" && fs.existsSync(path.join(ws, "terminal-env.txt")) ? fs.readFileSync(path.join(ws, "terminal-env.txt"), "utf8").split("\n").filter((l) => l !== "") : undefined;
  return {
    name: e.name,
    question: e.question,
    rules: rulesFor(e, ws),
    markers,
    error,
    agentRequests: requests.filter((r) => r.step !== null).length,
    otherRequests: requests.filter((r) => r.step === null).map((r) => ({ url: r.url, intent: r.headers["openai-intent"] })),
    toolResultsSeenByModel: toolResults(requests.filter((r) => r.step !== null).at(-1)),
    ...(e.reasonToken !== undefined ? { reasonReachedModel: requests.some((r) => r.raw.includes(e.reasonToken ?? "")) } : {}),
    chatText: chatText.slice(0, 600),
    hooks: hooks.map((h) => ({ configuredFor: h.argv[2], rule: h.rule, cwd: h.cwd, envProbeHits: h.envProbeHits, input: h.input })),
    hookEnvNames: hooks[0]?.envNames,
    ...(terminalEnv !== undefined ? { terminalEnv } : {}),
  };
}

async function main(): Promise<void> {
  const flag = (name: string): string[] => process.argv.filter((a) => a.startsWith(`--${name}=`)).map((a) => a.slice(name.length + 3));
  const modelId = flag("model-id")[0];
  const label = flag("label")[0] ?? modelId;
  // --setting=chat.useHooks=false: the key runs to the first "=", the rest is its JSON value.
  const settingsOf = (name: string): Record<string, unknown> =>
    Object.fromEntries(
      flag(name).map((kv): [string, unknown] => {
        const at = kv.indexOf("=");
        return [kv.slice(0, at), JSON.parse(kv.slice(at + 1))];
      }),
    );
  const extraSettings = settingsOf("setting");
  const workspaceSettings = flag("workspace-setting").length > 0 ? settingsOf("workspace-setting") : undefined;
  const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const log = (l: string): void => void process.stdout.write(`[exp ${new Date().toISOString().slice(11, 19)}] ${l}\n`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "wdv-exp-"));
  const browser = await launchChromium();
  const results: Array<Record<string, unknown>> = [];
  let session: AgentSession | null = null;
  try {
    session = await startAgentSession({ scratch, browser, log, ground: { ...(modelId !== undefined ? { modelId } : {}), ...(workspaceSettings !== undefined ? { workspaceSettings } : {}), extraSettings, hookTimeoutSeconds: HOOK_TIMEOUT_SECONDS, extraHookFiles: { "missing-command.json": { hooks: { PreToolUse: [{ type: "command", command: path.join(scratch, "no-such-hook") }] } } } }, failureShot: path.join(ARTIFACTS, "start-failed.png") });
    for (const e of EXPERIMENTS.filter((x) => only.length === 0 || only.includes(x.name))) {
      log(`experiment ${e.name}: ${e.question}`);
      const r = await run(session, e, log);
      // A greeting the patch can match again (the tour's edit or a previous patch may have changed it).
      fs.writeFileSync(path.join(session.ground.workspace, "src", "greeting.ts"), 'export const greeting = "hello";\n');
      results.push(r);
      log(`experiment ${e.name}: markers ${JSON.stringify(r["markers"])}, error ${String(r["error"])}`);
      fs.writeFileSync(path.join(ARTIFACTS, "results.raw.json"), JSON.stringify(results, null, 1));
    }
  } finally {
    const ws = session?.ground.workspace ?? scratch;
    await session?.close();
    await browser.close();
    const file = writeFixture(FIXTURE_DIR, label === undefined ? "experiments" : `experiments-${label}`, scrub({ versions: installedVersions(), modelId: modelId ?? MODEL_ID, extraSettings, workspaceSettings, tools: session?.model.requests.find((r) => r.toolNames !== null)?.toolNames ?? [], hookTimeoutSeconds: HOOK_TIMEOUT_SECONDS, experiments: results }, { ...placesOf(ws, scratch) }));
    log(`wrote ${file}; scratch ${scratch}`);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

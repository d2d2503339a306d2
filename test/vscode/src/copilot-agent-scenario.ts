import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { AgentSession, TurnResult, startAgentSession } from "./copilot-agent/agent-session";
import { lastResponseText } from "./copilot-agent/chat-driver";
import { FIXTURE_DIR, turnFixture, writeFixture } from "./copilot-agent/fixtures";
import { isRecord } from "./copilot-agent/model-server";
import type { HookRecord } from "./copilot-agent/recording-hook";
import { CREATED_FILE, DENIED_MARKER, DENY_REASON, FINAL_TEXT, RAN_MARKER, TOUR_PROMPT, TOUR_RULES, tourScript } from "./copilot-agent/tour-turn";
import type { StepRunner } from "./steps";

/**
 * VS Code's own agent (Copilot Chat's agent mode, built into code-server) in a
 * real turn, offline: a scripted model on 127.0.0.1 asks for reads, searches,
 * a file creation, edits and two terminal commands; a recording command hook in
 * the workspace's .github/hooks answers allow, except for one command it refuses
 * with exit 2. Checks that the hooks fire with the model-facing tool names, that
 * effects land on disk, that the refusal stops the command and reaches the model.
 * WARDEN_E2E_WRITE_FIXTURES=1 also writes the turn's scrubbed hook inputs to
 * test/fixtures/vscode-agent/tour.json.
 */

function toolName(h: HookRecord): unknown {
  return isRecord(h.input) ? h.input["tool_name"] : undefined;
}

function event(h: HookRecord): unknown {
  return isRecord(h.input) ? h.input["hook_event_name"] : undefined;
}

/** The names of the tool calls the script makes, in order. */
function scriptedCalls(ws: string): string[] {
  return tourScript(ws).flatMap((s) => ("toolCalls" in s ? s.toolCalls.map((c) => c.name) : []));
}

export async function copilotAgentScenario(o: { browser: Browser; scratch: string; steps: StepRunner; artifacts: string; log: (line: string) => void }): Promise<void> {
  const { steps, log } = o;
  // Filled in by the first step; a holder, since the compiler cannot see assignments made inside its closure.
  const held: { session: AgentSession | null; turn: TurnResult | null } = { session: null, turn: null };
  const shot = async (name: string): Promise<void> => {
    await held.session?.page.screenshot({ path: path.join(o.artifacts, `copilot-agent-${name}.png`) });
  };
  try {
    await steps.run(
      "copilot agent: VS Code's agent runs a scripted turn offline, with the BYOK model",
      async () => {
        const s = await startAgentSession({ scratch: o.scratch, browser: o.browser, log, failureShot: path.join(o.artifacts, "copilot-agent-start-failed.png") });
        held.session = s;
        const turn = await s.turn({ prompt: TOUR_PROMPT, script: tourScript(s.ground.workspace), rules: TOUR_RULES });
        held.turn = turn;
        await shot("tour");
        // Everything the model server received, for reading after a failure (not committed: it has machine paths).
        fs.writeFileSync(path.join(o.artifacts, "copilot-agent-requests.json"), JSON.stringify(turn.requests, null, 1));
        const last = turn.requests.filter((r) => r.step !== null).at(-1);
        assert.equal(last?.step, tourScript(s.ground.workspace).length - 1, "the agent asked for every scripted step");
        assert.ok((await lastResponseText(s.page)).includes(FINAL_TEXT), `the chat shows '${FINAL_TEXT}'`);
      },
      () => shot("tour-failed"),
    );
    const s = held.session;
    const t = held.turn;
    if (s === null || t === null) return;
    const ws = s.ground.workspace;

    await steps.run("copilot agent: the tool list VS Code offers the model is recorded", () => {
      const tools = t.requests.find((r) => r.toolNames !== null)?.toolNames ?? [];
      fs.writeFileSync(path.join(o.artifacts, "copilot-agent-tools.json"), JSON.stringify(tools, null, 2));
      for (const name of ["run_in_terminal", "create_file", "read_file", "list_dir", "grep_search", "file_search", "replace_string_in_file", "insert_edit_into_file"]) assert.ok(tools.includes(name), `${name} is offered`);
      const fixture = turnFixture({ prompt: TOUR_PROMPT, requests: t.requests, hooks: t.hooks, workspace: ws, scratch: o.scratch });
      const where = process.env["WARDEN_E2E_WRITE_FIXTURES"] === "1" ? FIXTURE_DIR : o.artifacts;
      log(`wrote ${writeFixture(where, where === FIXTURE_DIR ? "tour" : "copilot-agent-tour", fixture)}`);
    });

    await steps.run("copilot agent: UserPromptSubmit, PreToolUse and PostToolUse hooks fire with the model-facing tool names", () => {
      const prompt = t.hooks.find((h) => event(h) === "UserPromptSubmit");
      assert.ok(prompt !== undefined && isRecord(prompt.input) && prompt.input["prompt"] === TOUR_PROMPT, "UserPromptSubmit carries the prompt");
      const pre = t.hooks.filter((h) => event(h) === "PreToolUse").map(toolName);
      const post = t.hooks.filter((h) => event(h) === "PostToolUse").map(toolName);
      const called = scriptedCalls(ws);
      assert.deepEqual([...pre].sort(), [...called].sort(), "one PreToolUse per tool call, with its tool_name");
      // PostToolUse comes only for a call that ran and succeeded: not for the refused command, and not for
      // insert_edit_into_file, which applies its edit through a GitHub-hosted model and so fails offline ("key is missing").
      const succeeded = called.filter((n, i) => i !== called.lastIndexOf("run_in_terminal") && n !== "insert_edit_into_file");
      assert.deepEqual([...post].sort(), succeeded.sort(), "one PostToolUse per call that succeeded");
      for (const h of t.hooks) assert.equal(h.argv[2], event(h), "each hook run is the one configured for its event");
      const create = t.hooks.find((h) => event(h) === "PreToolUse" && toolName(h) === "create_file");
      assert.ok(create !== undefined && isRecord(create.input) && isRecord(create.input["tool_input"]) && create.input["tool_input"]["filePath"] === path.join(ws, CREATED_FILE), "create_file's tool_input has the model's filePath");
    });

    await steps.run("copilot agent: create_file in src/ landed on disk, the allowed terminal command ran", () => {
      assert.equal(fs.readFileSync(path.join(ws, CREATED_FILE), "utf8"), "export const created = true;\n");
      assert.equal(fs.readFileSync(path.join(ws, "src", "greeting.ts"), "utf8"), 'export const greeting = "hello, world";\n', "replace_string_in_file edited the file");
      assert.equal(fs.readFileSync(path.join(ws, RAN_MARKER), "utf8").trim(), "ran");
    });

    await steps.run("copilot agent: a PreToolUse hook's exit 2 stops run_in_terminal and the model receives the reason", () => {
      assert.equal(fs.existsSync(path.join(ws, DENIED_MARKER)), false, "the refused command did not run");
      const refusedStep = tourScript(ws).length - 2;
      const next = t.requests.find((r) => r.step === refusedStep + 1);
      const messages = next?.body?.["messages"];
      assert.ok(Array.isArray(messages), "the request after the refusal has messages");
      const result = messages.filter(isRecord).find((m) => m["role"] === "tool" && m["tool_call_id"] === `call_${refusedStep}_0`);
      assert.ok(result !== undefined, "the refused call has a tool result");
      assert.ok(JSON.stringify(result["content"]).includes(DENY_REASON), `the tool result carries the hook's reason: ${JSON.stringify(result["content"])}`);
    });

  } finally {
    await held.session?.close();
  }
}

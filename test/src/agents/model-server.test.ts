// The scripted model's request matching, over real HTTP but without an agent:
// retries, auxiliary calls and other conversations must not shift the script.
import assert from "node:assert/strict";
import { test } from "node:test";
import { startModelServer } from "./model-server";
import { say, tools } from "./script";

const script = [tools({ tool: "Bash", input: { command: "ls" } }), say("done")];

async function post(url: string, body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  return { status: res.status, text: await res.text() };
}

/** SSE `data:` payloads of one response. */
function events(text: string): unknown[] {
  return text
    .split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line): unknown => JSON.parse(line.slice(6)));
}

const claudeTools = [{ name: "Bash", input_schema: { type: "object" } }];
const opening = { role: "user", content: [{ type: "text", text: "Do the scripted task." }] };
const afterTool = [
  opening,
  { role: "assistant", content: [{ type: "tool_use", id: "toolu_scripted_0_0", name: "Bash", input: { command: "ls" } }] },
  { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_scripted_0_0", content: "a.txt", is_error: false }] },
];

test("Anthropic: turns follow the history; retries, auxiliary calls and other conversations do not consume the script", async () => {
  const model = await startModelServer(script);
  try {
    const messages = `${model.url}/v1/messages?beta=true`;
    const first = await post(messages, { model: "m", stream: true, tools: claudeTools, messages: [opening] });
    assert.equal(first.status, 200);
    const toolStart = events(first.text).find((e) => JSON.stringify(e).includes('"tool_use"'));
    assert.deepEqual(toolStart, { type: "content_block_start", index: 0, content_block: { type: "tool_use", id: "toolu_scripted_0_0", name: "Bash", input: {} } });
    assert.ok(first.text.includes('"stop_reason":"tool_use"'));
    // A retry of the same request gets the same turn.
    assert.equal((await post(messages, { model: "m", stream: true, tools: claudeTools, messages: [opening] })).text, first.text);
    // No tools: auxiliary. Tools but another opening: another conversation (a subagent).
    await post(messages, { model: "haiku", stream: false, messages: [{ role: "user", content: "title?" }] });
    await post(messages, { model: "m", stream: true, tools: claudeTools, messages: [{ role: "user", content: "subagent task" }] });
    assert.equal((await post(`${model.url}/v1/messages/count_tokens?beta=true`, { model: "m", tools: claudeTools, messages: [opening] })).text, '{"input_tokens":10}');
    const second = await post(messages, { model: "m", stream: true, tools: claudeTools, messages: afterTool });
    assert.ok(second.text.includes('"text_delta","text":"done"'));
    assert.ok(second.text.includes('"stop_reason":"end_turn"'));
    assert.deepEqual(model.mainRequests().map((r) => r.turn), [0, 0, 1]);
    assert.deepEqual(model.claudeToolResults(), [{ toolUseId: "toolu_scripted_0_0", text: "a.txt", isError: false }]);
    assert.deepEqual(model.problems, []);
    // Past the end of the script: a closing text, and a recorded problem.
    await post(messages, { model: "m", stream: true, tools: claudeTools, messages: [...afterTool, { role: "assistant", content: "done" }, { role: "user", content: "more" }] });
    assert.deepEqual(model.problems, ["main request for turn 2 but the script has 2 turns"]);
  } finally {
    await model.close();
  }
});

test("Responses: function_call items carry the scripted call; the output comes back as function_call_output", async () => {
  const model = await startModelServer([tools({ tool: "exec_command", input: { cmd: "ls" } }), say("done")]);
  try {
    const responses = `${model.url}/v1/responses`;
    const user = { type: "message", role: "user", content: [{ type: "input_text", text: "Do it." }] };
    const first = await post(responses, { stream: true, tools: [{ type: "function", name: "exec_command" }], input: [user] });
    const done = events(first.text).find((e) => JSON.stringify(e).includes("response.output_item.done"));
    assert.deepEqual(done, {
      type: "response.output_item.done",
      output_index: 0,
      item: { type: "function_call", id: "fc_scripted_0_0", call_id: "call_scripted_0_0", name: "exec_command", arguments: '{"cmd":"ls"}' },
    });
    const history = [user, { type: "function_call", call_id: "call_scripted_0_0", name: "exec_command", arguments: '{"cmd":"ls"}' }, { type: "function_call_output", call_id: "call_scripted_0_0", output: "a.txt" }];
    const second = await post(responses, { stream: true, tools: [{ type: "function", name: "exec_command" }], input: history });
    assert.ok(second.text.includes('"output_text","text":"done"'));
    assert.deepEqual(model.codexToolOutputs(), [{ callId: "call_scripted_0_0", text: "a.txt" }]);
    assert.equal((await post(`${model.url}/v1/unknown`, {})).status, 404);
    assert.deepEqual(model.problems, ["unexpected POST /v1/unknown"]);
  } finally {
    await model.close();
  }
});

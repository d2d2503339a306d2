// The OpenAI Responses API dialect of the scripted model server, as Codex 0.169.0
// speaks it with `wire_api = "responses"`: `POST {base_url}/responses` with
// `stream: true`, `store: false` and the whole history in `input` every time.
import type { ServerResponse } from "node:http";
import { Turn, asArray, asString, field } from "./script";

/** A `function_call_output` item Codex sent back: what the model saw of a tool run. */
export interface CodexToolOutput {
  callId: string;
  /** The output text (string output, or the text parts joined). */
  text: string;
}

/**
 * The main conversation is the one that offers tools; Codex's auxiliary calls
 * (e.g. compaction or summaries, none seen in `codex exec` runs) would carry none.
 */
export function isMainCodexRequest(body: unknown): boolean {
  return asArray(field(body, "tools")).length > 0;
}

/** Items the model itself produced, which Codex replays in `input`. */
const MODEL_ITEM_TYPES = new Set(["function_call", "custom_tool_call", "local_shell_call", "reasoning", "web_search_call"]);

function isModelItem(item: unknown): boolean {
  const type = field(item, "type");
  if (type === "message") return field(item, "role") === "assistant";
  return typeof type === "string" && MODEL_ITEM_TYPES.has(type);
}

/**
 * Which scripted turn a main request asks for: the number of runs of
 * model-produced items already in `input` (each earlier turn left one run, its
 * calls followed by their outputs). Counting history rather than requests makes a
 * retried request get the same turn again.
 */
export function codexTurnIndex(body: unknown): number {
  let runs = 0;
  let inRun = false;
  for (const item of asArray(field(body, "input"))) {
    const model = isModelItem(item);
    if (model && !inRun) runs++;
    inRun = model;
  }
  return runs;
}

/**
 * What identifies one conversation across its requests: the texts of the user
 * messages before the model's first item (environment context and prompt).
 * Codex replays history verbatim (`store: false`), so this prefix is stable.
 */
export function codexConversationKey(body: unknown): string {
  const items = asArray(field(body, "input"));
  const firstModel = items.findIndex(isModelItem);
  return (firstModel < 0 ? items : items.slice(0, firstModel))
    .filter((item) => field(item, "type") === "message" && field(item, "role") === "user")
    .map((item) => outputText(field(item, "content")))
    .join("\n");
}

/** Every `function_call_output` item in the request's history, oldest first. */
export function codexToolOutputs(body: unknown): CodexToolOutput[] {
  return asArray(field(body, "input"))
    .filter((item) => field(item, "type") === "function_call_output")
    .map((item) => ({ callId: asString(field(item, "call_id")) ?? "", text: outputText(field(item, "output")) }));
}

function outputText(output: unknown): string {
  if (typeof output === "string") return output;
  const content = field(output, "content");
  if (typeof content === "string") return content;
  return asArray(Array.isArray(output) ? output : content)
    .map((p) => asString(field(p, "text")) ?? "")
    .join("\n");
}

/** Streams one scripted turn as Responses API events; call ids are derived from the turn. */
export function streamCodexTurn(res: ServerResponse, turn: Turn, turnIndex: number): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const send = (type: string, data: Record<string, unknown>): void => {
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  };
  const responseId = `resp_scripted_${turnIndex}`;
  send("response.created", { response: { id: responseId } });
  const items: Record<string, unknown>[] =
    turn.type === "text"
      ? [{ type: "message", id: `msg_scripted_${turnIndex}`, role: "assistant", content: [{ type: "output_text", text: turn.text, annotations: [] }] }]
      : turn.calls.map((call, index) => ({
          type: "function_call",
          id: `fc_scripted_${turnIndex}_${index}`,
          call_id: `call_scripted_${turnIndex}_${index}`,
          name: call.tool,
          ...(call.namespace !== undefined ? { namespace: call.namespace } : {}),
          arguments: JSON.stringify(call.input),
        }));
  items.forEach((item, index) => {
    send("response.output_item.added", { output_index: index, item });
    send("response.output_item.done", { output_index: index, item });
  });
  send("response.completed", {
    response: {
      id: responseId,
      usage: { input_tokens: 10, input_tokens_details: null, output_tokens: 5, output_tokens_details: null, total_tokens: 15 },
    },
  });
  res.end();
}

/** A harmless closing text for a Responses request outside the script. */
export function answerCodexAuxiliary(res: ServerResponse): void {
  streamCodexTurn(res, { type: "text", text: "Scripted session" }, 0);
}

/** True for a Responses API path under any base_url prefix. */
export function isCodexPath(path: string): boolean {
  return path.split("?")[0]?.endsWith("/responses") ?? false;
}

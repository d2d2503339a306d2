// The Anthropic Messages API dialect of the scripted model server, as Claude Code
// 2.1.332 speaks it: `POST /v1/messages?beta=true` with `stream: true`, answered
// with the standard SSE sequence; `POST /v1/messages/count_tokens` answered with a count.
import type { ServerResponse } from "node:http";
import { Turn, asArray, asString, field } from "./script";

/** A `tool_result` block Claude Code sent back: what the model saw of a tool run. */
export interface ClaudeToolResult {
  toolUseId: string;
  /** The result's text (string content, or the text blocks joined). */
  text: string;
  isError: boolean;
}

/**
 * The main conversation is the one that offers tools: Claude Code's auxiliary calls
 * (title generation, summaries, quota probes) carry no `tools`.
 */
export function isMainClaudeRequest(body: unknown): boolean {
  return asArray(field(body, "tools")).length > 0;
}

/**
 * What identifies one conversation across its requests: the text of its first
 * user message (the prompt and Claude Code's reminders). Text only, because
 * Claude Code moves `cache_control` markers between requests. A subagent's
 * conversation starts from a different message, so it does not match.
 */
export function claudeConversationKey(body: unknown): string {
  return contentText(field(asArray(field(body, "messages"))[0], "content"));
}

/**
 * Which scripted turn a main request asks for: the number of assistant messages
 * already in its history. Counting history rather than requests makes a retried
 * request get the same turn again instead of skipping one.
 */
export function claudeTurnIndex(body: unknown): number {
  return asArray(field(body, "messages")).filter((m) => field(m, "role") === "assistant").length;
}

/** Every `tool_result` block in the request's history, oldest first. */
export function claudeToolResults(body: unknown): ClaudeToolResult[] {
  const results: ClaudeToolResult[] = [];
  for (const message of asArray(field(body, "messages"))) {
    if (field(message, "role") !== "user") continue;
    for (const block of asArray(field(message, "content"))) {
      if (field(block, "type") !== "tool_result") continue;
      results.push({
        toolUseId: asString(field(block, "tool_use_id")) ?? "",
        text: contentText(field(block, "content")),
        isError: field(block, "is_error") === true,
      });
    }
  }
  return results;
}

function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  return asArray(content)
    .map((b) => asString(field(b, "text")) ?? "")
    .join("\n");
}

function model(body: unknown): string {
  return asString(field(body, "model")) ?? "claude-scripted";
}

function usage(): Record<string, number> {
  return { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
}

/** Streams one scripted turn; tool_use ids are derived from the turn so they are unique in the conversation. */
export function streamClaudeTurn(res: ServerResponse, body: unknown, turn: Turn, turnIndex: number): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const send = (type: string, data: Record<string, unknown>): void => {
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  };
  send("message_start", {
    message: {
      id: `msg_scripted_${turnIndex}`,
      type: "message",
      role: "assistant",
      model: model(body),
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: usage(),
    },
  });
  if (turn.type === "text") {
    send("content_block_start", { index: 0, content_block: { type: "text", text: "" } });
    send("content_block_delta", { index: 0, delta: { type: "text_delta", text: turn.text } });
    send("content_block_stop", { index: 0 });
  } else {
    turn.calls.forEach((call, index) => {
      const id = `toolu_scripted_${turnIndex}_${index}`;
      send("content_block_start", { index, content_block: { type: "tool_use", id, name: call.tool, input: {} } });
      send("content_block_delta", { index, delta: { type: "input_json_delta", partial_json: JSON.stringify(call.input) } });
      send("content_block_stop", { index });
    });
  }
  send("message_delta", {
    delta: { stop_reason: turn.type === "text" ? "end_turn" : "tool_use", stop_sequence: null },
    usage: { output_tokens: 5 },
  });
  send("message_stop", {});
  res.end();
}

/**
 * A harmless answer to a request outside the script: a token count for
 * count_tokens, otherwise a short text message (streamed if asked), so that
 * auxiliary calls neither fail the run nor consume a scripted turn.
 */
export function answerClaudeAuxiliary(res: ServerResponse, path: string, body: unknown): void {
  if (path.startsWith("/v1/messages/count_tokens")) {
    json(res, { input_tokens: 10 });
    return;
  }
  if (field(body, "stream") === true) {
    streamClaudeTurn(res, body, { type: "text", text: "Scripted session" }, 0);
    return;
  }
  json(res, {
    id: "msg_scripted_aux",
    type: "message",
    role: "assistant",
    model: model(body),
    content: [{ type: "text", text: "Scripted session" }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: usage(),
  });
}

function json(res: ServerResponse, value: unknown): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
}

/** True for a Messages API path (with or without the `?beta=true` query). */
export function isClaudePath(path: string): boolean {
  return path.startsWith("/v1/messages");
}

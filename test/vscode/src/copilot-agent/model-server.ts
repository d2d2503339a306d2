import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A scripted OpenAI-compatible Chat Completions server on 127.0.0.1, standing in
 * for the model behind Copilot Chat's "Custom Endpoint" (bring-your-own-key)
 * provider. Agent requests (those offering tools) are answered with the script's
 * steps in order, streamed as `chat.completion.chunk` server-sent events the way
 * the provider parses them; other requests (titles, summaries) get a short text.
 * Every request is recorded, raw and parsed, so a test can prove what the agent
 * sent: the tools it offered, the tool results it returned, and that a secret
 * never arrived.
 */

/** One model turn: either tool calls (the agent runs them and asks again) or a final text. */
export type ScriptStep = { toolCalls: ReadonlyArray<{ name: string; arguments: Record<string, unknown> }> } | { text: string };

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  /** The parsed JSON body, or null when it was not JSON. */
  body: Record<string, unknown> | null;
  /** Whether it offered tools, i.e. came from the agent loop; null for other requests. */
  toolNames: string[] | null;
  /** The script step it was answered with (index), or null for a request outside the script. */
  step: number | null;
  /** Which script it was served under (0 for the first `setScript`). */
  script: number;
}

export interface ModelServer {
  /** `http://127.0.0.1:PORT/v1/chat/completions`: the URL the model config names. */
  url: string;
  requests: RecordedRequest[];
  /** Replaces the script for the next turn; steps are counted from 0 again. */
  setScript(steps: readonly ScriptStep[]): void;
  /** Agent requests answered under the current script (the next step's index). */
  stepsServed(): number;
  /** Resolves once the agent has asked for `count` steps in all (the last one is answered by then). */
  waitForSteps(count: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export const MODEL_ID = "warden-scripted";
const FALLBACK_TEXT = "Done.";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The function names of a request's `tools` array, or null when it offered none. */
function toolNamesOf(body: Record<string, unknown> | null): string[] | null {
  const tools = body?.["tools"];
  if (!Array.isArray(tools) || tools.length === 0) return null;
  return tools.map((t: unknown) => (isRecord(t) && isRecord(t["function"]) && typeof t["function"]["name"] === "string" ? t["function"]["name"] : "?"));
}

function parse(raw: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(raw);
    return isRecord(value) ? value : null;
  } catch {
    return null;
  }
}

/** The chunks of one streamed answer: a role delta, the content or tool calls, the finish reason, usage. */
function chunks(step: ScriptStep, id: string, callIdPrefix: string): object[] {
  const base = { id, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model: MODEL_ID };
  const choice = (delta: object, finish: string | null): object => ({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] });
  const out: object[] = [choice({ role: "assistant", content: "" }, null)];
  if ("text" in step) {
    out.push(choice({ content: step.text }, null), choice({}, "stop"));
  } else {
    step.toolCalls.forEach((call, index) => {
      out.push(choice({ tool_calls: [{ index, id: `${callIdPrefix}_${index}`, type: "function", function: { name: call.name, arguments: JSON.stringify(call.arguments) } }] }, null));
    });
    out.push(choice({}, "tool_calls"));
  }
  out.push({ ...base, choices: [], usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 } });
  return out;
}

/** The same answer as one non-streamed `chat.completion`, for a request with `stream: false`. */
function completion(step: ScriptStep, id: string, callIdPrefix: string): object {
  const message =
    "text" in step
      ? { role: "assistant", content: step.text }
      : { role: "assistant", content: null, tool_calls: step.toolCalls.map((c, i) => ({ id: `${callIdPrefix}_${i}`, type: "function", function: { name: c.name, arguments: JSON.stringify(c.arguments) } })) };
  return { id, object: "chat.completion", created: Math.floor(Date.now() / 1000), model: MODEL_ID, choices: [{ index: 0, message, finish_reason: "text" in step ? "stop" : "tool_calls" }], usage: { prompt_tokens: 100, completion_tokens: 10, total_tokens: 110 } };
}

export async function startModelServer(log: (line: string) => void): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  let script: readonly ScriptStep[] = [];
  let scriptNumber = -1;
  let served = 0;
  let waiters: Array<() => void> = [];
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(parts).toString("utf8");
      const body = parse(raw);
      const toolNames = toolNamesOf(body);
      const isChat = req.method === "POST" && (req.url ?? "").startsWith("/v1/chat/completions");
      // Only the agent loop offers tools; its steps follow the script, and past the end it is told to stop.
      const stepIndex = isChat && toolNames !== null ? served++ : null;
      const step: ScriptStep = stepIndex !== null ? (script[stepIndex] ?? { text: FALLBACK_TEXT }) : { text: FALLBACK_TEXT };
      requests.push({ method: req.method ?? "?", url: req.url ?? "", headers: req.headers, raw, body, toolNames, step: stepIndex, script: scriptNumber });
      log(`model server: ${req.method ?? "?"} ${req.url ?? ""} ${stepIndex !== null ? `agent step ${stepIndex}` : "other"} -> ${"text" in step ? "text" : step.toolCalls.map((c) => c.name).join(",")}`);
      if (!isChat) {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `no ${req.url ?? ""} here` } }));
        return;
      }
      const id = `chatcmpl-${requests.length}`;
      const callIdPrefix = `call_${stepIndex ?? "x"}`;
      if (body?.["stream"] === false) {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(completion(step, id, callIdPrefix)));
      } else {
        res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
        for (const c of chunks(step, id, callIdPrefix)) res.write(`data: ${JSON.stringify(c)}\n\n`);
        res.end("data: [DONE]\n\n");
      }
      const ready = waiters;
      waiters = [];
      for (const w of ready) w();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const address: AddressInfo | string | null = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    requests,
    setScript(steps) {
      script = steps;
      scriptNumber++;
      served = 0;
    },
    stepsServed: () => served,
    async waitForSteps(count, timeoutMs) {
      const started = Date.now();
      while (served < count) {
        const left = timeoutMs - (Date.now() - started);
        if (left <= 0) throw new Error(`the agent asked the model server for ${served} of ${count} steps within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 1000));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// A scripted model on 127.0.0.1 that the real Claude Code and Codex CLIs talk to
// instead of a hosted model, so end-to-end tests decide exactly which tool calls
// an agent makes and can assert exactly what the agent reported back.
//
// How a request is matched to the script (one script = one conversation = one
// agent run; start a server per run):
// - The dialect is chosen by path: `/v1/messages…` is Anthropic (Claude Code),
//   `…/responses` is OpenAI Responses (Codex).
// - The main conversation offers `tools`; auxiliary calls (title generation,
//   summaries, token counting, quota probes) carry none. Of the requests with
//   tools, the first one pins the conversation by its opening user text
//   (`claudeConversationKey` / `codexConversationKey`); a request with tools
//   that opens differently (e.g. a subagent) is another conversation. Every
//   request outside the main conversation gets a harmless closing answer and
//   never consumes a turn. (With CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1,
//   Claude Code 2.1.332 and `codex exec` 0.169.0 sent only main requests in the
//   runs of harness*.test.ts.)
// - The turn a main request gets is derived from its own history (the number of
//   model turns it already contains), not from a request counter: a retry of the
//   same request gets the same turn again, and an out-of-order auxiliary call
//   cannot shift the script.
// - A main request past the end of the script is answered with a closing text so
//   the agent stops, and is recorded in `problems` for the test to fail on.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { answerClaudeAuxiliary, claudeConversationKey, claudeToolResults, claudeTurnIndex, ClaudeToolResult, isClaudePath, isMainClaudeRequest, streamClaudeTurn } from "./anthropic";
import { answerCodexAuxiliary, codexConversationKey, codexToolOutputs, codexTurnIndex, CodexToolOutput, isCodexPath, isMainCodexRequest, streamCodexTurn } from "./openai";
import { Turn, parseJson } from "./script";

export interface RecordedRequest {
  method: string;
  /** Path with query, e.g. `/v1/messages?beta=true`. */
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body; undefined when there was none or it was not JSON. */
  body: unknown;
  dialect: "anthropic" | "openai" | "unknown";
  /** True when this request belonged to the main (scripted) conversation. */
  main: boolean;
  /** The scripted turn answered, for main requests. */
  turn?: number;
}

export interface ModelServer {
  /** Base URL without a path, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Every request received, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Things that went off-script: unknown paths, oversized bodies, main requests past the script's end. */
  readonly problems: readonly string[];
  /** Requests of the main conversation, in arrival order. */
  mainRequests(): RecordedRequest[];
  /** The `tool_result` blocks in the latest main Anthropic request (the whole conversation so far). */
  claudeToolResults(): ClaudeToolResult[];
  /** The `function_call_output` items in the latest main Responses request. */
  codexToolOutputs(): CodexToolOutput[];
  close(): Promise<void>;
}

/** Request bodies are small JSON (Claude Code's are ~50 KB); anything past this is a bug. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export async function startModelServer(script: readonly Turn[]): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        problems.push(`request body over ${MAX_BODY_BYTES} bytes on ${req.url ?? "?"}`);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      handle(req, res, text === "" ? undefined : parseJson(text));
    });
  });

  function handle(req: http.IncomingMessage, res: http.ServerResponse, body: unknown): void {
    const path = req.url ?? "/";
    const record: RecordedRequest = { method: req.method ?? "?", path, headers: req.headers, body, dialect: "unknown", main: false };
    requests.push(record);
    if (req.method === "POST" && isClaudePath(path)) {
      record.dialect = "anthropic";
      record.main = !path.startsWith("/v1/messages/count_tokens") && isMainClaudeRequest(body) && isMainConversation(claudeConversationKey(body));
      if (!record.main) return answerClaudeAuxiliary(res, path, body);
      const turn = scripted(claudeTurnIndex(body), record);
      whenReady(turn, () => streamClaudeTurn(res, body, turn, record.turn ?? 0));
      return;
    }
    if (req.method === "POST" && isCodexPath(path)) {
      record.dialect = "openai";
      record.main = isMainCodexRequest(body) && isMainConversation(codexConversationKey(body));
      if (!record.main) return answerCodexAuxiliary(res);
      const turn = scripted(codexTurnIndex(body), record);
      whenReady(turn, () => streamCodexTurn(res, turn, record.turn ?? 0));
      return;
    }
    problems.push(`unexpected ${record.method} ${path}`);
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { type: "not_found", message: `the scripted model does not serve ${path}` } }));
  }

  function whenReady(turn: Turn, answer: () => void): void {
    if (turn.before === undefined) return answer();
    turn.before().then(answer, (err: unknown) => {
      problems.push(`the step before turn ${String(turn.type)} failed: ${err instanceof Error ? err.message : String(err)}`);
      answer();
    });
  }

  let mainKey: string | undefined;
  function isMainConversation(key: string): boolean {
    mainKey ??= key;
    return key === mainKey;
  }

  function scripted(index: number, record: RecordedRequest): Turn {
    record.turn = index;
    const turn = script[index];
    if (turn !== undefined) return turn;
    problems.push(`main request for turn ${index} but the script has ${script.length} turns`);
    return { type: "text", text: "The scripted model has nothing more to say." };
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("model server: no TCP address after listen");
  const port = (address satisfies AddressInfo).port;

  const latestMain = (dialect: RecordedRequest["dialect"]): unknown =>
    requests.filter((r) => r.main && r.dialect === dialect).at(-1)?.body;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    problems,
    mainRequests: () => requests.filter((r) => r.main),
    claudeToolResults: () => claudeToolResults(latestMain("anthropic")),
    codexToolOutputs: () => codexToolOutputs(latestMain("openai")),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

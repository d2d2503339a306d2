import type { IncomingMessage } from "node:http";
import WebSocket from "ws";
import type { DecisionResult } from "../../../protocol/src/actions";
import { WardenError, isErrorCode } from "../../../protocol/src/errors";
import { MAX_FRAME_BYTES } from "../../../protocol/src/limits";
import type { MethodName, Params, Result } from "../../../protocol/src/methods";

/**
 * One request to the daemon for a short-lived process (a hook, the shell gate).
 *
 * Why not WardenClient: it validates with the zod schemas of every method, and
 * loading them costs ~60 ms of the ~130 ms a hook process takes to start (measured:
 * `node -e 0` 50 ms, + zod and the method schemas 113 ms, + client and ws 127 ms).
 * Agents start a hook on every tool call, so this speaks the same frames with a
 * hand-written check of the two answers it needs, never trusting their shape.
 */

type AgentMethod = "actions/decide" | "actions/record";

export interface RequestTarget {
  socketPath: string;
  token: string;
  /** Absolute time (ms since epoch) after which the request fails with `timeout`. */
  deadline: number;
}

export function requestDaemon<M extends AgentMethod>(target: RequestTarget, method: M, params: Params<M>): Promise<Result<M>> {
  const text = JSON.stringify({ type: "request", id: 1, method, params });
  if (Buffer.byteLength(text, "utf8") > MAX_FRAME_BYTES) {
    return Promise.reject(new WardenError("frame_too_large", `the hook input is larger than the daemon accepts in one frame (${MAX_FRAME_BYTES} bytes)`));
  }
  return exchange(target, method, text).then((raw) => checkResult(method, raw));
}

function exchange(target: RequestTarget, method: MethodName, text: string): Promise<unknown> {
  const where = target.socketPath;
  const remaining = Math.max(1, target.deadline - Date.now());
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws+unix://${target.socketPath}:/`, {
      headers: { Authorization: `Bearer ${target.token}` },
      maxPayload: MAX_FRAME_BYTES * 4,
      handshakeTimeout: remaining,
      perMessageDeflate: false,
    });
    let settled = false;
    const finish = (err: WardenError | null, value?: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ws.terminate();
      if (err !== null) reject(err);
      else resolve(value);
    };
    // A daemon that accepts and never answers (or a peer impersonating one) must
    // not hold the agent's tool call past our own deadline.
    const timer = setTimeout(() => finish(new WardenError("timeout", `${method}: no answer from the daemon within ${remaining} ms`)), remaining);
    ws.once("unexpected-response", (_req, res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        if (body.length < 512) body += chunk;
      });
      res.on("end", () => {
        const why = body.trim().slice(0, 512);
        const code = status === 401 || status === 403 ? "unauthenticated" : "daemon_unreachable";
        finish(new WardenError(code, `the daemon at ${where} refused the connection (HTTP ${status}${why !== "" ? `: ${why}` : ""})`));
      });
    });
    ws.on("error", (err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT" || err.code === "ECONNREFUSED") finish(new WardenError("not_running", `no daemon is listening at ${where}`));
      else finish(new WardenError("daemon_unreachable", `cannot talk to the daemon at ${where}: ${err.message}`));
    });
    ws.on("close", () => finish(new WardenError("disconnected", `${method}: the daemon closed the connection before answering`)));
    ws.once("open", () => ws.send(text));
    ws.on("message", (data, isBinary) => {
      if (isBinary) return;
      const frame = parseFrame(rawText(data));
      if (frame === null || frame.id !== 1) return; // not ours: notices, garbage
      if (frame.type === "response") finish(null, frame.result);
      else finish(new WardenError(isErrorCode(frame.code) ? frame.code : "internal", frame.message));
    });
  });
}

type Frame = { type: "response"; id: number | null; result: unknown } | { type: "error"; id: number | null; code: string; message: string };

function parseFrame(text: string): Frame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  const id = typeof value["id"] === "number" ? value["id"] : null;
  if (value["type"] === "response" && "result" in value) return { type: "response", id, result: value["result"] };
  const error = value["error"];
  if (value["type"] === "error" && isRecord(error) && typeof error["code"] === "string" && typeof error["message"] === "string") {
    return { type: "error", id, code: error["code"], message: error["message"] };
  }
  return null;
}

function checkResult<M extends AgentMethod>(method: M, raw: unknown): Result<M>;
function checkResult(method: AgentMethod, raw: unknown): Result<AgentMethod> {
  if (!isRecord(raw) || !isSeq(raw["seq"])) throw unexpected(method, "no audit seq");
  if (method === "actions/record") return { seq: raw["seq"] };
  const decision = checkDecision(raw["decision"]);
  if (decision === null) throw unexpected(method, "no decision of the expected shape");
  return { decision, seq: raw["seq"] };
}

function checkDecision(v: unknown): DecisionResult | null {
  if (!isRecord(v) || typeof v["reason"] !== "string") return null;
  const d = v["decision"];
  if (d !== "allow" && d !== "allow+log" && d !== "ask" && d !== "deny") return null;
  const rule = v["rule"];
  const source = v["source"];
  if ((rule !== null && typeof rule !== "string") || (source !== null && typeof source !== "string")) return null;
  return { decision: d, rule, source, reason: v["reason"] };
}

function unexpected(method: string, what: string): WardenError {
  return new WardenError("invalid_params", `${method}: unexpected answer from the daemon (${what})`);
}

function isSeq(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v) && v > 0;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function rawText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString("utf8");
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.from(data).toString("utf8");
}

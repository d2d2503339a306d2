import type { IncomingMessage, ServerResponse } from "node:http";
import { WardenError } from "../../../protocol/src/errors";
import { isBoundedJson } from "../../../protocol/src/json";

/**
 * Reads a JSON request body of at most `maxBytes`. Oversized bodies are refused
 * as soon as they pass the limit (not after buffering them), and the parser is the
 * protocol's depth-bounded one.
 */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? "0");
    if (declared > maxBytes) {
      reject(new WardenError("frame_too_large", `the request body is ${declared} bytes; at most ${maxBytes} are accepted`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new WardenError("frame_too_large", `the request body is over ${maxBytes} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", reject);
    req.on("end", () => {
      let value: unknown;
      try {
        value = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch (err) {
        reject(new WardenError("invalid_params", `the request body is not JSON: ${err instanceof Error ? err.message : String(err)}`));
        return;
      }
      // Attack: a deeply nested body meant to exhaust the stack of whatever walks it next.
      if (!isBoundedJson(value)) reject(new WardenError("invalid_params", "the request body nests too deeply"));
      else resolve(value);
    });
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-store" });
  res.end(text);
}

// A stand-in HTTP hook endpoint on 127.0.0.1 for Claude Code's `"type": "http"`
// hooks: records every POST and answers with whatever the test decides.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { parseJson } from "./script";

export interface HookPost {
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The parsed JSON body (undefined if it was not JSON). */
  body: unknown;
}

export interface HookReply {
  status: number;
  /** Sent verbatim, so a test can also answer with malformed JSON. */
  text: string;
}

export interface HookServer {
  /** `http://127.0.0.1:PORT/hook` */
  readonly url: string;
  readonly posts: readonly HookPost[];
  close(): Promise<void>;
}

/** Request bodies are one hook event; past this size something is wrong. */
const MAX_BODY_BYTES = 1024 * 1024;

export async function startHookServer(answer: (post: HookPost) => HookReply): Promise<HookServer> {
  const posts: HookPost[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy();
      else chunks.push(chunk);
    });
    req.on("end", () => {
      const post: HookPost = { path: req.url ?? "/", headers: req.headers, body: parseJson(Buffer.concat(chunks).toString("utf8")) };
      posts.push(post);
      const reply = answer(post);
      res.writeHead(reply.status, { "content-type": "application/json" });
      res.end(reply.text);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("hook server: no TCP address after listen");
  return {
    url: `http://127.0.0.1:${(address satisfies AddressInfo).port}/hook`,
    posts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port that was just free and is closed again: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("closedPort: no TCP address after listen");
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

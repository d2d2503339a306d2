import type { IncomingMessage } from "node:http";
import { Actor } from "../../../protocol/src/audit";
import { AgentInfo } from "../../../protocol/src/agents";
import { TokenCheck } from "../identity/agent-store";
import { hashSecret, looksLikeAgentToken, secretMatches } from "../identity/tokens";
import { isLoopbackLiteral } from "./listen-address";

/** Who a connection acts as: the daemon's human, or an agent with the token it presented. */
export type Authority =
  | { kind: "human"; principal: Actor }
  /** `requester`: the human who issued the token, recorded beside everything the agent does with it. */
  | { kind: "agent"; principal: Actor; agent: AgentInfo; token: string; requester: string };

export type GuardVerdict =
  | { ok: true; authority: Authority }
  | { ok: false; status: 401 | 403; reason: string; refusal?: Extract<TokenCheck, { ok: false }> };

export interface GuardOptions {
  token: string;
  /** The human this daemon runs for; connections with the daemon token act as them. */
  user: string;
  /** For TCP listeners: the port clients must name in `Host`. Undefined for the Unix socket. */
  tcpPort?: number;
  /** Checks an agent token (`wdn_…`). */
  checkAgentToken: (token: string) => TokenCheck;
}

/**
 * Decides whether a WebSocket upgrade may proceed, before any frame is read.
 * Browsers cannot set `Authorization` on a WebSocket and always send `Origin`, so
 * web pages are refused twice over; the Host check stops DNS rebinding.
 */
export function checkUpgrade(req: IncomingMessage, options: GuardOptions): GuardVerdict {
  if (options.tcpPort !== undefined) {
    // Attack: a web page the user visits opens ws://127.0.0.1:PORT (cross-site WebSocket hijacking).
    if (req.headers.origin !== undefined || req.headers["sec-fetch-site"] !== undefined) {
      return { ok: false, status: 403, reason: "connections from browsers (with an Origin header) are refused" };
    }
    // Attack: DNS rebinding, where evil.example resolves to 127.0.0.1 after the page loads.
    if (!isLoopbackHost(req.headers.host, options.tcpPort)) {
      return { ok: false, status: 403, reason: `Host header '${req.headers.host ?? ""}' is not this loopback listener` };
    }
  }
  const header = req.headers.authorization;
  if (header === undefined) return { ok: false, status: 401, reason: "no Authorization header" };
  const match = /^Bearer ([A-Za-z0-9_-]{1,512})$/.exec(header);
  const presented = match?.[1];
  if (presented === undefined) return { ok: false, status: 401, reason: "the token is malformed" };
  if (looksLikeAgentToken(presented)) {
    const check = options.checkAgentToken(presented);
    if (!check.ok) return { ok: false, status: 401, reason: `agent token refused: ${check.code}`, refusal: check };
    return { ok: true, authority: { kind: "agent", principal: { type: "agent", id: check.agent.name }, agent: check.agent, token: presented, requester: check.issuedBy } };
  }
  // Constant time over digests: timing says nothing about how much of a guess was right.
  if (!secretMatches(presented, hashSecret(options.token))) return { ok: false, status: 401, reason: "the token is not the daemon's" };
  return { ok: true, authority: { kind: "human", principal: { type: "human", id: options.user } } };
}

function isLoopbackHost(hostHeader: string | undefined, port: number): boolean {
  if (hostHeader === undefined) return false;
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(hostHeader);
  if (match === null || Number(match[3]) !== port) return false;
  const host = (match[1] ?? match[2] ?? "").toLowerCase();
  return host === "localhost" || isLoopbackLiteral(host);
}

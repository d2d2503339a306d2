import type { IncomingMessage, ServerResponse } from "node:http";
import { Broker } from "../broker/broker";
import { handleMcpHttp } from "../broker/mcp-http";
import { HOOK_ROUTE, MCP_ROUTE, WORKSPACE_HEADER } from "../../../protocol/src/http-routes";
import { toWardenError } from "../../../protocol/src/errors";
import { requireOwnWorkspace } from "./agent-handlers";
import { Logger, errorFields } from "../log";
import { GateContext } from "../mediation/gate";
import { AgentCaller } from "../mediation/types";
import { serveClaudeHook } from "./hook-endpoint";
import { sendJson } from "./http-body";
import { GuardVerdict } from "./upgrade-guard";


export interface AgentHttpContext {
  gate: GateContext;
  broker: Broker;
  log: Logger;
  isStopping(): boolean;
  /** A refused request, to be audited (under the daemon's rate limit). */
  refused(verdict: Extract<GuardVerdict, { ok: false }>, origin: string | undefined): void;
}

/**
 * Plain HTTP on the daemon's listeners: Claude Code's HTTP hook and the broker's
 * MCP endpoint. The same guard as WebSocket upgrades runs first (token, no browser
 * Origin, loopback Host), and only agent tokens are served: both act for an agent.
 */
export function serveAgentHttp(ctx: AgentHttpContext, req: IncomingMessage, res: ServerResponse, guard: (req: IncomingMessage) => GuardVerdict): void {
  const route = new URL(req.url ?? "/", "http://warden.invalid").pathname;
  if (route !== HOOK_ROUTE && route !== MCP_ROUTE) {
    res.writeHead(426, { "Content-Type": "text/plain", Connection: "close" });
    res.end(`Warden speaks WebSocket here; agents POST hooks to ${HOOK_ROUTE} and MCP to ${MCP_ROUTE}.\n`);
    return;
  }
  const verdict = guard(req);
  if (!verdict.ok) {
    ctx.refused(verdict, req.headers.origin);
    sendJson(res, verdict.status, { error: verdict.reason });
    return;
  }
  if (ctx.isStopping()) {
    sendJson(res, 503, { error: "the daemon is stopping" });
    return;
  }
  if (verdict.authority.kind !== "agent") {
    sendJson(res, 403, { error: "this endpoint serves agent tokens only" });
    return;
  }
  const { agent, principal, requester } = verdict.authority;
  const caller: AgentCaller = { agent, principal, requester, session: null };
  const serve = route === MCP_ROUTE ? handleMcpHttp(req, res, caller, agent.workspace, ctx.broker) : hook(ctx, req, res, caller);
  serve.catch((err: unknown) => {
    ctx.log.error(`${route} request failed`, errorFields(err));
    if (!res.headersSent) sendJson(res, 500, { error: "internal error; the call was not completed" });
  });
}

/** The hook route; a command hook names the workspace it was configured for, which must be the token's. */
async function hook(ctx: AgentHttpContext, req: IncomingMessage, res: ServerResponse, caller: AgentCaller): Promise<void> {
  const named = req.headers[WORKSPACE_HEADER];
  if (typeof named === "string") {
    try {
      // Attack: a token of one workspace used by a hook configured for another.
      await requireOwnWorkspace(ctx.gate.writer, caller.principal, caller.agent, decodeURIComponent(named));
    } catch (err) {
      sendJson(res, 403, { error: toWardenError(err).message });
      return;
    }
  }
  await serveClaudeHook(ctx.gate, req, res, caller, caller.agent.workspace);
}

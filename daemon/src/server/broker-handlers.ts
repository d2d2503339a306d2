import { WardenError } from "../../../protocol/src/errors";
import { AuditWriter } from "../audit/writer";
import { Broker } from "../broker/broker";
import { restoreFromTrash } from "../broker/restore";
import { requireOwnWorkspace } from "./agent-handlers";
import { Handlers } from "./connection";

export interface BrokerHandlerContext {
  broker: Broker;
  writer: AuditWriter;
}

/**
 * The broker over the daemon's socket: the agent's MCP bridge lists and calls
 * Warden's tools, and a human restores what the broker deleted.
 */
export function createBrokerHandlers(ctx: BrokerHandlerContext): Pick<Handlers, "broker/tools" | "broker/call" | "trash/restore"> {
  return {
    "broker/tools": (_p, req) => {
      if (req.conn.authorityNow.kind !== "agent") throw new WardenError("forbidden", "broker/tools is for agent tokens: the broker acts for an agent identity");
      return { tools: ctx.broker.list() };
    },

    "broker/call": async (p, req) => {
      const authority = req.conn.authorityNow;
      // Attack: a human's daemon token used to act without an agent identity on record.
      if (authority.kind !== "agent") throw new WardenError("forbidden", "broker/call is for agent tokens: every brokered action is done for an agent identity");
      const { agent } = authority;
      const workspace = await requireOwnWorkspace(ctx.writer, req.conn.principal, agent, p.workspace);
      // The bridge going away (agent stopped) denies a pending approval and stops what runs for it.
      return ctx.broker.call({ agent, principal: authority.principal, requester: authority.requester, session: null }, workspace, p.tool, p.arguments, req.conn.closed);
    },

    "trash/restore": (p, req) => restoreFromTrash(ctx.broker, ctx.writer, req.conn.principal, p.id, p.overwrite === true),
  };
}

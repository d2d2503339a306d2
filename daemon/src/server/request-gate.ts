import { WardenError } from "../../../protocol/src/errors";
import { METHOD_ACCESS } from "../../../protocol/src/methods";
import { AuditWriter } from "../audit/writer";
import { AgentStore } from "../identity/agent-store";
import { RequestGate } from "./connection";

/**
 * The daemon's gate: humans (the daemon token) may call everything; agents only
 * what METHOD_ACCESS opens to them, and only while their token still checks out.
 * Every refusal of an agent is audited.
 */
export function createRequestGate(agents: AgentStore, writer: AuditWriter): RequestGate {
  return {
    async admit(conn, method) {
      const authority = conn.authorityNow;
      if (authority.kind === "human") return;
      const { agent } = authority;
      // Attack: an agent using its connection to manage identities, read or write the log, or stop the daemon.
      if (METHOD_ACCESS[method] !== "any") {
        await writer.append([{ actor: authority.principal, workspace: agent.workspace, kind: "agent.forbidden", payload: { agent: agent.name, method } }]);
        throw new WardenError("forbidden", `${method} is not available to agents`);
      }
      // Re-checked on every request: a suspension, revocation or expiry mid-session takes effect now.
      const check = agents.check(authority.token);
      if (!check.ok) {
        await writer.append([
          { actor: authority.principal, workspace: agent.workspace, kind: "token.refused", payload: { code: check.code, agent: agent.name, tokenId: check.tokenId, method } },
        ]);
        setImmediate(() => conn.close(1008, check.code));
        throw new WardenError(check.code, `agent token refused (${check.code}); the connection will be closed`);
      }
      conn.refreshAgent(check.agent);
    },
  };
}

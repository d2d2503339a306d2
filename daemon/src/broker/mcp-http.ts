import type { IncomingMessage, ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { toWardenError } from "../../../protocol/src/errors";
import { AgentCaller } from "../mediation/types";
import { Broker } from "./broker";
import { createMcpServer } from "./mcp-server";

/** Where the daemon's listeners serve MCP (Streamable HTTP) to agents. */

/**
 * Serves one MCP Streamable HTTP request for an agent the listener has already
 * authenticated (its token checked on this very request). Stateless: each request
 * gets its own server and transport, so nothing of one agent's call can leak into
 * another's, and a suspended token stops working at the next request.
 */
export async function handleMcpHttp(req: IncomingMessage, res: ServerResponse, caller: AgentCaller, workspace: string, broker: Broker): Promise<void> {
  // Stateless: no server-initiated stream (GET) and no session to end (DELETE).
  if (req.method !== "POST") {
    res.writeHead(405, { Allow: "POST", "Content-Type": "text/plain", Connection: "close" });
    res.end("POST MCP requests here\n");
    return;
  }
  const server = createMcpServer({
    listTools: () => Promise.resolve(broker.list()),
    callTool: async (name, args, signal) => {
      try {
        return await broker.call(caller, workspace, name, args, signal);
      } catch (err) {
        // Fail closed: a call Warden could not decide or record did not happen as far as the agent knows.
        return { text: `Warden could not complete this call: ${toWardenError(err).message}`, isError: true };
      }
    },
  });
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on("close", () => {
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(req, res);
}

import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, CallToolResult, ListToolsRequestSchema, Tool } from "@modelcontextprotocol/sdk/types.js";
import { wardenVersion } from "../version";
import { ToolListing } from "./broker";

/** Where an MCP server's tools come from: the broker in the daemon, or the daemon over its socket (the stdio bridge). */
export interface McpBackend {
  listTools(): Promise<ToolListing[]>;
  /** Never rejects for a tool's failure: the failure is the result (isError). */
  callTool(name: string, args: Record<string, unknown>, signal: AbortSignal): Promise<{ text: string; isError: boolean }>;
}

/**
 * An MCP server that offers the broker's tools and nothing else (no resources,
 * prompts or sampling). Built per connection, so a transport's state never
 * outlives its caller.
 */
export function createMcpServer(backend: McpBackend): Server {
  const server = new Server({ name: "warden", version: wardenVersion() }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: (await backend.listTools()).map(toMcpTool) }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const result = await backend.callTool(request.params.name, request.params.arguments ?? {}, extra.signal);
    return { content: [{ type: "text", text: result.text }], isError: result.isError };
  });
  return server;
}

/** A tool listing in the shape MCP requires (an object schema), checked rather than cast. */
export function toMcpTool(t: ToolListing): Tool {
  const properties: Record<string, object> = {};
  const given = t.inputSchema["properties"];
  if (typeof given === "object" && given !== null) {
    for (const name of Object.keys(given)) {
      const schema: unknown = Reflect.get(given, name);
      if (typeof schema === "object" && schema !== null) properties[name] = schema;
    }
  }
  const required = t.inputSchema["required"];
  return {
    name: t.name,
    description: t.description,
    inputSchema: {
      ...t.inputSchema,
      type: "object",
      properties,
      ...(Array.isArray(required) ? { required: required.filter((r): r is string => typeof r === "string") } : {}),
    },
  };
}

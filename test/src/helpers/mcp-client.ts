import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CLI } from "./warden-home";

/** What a tool call returned, as text (MCP content blocks joined) and the error flag. */
export interface ToolText {
  text: string;
  isError: boolean;
}

/** The SDK's own MCP client, speaking stdio to a spawned `warden mcp`. */
export async function stdioMcpClient(workspace: string, env: NodeJS.ProcessEnv, token: string | undefined): Promise<{ client: Client; stderr: () => string }> {
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && k !== "WARDEN_TOKEN") childEnv[k] = v;
  if (token !== undefined) childEnv["WARDEN_TOKEN"] = token;
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, "mcp", "--workspace", workspace], env: childEnv, stderr: "pipe" });
  let stderr = "";
  transport.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const client = new Client({ name: "warden-test", version: "1.0.0" });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

/** The SDK's own MCP client over Streamable HTTP, with the agent's bearer token. */
export async function httpMcpClient(url: string, token: string): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  const client = new Client({ name: "warden-test", version: "1.0.0" });
  await client.connect(transport);
  return client;
}

export async function callText(client: Client, name: string, args: Record<string, unknown>): Promise<ToolText> {
  const result = await client.callTool({ name, arguments: args });
  const content: unknown = result.content;
  const parts = Array.isArray(content) ? content.map((c: unknown) => (typeof c === "object" && c !== null && "text" in c && typeof c.text === "string" ? c.text : "")) : [];
  return { text: parts.join("\n"), isError: result.isError === true };
}

import type { Readable, Writable } from "node:stream";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { WardenClient } from "../../../protocol/src/client";
import { toWardenError } from "../../../protocol/src/errors";
import { MAX_FRAME_BYTES } from "../../../protocol/src/limits";
import { ToolListing } from "./broker";
import { McpBackend, createMcpServer } from "./mcp-server";

/** A call may wait for a human (approval) and then run for up to 10 minutes. */
const CALL_TIMEOUT_MS = 30 * 60_000;
/** Room left in a frame for everything but the arguments. */
const FRAME_OVERHEAD = 8 * 1024;

/**
 * `warden mcp`: an MCP server on stdio whose tools are the broker's, run by the
 * daemon. The bridge holds no authority of its own: it forwards the agent's calls
 * over the daemon socket with the agent's token, and fails closed when the daemon
 * is gone (every call is an error, nothing runs here).
 */
export class StdioBridge {
  private client: WardenClient | null;

  private constructor(
    private readonly connect: () => Promise<WardenClient>,
    private readonly workspace: string,
    first: WardenClient,
  ) {
    this.client = this.watch(first);
  }

  /** Connects and checks the token belongs to `workspace`, so a wrong setup fails at start, not at the first call. */
  static async open(connect: () => Promise<WardenClient>, workspace: string): Promise<StdioBridge> {
    const client = await connect();
    try {
      await client.request("agents/whoami", { workspace });
    } catch (err) {
      client.close();
      throw err;
    }
    return new StdioBridge(connect, workspace, client);
  }

  backend(): McpBackend {
    return {
      listTools: async (): Promise<ToolListing[]> => (await (await this.session()).request("broker/tools", {})).tools,
      callTool: async (name, args) => {
        const size = Buffer.byteLength(JSON.stringify(args));
        if (size > MAX_FRAME_BYTES - FRAME_OVERHEAD) {
          return { text: `the arguments are ${size} bytes; Warden takes at most ${MAX_FRAME_BYTES - FRAME_OVERHEAD} per call (split the write)`, isError: true };
        }
        let client: WardenClient;
        try {
          client = await this.session();
        } catch (err) {
          return { text: `cannot reach the Warden daemon (${toWardenError(err).message}); nothing was done`, isError: true };
        }
        try {
          const r = await client.request("broker/call", { workspace: this.workspace, tool: name, arguments: args }, { timeoutMs: CALL_TIMEOUT_MS });
          return { text: r.text, isError: r.isError };
        } catch (err) {
          const e = toWardenError(err);
          const unknown = e.code === "disconnected" || e.code === "timeout";
          return { text: unknown ? `the Warden daemon did not answer (${e.message}); whether the call ran is in the audit log` : `Warden refused the call: ${e.message}`, isError: true };
        }
      },
    };
  }

  /** Serves MCP on the given streams until the client closes its end. */
  async serve(stdin: Readable, stdout: Writable): Promise<void> {
    const server = createMcpServer(this.backend());
    // Nothing but MCP frames may reach stdout; problems go to stderr.
    server.onerror = (err) => process.stderr.write(`warden mcp: ${err.message}\n`);
    const closed = new Promise<void>((resolve) => {
      server.onclose = () => resolve();
    });
    await server.connect(new StdioServerTransport(stdin, stdout));
    const ended = (): void => void server.close();
    stdin.once("end", ended);
    stdin.once("close", ended);
    await closed;
    this.client?.close();
  }

  /** The live connection, reconnecting once if the daemon restarted. */
  private async session(): Promise<WardenClient> {
    if (this.client !== null) return this.client;
    this.client = this.watch(await this.connect());
    return this.client;
  }

  private watch(client: WardenClient): WardenClient {
    client.onClose(() => {
      if (this.client === client) this.client = null;
    });
    return client;
  }
}

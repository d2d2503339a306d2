/**
 * A broker tool call as an MCP client sees it: the SDK's own client over Streamable
 * HTTP and over stdio (`warden mcp`), calling read_file (decided, executed, both
 * steps audited) one call at a time.
 */
import { performance } from "node:perf_hooks";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { httpMcpClient, stdioMcpClient } from "../../helpers/mcp-client";
import { Latency, summarize } from "../stats";

export interface BrokerFigures {
  http: Latency;
  stdio: Latency;
  errors: number;
}

export async function measureBroker(opts: { address: string; workspace: string; env: NodeJS.ProcessEnv; token: string; calls: number }): Promise<BrokerFigures> {
  let errors = 0;
  const measure = async (client: Client): Promise<Latency> => {
    const samples = new Float64Array(opts.calls);
    for (let i = 0; i < opts.calls; i++) {
      const t = performance.now();
      const r = await client.callTool({ name: "read_file", arguments: { path: "README.md" } });
      samples[i] = (performance.now() - t) * 1000;
      if (r.isError === true) errors++;
    }
    return summarize(samples);
  };
  const http = await httpMcpClient(`http://${opts.address}/mcp`, opts.token);
  const httpFigures = await measure(http);
  await http.close();
  const { client: stdio } = await stdioMcpClient(opts.workspace, opts.env, opts.token);
  const stdioFigures = await measure(stdio);
  await stdio.close();
  return { http: httpFigures, stdio: stdioFigures, errors };
}

/**
 * Load: 100 agents in 10 workspaces, 1,000 actions each, all through one daemon at
 * once (each agent on its own connection, one request at a time, as agents send
 * them). Every action must be decided and audited with zero errors; decisions per
 * second and latency are printed, never asserted (timings belong to benchmarks).
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { after, before, test } from "node:test";
import { WardenClient } from "../../protocol/src/client";
import { connectDaemon } from "../../protocol/src/ws-transport";
import { makeWorkload } from "./bench/policy/workload";
import { makeWorkspace } from "./bench/policy/workspace";
import { fmt, summarize } from "./bench/stats";
import { TempWarden } from "./helpers/warden-home";

const WORKSPACES = 10;
const AGENTS_PER_WORKSPACE = 10;
const ACTIONS = Number(process.env["WARDEN_LOAD_ACTIONS"] ?? 1000);

const w = new TempWarden();
const workspaces: string[] = [];

before(async () => {
  w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "none.json");
  w.env["XDG_CONFIG_HOME"] = path.join(w.home, "cfg");
  for (let i = 0; i < WORKSPACES; i++) workspaces.push(makeWorkspace());
  await w.start();
});
after(async () => {
  await w.cleanup();
  for (const ws of workspaces) fs.rmSync(ws, { recursive: true, force: true });
});

test(`${WORKSPACES * AGENTS_PER_WORKSPACE} agents in ${WORKSPACES} workspaces, ${ACTIONS} actions each, concurrently: every one decided and audited, zero errors`, async () => {
  const human = await w.connect();
  const agents: Array<{ client: WardenClient; workspace: string; inputs: Array<Record<string, unknown>> }> = [];
  try {
    for (const workspace of workspaces) {
      const { inputs } = makeWorkload(ACTIONS, workspace);
      for (let a = 0; a < AGENTS_PER_WORKSPACE; a++) {
        const name = `agent-${a}`;
        await human.request("agents/add", { workspace, name, kind: "custom", owner: "load", purpose: "load test" });
        const { token } = await human.request("tokens/issue", { workspace, name });
        agents.push({ client: await connectDaemon({ socketPath: w.paths.socket }, { token }), workspace, inputs: inputs.map((x) => ({ ...x.input })) });
      }
    }
    const headBefore = (await human.request("daemon/status", {})).audit.headSeq;
    const latencies = new Float64Array(agents.length * ACTIONS);
    let errors = 0;
    let firstError = "";
    const started = performance.now();
    await Promise.all(
      agents.map(async ({ client, workspace, inputs }, ai) => {
        for (let i = 0; i < ACTIONS; i++) {
          const t = performance.now();
          try {
            await client.request("actions/decide", { workspace, input: inputs[i] ?? {} }, { timeoutMs: 60_000 });
          } catch (err) {
            errors++;
            firstError ||= String(err);
          }
          latencies[ai * ACTIONS + i] = (performance.now() - t) * 1000;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const headAfter = (await human.request("daemon/status", {})).audit.headSeq;
    const total = agents.length * ACTIONS;
    const lat = summarize(latencies);
    console.log(`# load: ${fmt(total)} decisions by ${agents.length} agents in ${fmt(seconds, 1)} s = ${fmt(total / seconds)} decisions/s; latency p50 ${fmt(lat.p50Us / 1000, 2)} ms, p99 ${fmt(lat.p99Us / 1000, 2)} ms; errors ${errors}`);
    assert.equal(errors, 0, `errors under load, first: ${firstError}`);
    // Each decision wrote at least its own record (asks also write the request and its denial).
    assert.ok(headAfter - headBefore >= total, `audited ${headAfter - headBefore} records for ${total} decisions`);
    const verify = await human.request("audit/verify", {});
    assert.equal(verify.ok, true);
  } finally {
    for (const a of agents) a.client.close();
    human.close();
  }
});

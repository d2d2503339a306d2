/**
 * Containment bench (issue target: under 200 ms): 20 agents each running
 * commands through the broker; `warden contain --all` (agents/contain-all) is sent
 * while one of the agents keeps posting hook calls with its old token. Printed: the
 * daemon's time from the request to the last process killed, and the client's time
 * from sending contain to the first refused request. Beside it, the same daemon's
 * plain round trip (`daemon/ping`) as the floor. Never fails on timings.
 * `npm run bench:contain`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { WardenClient } from "../../../../protocol/src/client";
import { connectDaemon } from "../../../../protocol/src/ws-transport";
import { TempWarden } from "../../helpers/warden-home";
import { fmt } from "../stats";

const AGENTS = 20;
const COMMANDS_EACH = 2;

async function main(): Promise<void> {
  const w = new TempWarden();
  const workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-bench-contain-")));
  const clients: WardenClient[] = [];
  try {
    fs.mkdirSync(path.join(workspace, ".warden"));
    fs.writeFileSync(path.join(workspace, ".warden", "policy.json"), JSON.stringify({ version: 1, rules: [{ id: "sleep", action: "shell.exec", commands: [{ program: "sleep" }], decision: "allow" }] }));
    w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "none.json");
    w.env["XDG_CONFIG_HOME"] = path.join(w.home, "cfg");
    console.log(`Warden containment bench — node ${process.version}, ${os.cpus().length} cores, load ${fmt(os.loadavg()[0] ?? 0, 2)}`);
    await w.start(["--listen", "127.0.0.1:0"]);
    const human = await w.connect();
    clients.push(human);
    const address = (await human.request("daemon/status", {})).listen ?? "";
    const tokens: string[] = [];
    const running: Array<Promise<unknown>> = [];
    for (let i = 0; i < AGENTS; i++) {
      const name = `agent-${i}`;
      await human.request("agents/add", { workspace, name, kind: "custom", owner: "bench", purpose: "containment bench" });
      const { token } = await human.request("tokens/issue", { workspace, name });
      tokens.push(token);
      const client = await connectDaemon({ socketPath: w.paths.socket }, { token });
      clients.push(client);
      for (let c = 0; c < COMMANDS_EACH; c++) {
        running.push(client.request("broker/call", { workspace, tool: "run_command", arguments: { command: "sleep 120", timeout_ms: 300_000 } }, { timeoutMs: 300_000 }).catch(() => undefined));
      }
    }
    // Wait until every command is running (its decision recorded).
    for (let i = 0; i < 400; i++) {
      const { records } = await human.request("audit/query", { filter: { kinds: ["action.decided"] }, limit: 1000 });
      if (records.length >= AGENTS * COMMANDS_EACH) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    await new Promise((r) => setTimeout(r, 300));
    const pingStart = performance.now();
    for (let i = 0; i < 100; i++) await human.request("daemon/ping", {});
    const pingMs = (performance.now() - pingStart) / 100;

    const oldToken = tokens[AGENTS - 1] ?? "";
    let firstRefusedMs = Number.NaN;
    let probing = true;
    const t0 = performance.now();
    const probe = (async () => {
      while (probing) {
        const status = await fetch(`http://${address}/hooks/claude-code`, {
          method: "POST",
          headers: { Authorization: `Bearer ${oldToken}`, "Content-Type": "application/json" },
          body: JSON.stringify({ hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "sleep 1" } }),
        }).then((r) => r.status);
        if (status === 401) {
          firstRefusedMs = performance.now() - t0;
          return;
        }
      }
    })();
    const result = await human.request("agents/contain-all", { reason: "bench" }, { timeoutMs: 120_000 });
    const totalMs = performance.now() - t0;
    probing = false;
    await probe;
    await Promise.all(running);
    const killed = result.contained.reduce((n, r) => n + r.processesKilled, 0);
    const lastKilled = Math.max(...result.contained.map((r) => r.stoppedInMs));
    console.log("");
    console.log(`${AGENTS} agents, ${killed} brokered processes running (${COMMANDS_EACH} each), contained with agents/contain-all:`);
    console.log(`  request → last process killed (daemon): ${fmt(lastKilled, 1)} ms   target < 200 ms: ${lastKilled < 200 ? "met" : "MISSED"}`);
    console.log(`  request → first refused request with an old token (client): ${fmt(firstRefusedMs, 1)} ms   target < 200 ms: ${firstRefusedMs < 200 ? "met" : "MISSED"}`);
    console.log(`  whole answer incl. the verified evidence snapshot: ${fmt(totalMs, 1)} ms (snapshot verified: ${String(result.contained[0]?.snapshot.verified)})`);
    console.log(`  baseline: daemon/ping round trip ${fmt(pingMs, 2)} ms`);
  } finally {
    for (const c of clients) c.close();
    await w.cleanup();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

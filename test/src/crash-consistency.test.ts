/**
 * Crash consistency: kill -9 the daemon at a random point during mixed load
 * (appends, agent decisions that ask a human, approvals being answered, identity
 * changes), RUNS times. After each crash: the daemon restarts cleanly, the chain
 * verifies, every acknowledged record is there unchanged, and no approval is left
 * half-applied (pending after a restart, or approved without its audit record).
 */
import assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { WardenClient } from "../../protocol/src/client";
import { connectDaemon } from "../../protocol/src/ws-transport";
import { AuditStore } from "../../daemon/src/audit/store";
import { TempWarden } from "./helpers/warden-home";

const RUNS = Number(process.env["WARDEN_CRASH_RUNS"] ?? 100);
const DAEMON_MAIN = path.resolve(__dirname, "..", "..", "daemon", "src", "main.js");

const w = new TempWarden();
let workspace = "";

/** The daemon as its own process (what `daemon start` runs in the background), ready when the socket answers. */
async function startDaemon(): Promise<{ child: ChildProcess; human: WardenClient }> {
  const child = spawn(process.execPath, [DAEMON_MAIN, "--approval-timeout", "30s"], { env: w.env, stdio: ["ignore", "ignore", "pipe", "ipc"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the daemon did not start: ${stderr}`)), 20_000);
    child.on("message", (m: unknown) => {
      clearTimeout(timer);
      if (typeof m === "object" && m !== null && "type" in m && m.type === "ready") resolve();
      else reject(new Error(`the daemon failed to start: ${JSON.stringify(m)} ${stderr}`));
    });
    child.on("exit", (code) => reject(new Error(`the daemon exited (${code}) at start: ${stderr}`)));
  });
  return { child, human: await w.connect() };
}

before(() => {
  workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-crash-")));
  fs.mkdirSync(path.join(workspace, ".warden"));
  fs.writeFileSync(
    path.join(workspace, ".warden", "policy.json"),
    JSON.stringify({ version: 1, rules: [{ id: "reads", action: "file.read", paths: ["**"], decision: "allow" }, { id: "rm-asks", action: "shell.exec", commands: [{ program: "rm" }], decision: "ask" }] }),
  );
  w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "none.json");
  w.env["XDG_CONFIG_HOME"] = path.join(w.home, "cfg");
});
after(async () => {
  await w.cleanup();
  fs.rmSync(workspace, { recursive: true, force: true });
});

test(`kill -9 at random points under mixed load, ${RUNS} times: the log verifies, nothing acknowledged is lost, no approval is half-applied`, async () => {
  const acked = new Map<number, string>(); // seq → hash, across every run
  let agentNo = 0;
  for (let run = 0; run < RUNS; run++) {
    const { child, human } = await startDaemon();
    const name = `agent-${agentNo++}`;
    await human.request("agents/add", { workspace, name, kind: "custom", owner: "t", purpose: "crash test" });
    const { token } = await human.request("tokens/issue", { workspace, name });
    const agent = await connectDaemon({ socketPath: w.paths.socket }, { token });
    // The human attaches as approver and answers every other request.
    const { subscription } = await human.request("events/subscribe", { filter: { kinds: ["approval.requested"] } });
    let flip = 0;
    human.onEvent(subscription, (r) => {
      const id = typeof r.payload === "object" && r.payload !== null && !Array.isArray(r.payload) ? r.payload["id"] : undefined;
      if (typeof id === "string" && flip++ % 2 === 0) void human.request("approvals/answer", { id, answer: flip % 4 === 1 ? "approve" : "deny", scope: "session" }).catch(() => undefined);
    });
    let dead = false;
    const load = async (i: number): Promise<void> => {
      for (let n = 0; !dead; n++) {
        try {
          if (i === 0) {
            const r = await human.request("audit/append", { events: [{ kind: "test.crash", payload: { run, n } }] });
            const [rec] = (await human.request("audit/query", { filter: { fromSeq: r.lastSeq }, limit: 1 })).records;
            if (rec !== undefined) acked.set(rec.seq, rec.hash);
          } else if (i === 1) {
            await agent.request("actions/decide", { workspace, input: { tool_name: "Read", tool_input: { file_path: `f${n}` } } });
          } else {
            await agent.request("actions/decide", { workspace, input: { tool_name: "Bash", tool_input: { command: `rm -f x${n}` }, session_id: `s${n % 3}` } });
          }
        } catch {
          return; // the daemon died under us
        }
      }
    };
    const workers = [0, 1, 2, 2].map((i) => load(i));
    await new Promise((r) => setTimeout(r, 20 + Math.floor(Math.random() * 250)));
    child.kill("SIGKILL");
    dead = true;
    await new Promise<void>((resolve) => child.once("exit", () => resolve()));
    await Promise.all(workers);
    agent.close();
    human.close();
  }

  // One last clean start: it must accept the crashed log, and settle what was pending.
  const { child, human } = await startDaemon();
  try {
    const verify = await human.request("audit/verify", {});
    assert.equal(verify.ok, true, `chain broken: ${verify.problem ?? ""} at ${verify.firstBadSeq ?? ""}`);
    const { approvals } = await human.request("approvals/list", { status: "pending", limit: 1000 });
    assert.equal(approvals.length, 0, "no approval is left pending across a crash");
  } finally {
    human.close();
    child.kill("SIGTERM");
    await new Promise<void>((resolve) => child.once("exit", () => resolve()));
  }
  const store = AuditStore.openForReading(w.paths.db);
  try {
    for (const [seq, hash] of acked) {
      const [record] = store.query({ fromSeq: seq }, 1);
      assert.equal(record?.hash, hash, `acknowledged record ${seq} is missing or changed`);
    }
    // Every approved or denied approval has its answer in the log; no grant without an approved request.
    const db = store.connection;
    const settled: unknown[] = db.prepare("SELECT id FROM approvals WHERE status IN ('approved','denied')").pluck().all();
    const answered = new Set(store.query({ kinds: ["approval.answered"] }, 100_000).map((r) => (typeof r.payload === "object" && r.payload !== null && !Array.isArray(r.payload) ? r.payload["id"] : null)));
    for (const id of settled) assert.ok(answered.has(typeof id === "string" ? id : ""), `approval ${String(id)} changed state without its audit record`);
    const orphanGrants: unknown = db.prepare("SELECT count(*) FROM approval_grants g JOIN approvals a ON a.id = g.approval_id WHERE a.status != 'approved'").pluck().get();
    assert.equal(orphanGrants, 0, "a grant exists for a request that was not approved");
    console.log(`# crash consistency: ${RUNS} kill -9 runs, ${acked.size} acknowledged appends checked, ${settled.length} settled approvals checked`);
  } finally {
    store.close();
  }
});

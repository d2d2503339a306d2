import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { WardenClient } from "../../../protocol/src/client";
import { TempWarden } from "../helpers/warden-home";

/** What the daemon answered one Claude Code HTTP hook call. */
export interface HookReply {
  status: number;
  /** hookSpecificOutput.permissionDecision when the call was decided; null otherwise. */
  decision: string | null;
  /** The reason the daemon gives: permissionDecisionReason, or the error body. */
  reason: string;
}

/** Only an answered "allow" lets Claude Code run the tool (its HTTP hooks block on any failure). */
export function isAllowed(reply: HookReply): boolean {
  return reply.status === 200 && reply.decision === "allow";
}

function field(value: unknown, ...keys: string[]): unknown {
  let v = value;
  for (const k of keys) v = typeof v === "object" && v !== null ? Reflect.get(v, k) : undefined;
  return v;
}

/** POSTs to the daemon's loopback listener; a refused or reset connection is status 0. */
export function postJson(address: string, route: string, body: string, headers: Record<string, string>, timeoutMs = 30_000): Promise<{ status: number; text: string }> {
  const [host, port] = address.split(":");
  return new Promise((resolve) => {
    const req = http.request({ host, port: Number(port), path: route, method: "POST", headers: { "Content-Type": "application/json", ...headers }, timeout: timeoutMs }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => (text += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      res.on("error", (err) => resolve({ status: 0, text: err.message }));
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (err) => resolve({ status: 0, text: err.message }));
    req.end(body);
  });
}

/**
 * A daemon with a TCP listener on 127.0.0.1, one workspace, one Claude Code agent and
 * its token: the shape every fault test needs. Policy lookups are pointed at empty
 * paths so the machine's own configuration cannot change the outcome.
 */
export class AgentFixture {
  workspace = "";
  address = "";
  token = "";
  human: WardenClient | null = null;
  private readonly scratch: string;

  constructor(readonly w: TempWarden) {
    this.scratch = fs.mkdtempSync(path.join(os.tmpdir(), "wd-fx-"));
    w.env["WARDEN_MANAGED_POLICY"] = path.join(this.scratch, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(this.scratch, "config");
  }

  async start(ttl = "1h"): Promise<void> {
    this.workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-ws-")));
    fs.mkdirSync(path.join(this.workspace, "src"));
    fs.mkdirSync(path.join(this.workspace, ".vscode"));
    await this.w.start(["--listen", "127.0.0.1:0"]);
    await this.reconnect();
    await this.client().request("agents/add", { workspace: this.workspace, name: "claude", kind: "claude-code", owner: "alice", purpose: "hardening tests" });
    this.token = await this.issue(ttl);
  }

  /** (Re)connects the human client, e.g. after a daemon restart. */
  async reconnect(): Promise<void> {
    this.human?.close();
    this.human = await this.w.connect();
    this.address = (await this.human.request("daemon/status", {})).listen ?? "";
    if (this.address === "") throw new Error("the daemon reports no TCP listener");
  }

  client(): WardenClient {
    if (this.human === null) throw new Error("the fixture is not connected");
    return this.human;
  }

  async issue(ttl: string): Promise<string> {
    return (await this.client().request("tokens/issue", { workspace: this.workspace, name: "claude", ttl })).token;
  }

  /** One PreToolUse hook call for a Bash command, as Claude Code makes it. */
  async bash(command: string, token = this.token, timeoutMs = 30_000): Promise<HookReply> {
    const body = JSON.stringify({ session_id: "hardening", cwd: this.workspace, hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command } });
    const r = await postJson(this.address, "/hooks/claude-code", body, { Authorization: `Bearer ${token}` }, timeoutMs);
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(r.text);
    } catch {
      // not JSON: the reason is the raw text
    }
    const decision = field(parsed, "hookSpecificOutput", "permissionDecision");
    const reason = field(parsed, "hookSpecificOutput", "permissionDecisionReason") ?? field(parsed, "error") ?? r.text;
    return { status: r.status, decision: typeof decision === "string" ? decision : null, reason: typeof reason === "string" ? reason : JSON.stringify(reason) };
  }

  /** The gate decisions recorded in the audit log after `afterSeq`. */
  async decisions(afterSeq: number): Promise<Array<{ seq: number; decision: string; command: string }>> {
    const { records } = await this.client().request("audit/query", { filter: { kinds: ["action.decided"], fromSeq: afterSeq + 1 }, limit: 1000 });
    return records.map((r) => {
      const payload = r.payload;
      const decision = field(payload, "decision");
      const actions = field(payload, "actions");
      const first: unknown = Array.isArray(actions) ? actions[0] : undefined;
      const target = field(first, "target");
      return { seq: r.seq, decision: typeof decision === "string" ? decision : "", command: typeof target === "string" ? target : "" };
    });
  }

  async headSeq(): Promise<number> {
    const { records } = await this.client().request("audit/query", { filter: {}, limit: 1, order: "desc" });
    return records[0]?.seq ?? 0;
  }

  async close(): Promise<void> {
    this.human?.close();
    this.human = null;
    try {
      await this.w.cleanup();
    } finally {
      if (this.workspace !== "") fs.rmSync(this.workspace, { recursive: true, force: true });
      fs.rmSync(this.scratch, { recursive: true, force: true });
    }
  }
}

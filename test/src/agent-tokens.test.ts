import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import Database from "better-sqlite3";
import { WardenClient } from "../../protocol/src/client";
import { ErrorCode, WardenError } from "../../protocol/src/errors";
import { connectDaemon } from "../../protocol/src/ws-transport";
import { STARTER_POLICY } from "../../daemon/src/policy/starter-policy";
import { TempWarden } from "./helpers/warden-home";

const rejectsWith = async (p: Promise<unknown>, code: ErrorCode, message?: RegExp): Promise<void> => {
  await assert.rejects(p, (err: unknown) => err instanceof WardenError && err.code === code && (message === undefined || message.test(err.message)));
};

describe("agent identities and short-lived tokens", () => {
  const w = new TempWarden();
  let workspace = "";
  let otherWorkspace = "";
  let human: WardenClient;

  const issue = async (name: string, ttl = "1h"): Promise<string> => (await human.request("tokens/issue", { workspace, name, ttl })).token;
  const asAgent = (token: string): Promise<WardenClient> => connectDaemon({ socketPath: w.paths.socket }, { token });
  const recordsOf = async (kind: string) => (await human.request("audit/query", { filter: { kinds: [kind] }, limit: 1000 })).records;

  before(async () => {
    await w.start();
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(w.home, "ws-")));
    otherWorkspace = fs.realpathSync(fs.mkdtempSync(path.join(w.home, "other-")));
    human = await w.connect();
    for (const name of ["claude-1", "codex-1", "short-lived"]) {
      await human.request("agents/add", { workspace, name, kind: "claude-code", owner: "alice", purpose: "tests" });
    }
  });
  after(async () => {
    human.close();
    await w.cleanup();
  });

  test("an agent token connects as the agent, in its own workspace", async () => {
    const agent = await asAgent(await issue("claude-1"));
    assert.deepEqual(await agent.request("daemon/ping", {}), { pong: true });
    const { agent: me } = await agent.request("agents/whoami", { workspace });
    assert.equal(me.name, "claude-1");
    assert.equal(me.workspace, workspace);
    agent.close();
  });

  test("the workspace is identified by real path (a symlink to it is the same workspace)", async () => {
    const link = `${workspace}-link`;
    fs.symlinkSync(workspace, link);
    const agent = await asAgent(await issue("claude-1"));
    assert.equal((await agent.request("agents/whoami", { workspace: link })).agent.name, "claude-1");
    agent.close();
  });

  test("attack: a token used for another workspace is refused with its own code, and audited", async () => {
    const agent = await asAgent(await issue("claude-1"));
    await rejectsWith(agent.request("agents/whoami", { workspace: otherWorkspace }), "token_wrong_workspace");
    const refused = await recordsOf("token.refused");
    assert.ok(refused.some((r) => JSON.stringify(r.payload).includes("token_wrong_workspace") && r.actor.type === "agent" && r.actor.id === "claude-1"));
    agent.close();
  });

  test("attack: an agent cannot use human methods (identities, the log, the daemon); each attempt is audited", async () => {
    const agent = await asAgent(await issue("claude-1"));
    await rejectsWith(agent.request("tokens/issue", { workspace, name: "claude-1" }), "forbidden");
    await rejectsWith(agent.request("agents/add", { workspace, name: "evil", kind: "custom", owner: "x", purpose: "y" }), "forbidden");
    await rejectsWith(agent.request("audit/append", { events: [{ kind: "fake.event", payload: {} }] }), "forbidden");
    await rejectsWith(agent.request("audit/query", {}), "forbidden");
    await rejectsWith(agent.request("daemon/shutdown", {}), "forbidden");
    assert.deepEqual(await agent.request("daemon/ping", {}), { pong: true }, "the connection stays usable");
    const forbidden = await recordsOf("agent.forbidden");
    assert.deepEqual(
      forbidden.slice(-5).map((r) => (typeof r.payload === "object" && r.payload !== null && !Array.isArray(r.payload) ? r.payload["method"] : null)),
      ["tokens/issue", "agents/add", "audit/append", "audit/query", "daemon/shutdown"],
    );
    assert.equal((await human.request("agents/list", { workspace })).agents.some((a) => a.name === "evil"), false);
    agent.close();
  });

  test("suspension takes effect on the very next request of a live session, and at connect; resume restores it", async () => {
    const token = await issue("codex-1");
    const agent = await asAgent(token);
    assert.deepEqual(await agent.request("daemon/ping", {}), { pong: true });
    await human.request("agents/suspend", { workspace, name: "codex-1", reason: "odd behaviour" });
    const closed = new Promise<string>((resolve) => agent.onClose(resolve));
    await rejectsWith(agent.request("daemon/ping", {}), "agent_suspended");
    assert.match(await closed, /^1008 agent_suspended/);
    await rejectsWith(asAgent(token), "unauthenticated", /agent_suspended/);
    await human.request("agents/resume", { workspace, name: "codex-1" });
    const again = await asAgent(token);
    assert.deepEqual(await again.request("daemon/ping", {}), { pong: true });
    again.close();
  });

  test("a revoked token, and every token of a revoked agent, is refused with its own code", async () => {
    const t1 = await issue("codex-1");
    const info = (await human.request("agents/show", { workspace, name: "codex-1" })).tokens;
    const id = info[info.length - 1]?.id ?? "";
    assert.equal((await human.request("tokens/revoke", { tokenId: id })).revoked, true);
    await rejectsWith(asAgent(t1), "unauthenticated", /token_revoked/);

    const t2 = await issue("codex-1");
    const live = await asAgent(t2);
    const { tokensRevoked } = await human.request("agents/revoke", { workspace, name: "codex-1", reason: "incident" });
    assert.ok(tokensRevoked >= 1);
    await rejectsWith(live.request("daemon/ping", {}), "token_revoked");
    await rejectsWith(asAgent(t2), "unauthenticated", /token_revoked/);
    await rejectsWith(human.request("agents/resume", { workspace, name: "codex-1" }), "conflict");
    await rejectsWith(human.request("tokens/issue", { workspace, name: "codex-1" }), "conflict");
  });

  test("an expired token and an expired identity are refused with their own codes", async () => {
    const token = await issue("short-lived", "1s");
    const agent = await asAgent(token);
    await new Promise((r) => setTimeout(r, 1100));
    await rejectsWith(agent.request("daemon/ping", {}), "token_expired");
    await rejectsWith(asAgent(token), "unauthenticated", /token_expired/);

    await human.request("agents/add", { workspace, name: "temp", kind: "custom", owner: "bob", purpose: "one-off", expires: "1s" });
    const tempToken = await issue("temp", "1h");
    const info = (await human.request("agents/show", { workspace, name: "temp" })).tokens[0];
    assert.ok(info !== undefined && Date.parse(info.expiresAt) <= Date.now() + 1500, "a token never outlives its identity");
    await new Promise((r) => setTimeout(r, 1100));
    await rejectsWith(asAgent(tempToken), "unauthenticated", /agent_(expired)|token_expired/);
  });

  test("attack: forged tokens (real id with a guessed secret, garbage, a human token shape) are refused", async () => {
    const real = await issue("claude-1");
    const forged = `${real.slice(0, 21)}${"A".repeat(43)}`;
    await rejectsWith(asAgent(forged), "unauthenticated", /token_unknown/);
    await rejectsWith(asAgent("wdn_0000000000000000_" + "B".repeat(43)), "unauthenticated", /token_unknown/);
    await rejectsWith(asAgent("wdn_nonsense"), "unauthenticated", /token_unknown/);
  });

  test("token limits: at most 24h, never for a missing agent", async () => {
    await rejectsWith(human.request("tokens/issue", { workspace, name: "claude-1", ttl: "25h" }), "invalid_params", /24h/);
    await rejectsWith(human.request("tokens/issue", { workspace, name: "nobody" }), "not_found");
    await rejectsWith(human.request("agents/add", { workspace, name: "claude-1", kind: "custom", owner: "x", purpose: "y" }), "already_exists");
    await rejectsWith(human.request("agents/add", { workspace: path.join(workspace, "missing"), name: "x", kind: "custom", owner: "x", purpose: "y" }), "invalid_params");
  });

  test("the workspace policy can shorten the longest token (tokens.maxTtl), and that applies at once", async () => {
    fs.mkdirSync(path.join(workspace, ".warden"), { recursive: true });
    // The starter rules unchanged, plus a shorter token lifetime: a pure tightening.
    fs.writeFileSync(path.join(workspace, ".warden", "policy.json"), STARTER_POLICY.replace('"version": 1,', '"version": 1,\n  "tokens": { "maxTtl": "30m" },'));
    const deadline = Date.now() + 10_000;
    let refused = false;
    while (!refused && Date.now() < deadline) {
      refused = await human.request("tokens/issue", { workspace, name: "claude-1", ttl: "1h" }).then(
        () => false,
        (e: unknown) => e instanceof WardenError && e.code === "invalid_params" && /30 minutes/.test(e.message),
      );
      if (!refused) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(refused, "a 1h token is refused once the policy says 30m");
    const ok = await human.request("tokens/issue", { workspace, name: "claude-1", ttl: "30m" });
    assert.ok(Date.parse(ok.info.expiresAt) - Date.now() <= 30 * 60_000 + 1000);
    // Removing the file lengthens tokens again: that loosens, so it waits for a human.
    fs.rmSync(path.join(workspace, ".warden"), { recursive: true });
    let accepted = false;
    for (let i = 0; i < 200 && !accepted; i++) {
      accepted = (await human.request("policy/accept", { workspace })).accepted;
      if (!accepted) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(accepted, "the loosening was held, then accepted");
    await human.request("tokens/issue", { workspace, name: "claude-1", ttl: "1h" });
  });

  test("token values appear nowhere: not in the database, the audit log, or the daemon log", async () => {
    const token = await issue("claude-1");
    const secret = token.slice("wdn_0123456789abcdef_".length);
    assert.equal(secret.length, 43);
    const db = new Database(w.paths.db, { readonly: true });
    const dump = JSON.stringify(db.prepare("SELECT * FROM agent_tokens").all()) + JSON.stringify(db.prepare("SELECT payload FROM audit").all());
    db.close();
    assert.equal(dump.includes(secret), false, "only the hash is stored");
    assert.equal(fs.readFileSync(w.paths.logFile, "utf8").includes(secret), false);
    const exported = await w.cli(["audit", "export"]);
    assert.equal(exported.stdout.includes(secret), false);
    assert.equal((await w.cli(["audit", "verify"])).code, 0);
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, test } from "node:test";
import { AGENT_KINDS, HOOK_AGENT_KINDS } from "../../../protocol/src/agent-kinds";
import { AgentInfo, agentKind } from "../../../protocol/src/agents";
import { CLAUDE_HOOK_EVENTS } from "./claude-code/settings";
import { CODEX_HOOK_EVENTS } from "./codex/home";
import { agentContext } from "./context";
import { AGENT_PLUGINS, parseHookAgent, pluginFor } from "./registry";

describe("agent plugins and the protocol's list of agent kinds", () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-plugins-")));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  test("every hook kind has exactly one plugin, and every plugin is a listed hook kind", () => {
    assert.deepEqual(AGENT_PLUGINS.map((p) => p.kind).sort(), [...HOOK_AGENT_KINDS].sort());
    assert.equal(new Set(AGENT_PLUGINS.map((p) => p.kind)).size, AGENT_PLUGINS.length, "one plugin per kind");
    for (const k of AGENT_KINDS) {
      if (k.hooks) assert.equal(pluginFor(k.kind).kind, k.kind);
      else assert.throws(() => parseHookAgent(k.kind), /reaches Warden only through its MCP server/);
    }
  });

  test("the protocol's kind enum is the list, MCP-only kinds included", () => {
    assert.deepEqual([...agentKind.options], AGENT_KINDS.map((k) => k.kind));
    assert.ok(agentKind.safeParse("mcp").success && agentKind.safeParse("custom").success);
    assert.equal(agentKind.safeParse("cursor").success, false);
  });

  test("attack: a kind named after an Object.prototype member is not an agent", () => {
    for (const bad of ["toString", "constructor", "__proto__", "", null, 7]) assert.throws(() => parseHookAgent(bad), /not one Warden connects/);
  });

  test("the events connect subscribes to are exactly the plugin's decided and recorded events", () => {
    const written: Record<string, readonly string[]> = { "claude-code": CLAUDE_HOOK_EVENTS, codex: CODEX_HOOK_EVENTS };
    for (const p of AGENT_PLUGINS) {
      assert.deepEqual([...(written[p.kind] ?? [])].sort(), [...p.decidedEvents, ...p.recordedEvents].sort(), p.kind);
      assert.equal(p.decidedEvents.filter((e) => p.recordedEvents.includes(e)).length, 0, `${p.kind}: an event is decided or recorded, not both`);
    }
  });

  for (const plugin of AGENT_PLUGINS) {
    test(`${plugin.kind}: connect makes the wiring current, disconnect removes exactly it, and the token travels only in the environment`, () => {
      const workspace = path.join(root, `${plugin.kind}-ws`);
      const home = path.join(root, `${plugin.kind}-home`);
      fs.mkdirSync(workspace, { recursive: true });
      fs.mkdirSync(home, { recursive: true, mode: 0o700 });
      const agent: AgentInfo = {
        id: `agt_${plugin.kind.replace(/-/g, "")}0001`,
        workspace,
        name: plugin.kind,
        kind: plugin.kind,
        owner: "alice",
        purpose: "plugin test",
        role: "writer",
        status: "active",
        createdAt: new Date().toISOString(),
        createdBy: "human:alice",
        expiresAt: null,
        statusReason: null,
        activeTokens: 0,
      };
      const ctx = agentContext(agent, home, "127.0.0.1:7391");
      assert.equal(plugin.wiringState(ctx), "absent");
      const files = plugin.connect(ctx);
      assert.ok(files.length > 0 && files.every((f) => fs.existsSync(f)), `${plugin.kind} wrote ${files.join(", ")}`);
      assert.equal(plugin.wiringState(ctx), "current");
      // Another daemon address: what was written no longer matches.
      assert.equal(plugin.wiringState({ ...ctx, listen: "127.0.0.1:7392" }), "stale");
      const token = "wdn_secret-session-token";
      const launch = plugin.launch(ctx, ["/usr/bin/agent", "-p", "hi"], token, { PATH: "/usr/bin" });
      assert.equal(launch.env["WARDEN_TOKEN"], token);
      assert.equal(launch.file, "/usr/bin/agent");
      assert.ok(!launch.args.some((a) => a.includes(token)), "the token is never on the command line");
      for (const f of files) assert.ok(!fs.readFileSync(f, "utf8").includes(token), `${f} holds no token`);
      const { removed } = plugin.disconnect({ workspace, home, agent: ctx });
      assert.ok(removed > 0);
      assert.equal(plugin.wiringState(ctx), "absent");
    });
  }
});

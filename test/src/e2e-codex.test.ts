/**
 * Scenario 5 of the agents issue with the real Codex CLI, connected as a user
 * connects it (`warden connect codex`, `warden run codex`): a command through
 * `exec_command` is decided by the gate (Codex's PreToolUse hook), and a call to a
 * Warden MCP tool is decided and executed by the broker. Both are in the audit log
 * as the codex agent.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { AuditRecord } from "../../protocol/src/audit";
import { codexConfig, CODEX_SANDBOX } from "./agents/codex";
import { codexBinary } from "./agents/install";
import { ModelServer, startModelServer } from "./agents/model-server";
import { runProcess } from "./agents/run-process";
import { say, tools } from "./agents/script";
import { CLI, TempWarden } from "./helpers/warden-home";

function payload(r: AuditRecord): Record<string, unknown> {
  return typeof r.payload === "object" && r.payload !== null && !Array.isArray(r.payload) ? r.payload : {};
}

describe("real Codex through Warden: gate and broker", () => {
  const w = new TempWarden();
  let workspace = "";
  let server: ModelServer;
  const file = (name: string) => path.join(workspace, name);

  before(async () => {
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-e2e-codex-")));
    w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
    await w.start(["--listen", "127.0.0.1:0"]);
    server = await startModelServer([
      tools({ tool: "exec_command", input: { cmd: "printf gated > gated.txt" } }),
      tools({ tool: "write_file", namespace: "mcp__warden", input: { path: "brokered.txt", content: "written by the daemon" } }),
      tools({ tool: "write_file", namespace: "mcp__warden", input: { path: ".vscode/settings.json", content: "{}" } }),
      say("done"),
    ]);
    const r = await w.cli(["connect", "codex", "--workspace", workspace, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const parsed: unknown = JSON.parse(r.stdout);
    const codexHome = typeof parsed === "object" && parsed !== null && "codexHome" in parsed && typeof parsed.codexHome === "string" ? parsed.codexHome : "";
    // The user's own provider settings go above Warden's block (as `connect` tells them to).
    const config = path.join(codexHome, "config.toml");
    fs.writeFileSync(config, `${codexConfig(server.url)}${fs.readFileSync(config, "utf8")}`);
  });
  after(async () => {
    await server.close();
    await w.cleanup();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test("5. exec_command is gated and a Warden MCP tool is brokered: both decided and logged as the codex agent", async () => {
    const home = fs.mkdtempSync(path.join(w.home, "codex-user-"));
    const env = { ...w.env, HOME: home, OPENAI_API_KEY: "dummy" };
    const args = [CLI, "run", "codex", "--workspace", workspace, "--", codexBinary(), "exec", "--json", "--skip-git-repo-check", "--ephemeral", "--sandbox", CODEX_SANDBOX, "do the task"];
    const r = await runProcess(process.execPath, args, { cwd: workspace, env, timeoutMs: 150_000 });
    assert.equal(r.timedOut, false);
    assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
    assert.deepEqual(server.problems, []);

    assert.equal(fs.readFileSync(file("gated.txt"), "utf8"), "gated");
    assert.equal(fs.readFileSync(file("brokered.txt"), "utf8"), "written by the daemon");
    assert.equal(fs.existsSync(file(".vscode/settings.json")), false, "the broker refused the protected write");
    const outputs = server.codexToolOutputs();
    assert.equal(outputs.length, 3, JSON.stringify(outputs));
    assert.match(outputs[2]?.text ?? "", /protected/);

    const human = await w.connect();
    try {
      const { records } = await human.request("audit/query", { filter: { kinds: ["action.decided", "action.result"], actorType: "agent" }, limit: 200 });
      assert.ok(records.every((x) => x.actor.id === "codex"));
      const gated = records.find((x) => x.kind === "action.decided" && payload(x)["via"] === "gate" && JSON.stringify(payload(x)["actions"]).includes("printf gated"));
      assert.ok(gated !== undefined, "the command was decided at the gate");
      assert.equal(payload(gated)["decision"], "allow");
      const brokered = records.filter((x) => payload(x)["via"] === "broker");
      assert.ok(brokered.some((x) => payload(x)["decision"] === "allow" && JSON.stringify(payload(x)["actions"]).includes("brokered.txt")));
      assert.ok(brokered.some((x) => payload(x)["decision"] === "deny" && payload(x)["rule"] === "builtin:protected-path"));
      assert.ok(records.some((x) => x.kind === "action.result" && payload(x)["ok"] === true && JSON.stringify(x.payload).includes("brokered.txt")), "the broker's result is recorded");
    } finally {
      human.close();
    }
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { STARTER_POLICY } from "../../daemon/src/policy/starter-policy";
import { claudeBinary } from "./agents/install";
import { startModelServer, ModelServer } from "./agents/model-server";
import { runProcess } from "./agents/run-process";
import { say, tools } from "./agents/script";
import { tempWorkspace } from "./gate-helpers.test";
import { CLI, TempWarden } from "./helpers/warden-home";

// The real Claude Code (2.1.332), driven by a scripted model, connected with
// `warden connect claude-code` and started with `warden run`: hooks decide each
// call, the shell gate runs the allowed commands without the token, and what is
// denied does not happen.

for (const transport of ["command", "http"] as const) {
  describe(`real Claude Code through Warden (${transport} hooks)`, () => {
    const w = new TempWarden();
    let workspace = "";
    let server: ModelServer;
    const file = (name: string) => path.join(workspace, name);

    before(async () => {
      workspace = tempWorkspace();
      w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
      w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
      fs.mkdirSync(path.join(workspace, ".warden"));
      const policy = STARTER_POLICY.replace('"rules": [', '"rules": [\n    { "id": "test-printenv", "action": "shell.exec", "commands": [{ "program": "printenv" }], "decision": "allow" },');
      fs.writeFileSync(path.join(workspace, ".warden", "policy.json"), policy);
      fs.writeFileSync(file("victim.txt"), "keep me");
      await w.start(transport === "http" ? ["--listen", "127.0.0.1:0"] : []);
      const human = await w.connect();
      if ((await human.request("policy/status", { workspace })).pending !== null) await human.request("policy/accept", { workspace });
      human.close();
      const r = await w.cli(["connect", "claude-code", "--workspace", workspace]);
      assert.equal(r.code, 0, r.stderr);
      server = await startModelServer([
        tools({ tool: "Bash", input: { command: "printf '%s' ok > allowed.txt" } }),
        tools({ tool: "Bash", input: { command: "rm -f victim.txt; echo ran > pwned.txt" } }),
        tools({ tool: "Bash", input: { command: "printenv > env.txt" } }),
        tools({ tool: "Write", input: { file_path: file(".claude/settings.json"), content: "{}" } }),
        say("done"),
      ]);
    });
    after(async () => {
      await server.close();
      await w.cleanup();
      fs.rmSync(workspace, { recursive: true, force: true });
    });

    test("allowed commands run, denied ones do not, and the agent's commands never see the token", async () => {
      const home = path.join(w.home, "claude-user");
      fs.mkdirSync(home);
      const env = { ...w.env, HOME: home, ANTHROPIC_BASE_URL: server.url, ANTHROPIC_API_KEY: "dummy", CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1" };
      const args = [CLI, "run", "claude-code", "--workspace", workspace, "--", claudeBinary(), "-p", "go", "--output-format", "json", "--permission-mode", "acceptEdits"];
      const r = await runProcess(process.execPath, args, { cwd: workspace, env, timeoutMs: 120_000 });
      assert.equal(r.timedOut, false);
      assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
      assert.deepEqual(server.problems, []);

      assert.ok(fs.existsSync(file("allowed.txt")), JSON.stringify(server.claudeToolResults()));
      assert.equal(fs.readFileSync(file("allowed.txt"), "utf8"), "ok");
      assert.equal(fs.readFileSync(file("victim.txt"), "utf8"), "keep me");
      assert.equal(fs.existsSync(file("pwned.txt")), false);
      assert.equal(fs.existsSync(file(".claude/settings.json")), false);
      const seen = fs.readFileSync(file("env.txt"), "utf8");
      assert.doesNotMatch(seen, /^WARDEN_TOKEN=/m);
      assert.match(seen, /^CLAUDE_CODE_SHELL_PREFIX=/m, "the command ran under Claude Code, through the gate");

      const results = server.claudeToolResults();
      assert.equal(results.length, 4);
      assert.match(results[1]?.text ?? "", /Warden denied this/);
      assert.match(results[3]?.text ?? "", /protected/);

      const human = await w.connect();
      try {
        const { records } = await human.request("audit/query", { filter: { kinds: ["action.decided"] }, limit: 100 });
        assert.ok(records.length >= 4);
        assert.ok(records.every((x) => x.actor.type === "agent" && x.actor.id === "claude-code"));
        const { tokens } = await human.request("agents/show", { workspace, name: "claude-code" });
        assert.ok(tokens.length === 1 && tokens[0]?.state === "revoked", "the session token is revoked when the agent exits");
      } finally {
        human.close();
      }
    });
  });
}

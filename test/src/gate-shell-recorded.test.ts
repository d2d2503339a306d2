import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { WardenClient } from "../../protocol/src/client";
import { CLAUDE_CODE_VERSION, RECORDED_WRAPPERS } from "../../daemon/src/hook/claude-wrappers.fixture";
import { SHELL_GATE_MAIN, runNode, tempWorkspace } from "./gate-helpers.test";
import { TempWarden } from "./helpers/warden-home";

// The shell gate over the wrappers the real Claude Code CLI wrote (recorded by
// test/src/agents/capture-shell-wrappers.ts), under the starter policy: the gate
// decides the model's command, not Claude Code's wrapper, so each wrapper fares
// exactly as its bare command does; a wrapper changed in any way is decided whole.

describe(`shell gate over Claude Code ${CLAUDE_CODE_VERSION}'s recorded wrappers`, () => {
  const w = new TempWarden();
  let workspace = "";
  let session = "";
  let token = "";
  let human: WardenClient;
  const gate = (line: string) => runNode([SHELL_GATE_MAIN, "--workspace", workspace, "--home", w.home, "--", line], { env: { ...w.env, WARDEN_TOKEN: token }, cwd: workspace });
  /** The recorded wrapper with its session directory pointed at this test's (so the cwd capture can write). */
  const live = (script: string) => script.replaceAll("/tmp/warden-claude-home-XXXXXX", session);

  before(async () => {
    workspace = tempWorkspace();
    session = tempWorkspace("wd-gsr-session-");
    fs.mkdirSync(path.join(session, "tmp"));
    fs.mkdirSync(path.join(workspace, "src"));
    fs.writeFileSync(path.join(workspace, "a.txt"), "one\ntwo\n");
    w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
    await w.start();
    human = await w.connect();
    await human.request("agents/add", { workspace, name: "claude-1", kind: "claude-code", owner: "alice", purpose: "tests" });
    token = (await human.request("tokens/issue", { workspace, name: "claude-1" })).token;
  });
  after(async () => {
    human.close();
    await w.cleanup();
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(session, { recursive: true, force: true });
  });

  test("one-word commands (the false block of issue 17) run through the gate", async () => {
    for (const command of ["ls", "pwd", "true"]) {
      const recorded = RECORDED_WRAPPERS.find((r) => r.command === command);
      assert.ok(recorded !== undefined);
      const r = await gate(live(recorded.script));
      assert.equal(r.code, 0, `${command}: ${r.stderr}`);
    }
  });

  test("every recorded wrapper is refused exactly when its bare command is", async () => {
    for (const { command, script } of RECORDED_WRAPPERS) {
      const wrapped = await gate(live(script));
      const bare = await gate(command);
      assert.equal(wrapped.code === 126, bare.code === 126, `${JSON.stringify(command)}: wrapped ${String(wrapped.code)} ${wrapped.stderr} / bare ${String(bare.code)} ${bare.stderr}`);
    }
  });

  test("attack: a recorded wrapper with a command added before or after the eval is decided whole and refused", async () => {
    const ls = live(RECORDED_WRAPPERS.find((r) => r.command === "ls")?.script ?? "");
    for (const line of [`${ls}; touch pwned1`, ls.replace(" && eval ls", " && touch pwned2 && eval ls"), ls.replace("eval ls", "eval ls;touch${IFS}pwned3")]) {
      const r = await gate(line);
      assert.equal(r.code, 126, line);
    }
    for (const n of [1, 2, 3]) assert.equal(fs.existsSync(path.join(workspace, `pwned${n}`)), false);
  });
});

// Proves the agent harness against the real Codex CLI, with no Warden involved:
// the scripted model calls exec_command, Codex runs it (or a trusted hook stops
// it), and the model server shows what the model was told.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";
import { codexHooksList } from "./codex-app-server";
import { codexHookTrust, codexHookTrustToml } from "./codex-hook-trust";
import { runCodex, CodexRun } from "./codex";
import { Scratch, readJsonLines, withScratch } from "./fixtures";
import { startModelServer, ModelServer } from "./model-server";
import { Turn, field, say, tools } from "./script";

const RUN_MS = 60_000;
const TEST_MS = 90_000;

async function codexWith(scratch: Scratch, script: Turn[], extraConfig = ""): Promise<{ run: CodexRun; model: ModelServer; ws: string }> {
  const ws = scratch.dir("ws");
  const model = await startModelServer(script);
  try {
    const run = await runCodex({ workspace: ws, prompt: "Do the scripted task.", modelUrl: model.url, codexHome: scratch.dir("codex-home"), extraConfig, timeoutMs: RUN_MS });
    assert.equal(run.timedOut, false, `codex did not finish in ${RUN_MS} ms\nstderr: ${run.stderr}`);
    assert.equal(run.code, 0, `codex exited ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
    assert.deepEqual(model.problems, [], "the model server saw off-script requests");
    return { run, model, ws };
  } finally {
    await model.close();
  }
}

const echoHi = (file: string): Turn => tools({ tool: "exec_command", input: { cmd: `echo hi > ${file}` } });

/** A PreToolUse hook for Codex's shell tool that logs its input and exits 2. */
function denyingHooks(scratch: Scratch): { hooksFile: string; log: string } {
  const log = path.join(scratch.root, "hook-stdin.jsonl");
  const hook = scratch.script("deny-hook.sh", `#!/bin/sh\ncat >> '${log}'\necho >> '${log}'\necho 'codex shell refused (test hook)' >&2\nexit 2\n`);
  const hooks = { hooks: { PreToolUse: [{ matcher: "^Bash$", hooks: [{ type: "command", command: hook, timeout: 10 }] }] } };
  return { hooksFile: scratch.file("codex-home/hooks.json", JSON.stringify(hooks, null, 2)), log };
}

describe("Codex driven by the scripted model", () => {
  test("(d) runs a scripted exec_command and reports the output back to the model", { timeout: TEST_MS }, () =>
    withScratch("codex-d", async (scratch) => {
      const { run, model, ws } = await codexWith(scratch, [echoHi("b.txt"), say("all done")]);
      assert.equal(fs.readFileSync(path.join(ws, "b.txt"), "utf8"), "hi\n");
      const outputs = model.codexToolOutputs();
      assert.equal(outputs.length, 1);
      assert.equal(outputs[0]?.callId, "call_scripted_0_0");
      assert.match(outputs[0]?.text ?? "", /Process exited with code 0/);
      assert.deepEqual(model.mainRequests().map((r) => [r.path, r.turn]), [["/v1/responses", 0], ["/v1/responses", 1]]);
      assert.deepEqual(run.commands, ["/bin/bash -lc 'echo hi > b.txt'"]);
      assert.deepEqual(run.messages, ["all done"]);
    }));

  test("(e) an untrusted hooks.json hook is skipped silently: the command runs", { timeout: TEST_MS }, () =>
    withScratch("codex-e1", async (scratch) => {
      const { log } = denyingHooks(scratch);
      const { ws } = await codexWith(scratch, [echoHi("b.txt"), say("ran")]);
      assert.equal(fs.existsSync(path.join(ws, "b.txt")), true, "Codex ran an untrusted hook; trust is no longer required");
      assert.deepEqual(readJsonLines(log), []);
    }));

  test("(e) a trusted PreToolUse hook that exits 2 stops the command and its reason reaches the model", { timeout: TEST_MS }, () =>
    withScratch("codex-e2", async (scratch) => {
      const { hooksFile, log } = denyingHooks(scratch);
      const trust = codexHookTrust(hooksFile);
      const { ws, model } = await codexWith(scratch, [echoHi("b.txt"), say("blocked")], codexHookTrustToml(trust));
      assert.equal(fs.existsSync(path.join(ws, "b.txt")), false, `the hook did not stop the command (did it run? ${fs.existsSync(log)})`);
      assert.deepEqual(model.codexToolOutputs(), [
        { callId: "call_scripted_0_0", text: "Command blocked by PreToolUse hook: codex shell refused (test hook). Command: echo hi > b.txt" },
      ]);
      const [input] = readJsonLines(log);
      assert.equal(field(input, "hook_event_name"), "PreToolUse");
      assert.equal(field(input, "tool_name"), "Bash");
      assert.deepEqual(field(input, "tool_input"), { command: "echo hi > b.txt" });
      assert.equal(field(input, "tool_use_id"), "call_scripted_0_0");
      assert.equal(field(input, "cwd"), ws);
    }));

  test("(e) the trust entries computed here are the ones Codex's app-server reports", { timeout: TEST_MS }, () =>
    withScratch("codex-e3", async (scratch) => {
      const { hooksFile } = denyingHooks(scratch);
      const codexHome = path.dirname(hooksFile);
      const ws = scratch.dir("ws");
      const trust = codexHookTrust(hooksFile);
      fs.writeFileSync(path.join(codexHome, "config.toml"), "");
      const untrusted = await codexHooksList(codexHome, ws, 30_000);
      assert.deepEqual(
        untrusted.map((h) => ({ key: h.key, trustedHash: h.currentHash })),
        trust,
      );
      assert.deepEqual(untrusted.map((h) => h.trustStatus), ["untrusted"]);
      fs.writeFileSync(path.join(codexHome, "config.toml"), codexHookTrustToml(trust));
      const trusted = await codexHooksList(codexHome, ws, 30_000);
      assert.deepEqual(trusted.map((h) => h.trustStatus), ["trusted"]);
    }));
});

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { WardenError } from "../../../../protocol/src/errors";
import { connectDaemon } from "../../../../protocol/src/ws-transport";
import { TempWarden } from "../../helpers/warden-home";
import { AgentFixture, isAllowed, type HookReply } from "../agent-fixture";

/**
 * Disk full (issue 9): the daemon's state directory is a 16 MiB tmpfs (mounted as root,
 * as CI runs), filled to the last byte while the daemon runs. A real full disk, not a
 * simulated one: SQLite, the head anchor and the daemon's own log all hit ENOSPC.
 * Every decision must then be refused with the reason, none allowed unrecorded, and
 * once space is back the daemon decides again with its hash chain intact.
 */
function mountTmpfs(dir: string, size: string): void {
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size},mode=0700`, "warden-disk-full", dir], { stdio: "pipe" });
}

/** Writes until the file system refuses; returns the bytes written. */
function fillDisk(file: string): number {
  const fd = fs.openSync(file, "w");
  let written = 0;
  try {
    for (const chunk of [1 << 20, 1 << 16, 4096, 512, 1]) {
      const buffer = Buffer.alloc(chunk, 0x5a);
      for (;;) {
        try {
          written += fs.writeSync(fd, buffer);
        } catch (err) {
          if (err instanceof Error && "code" in err && err.code === "ENOSPC") break;
          throw err;
        }
      }
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return written;
}

describe("disk full: the daemon fails closed and says why", () => {
  const w = new TempWarden();
  const fx = new AgentFixture(w);
  const filler = path.join(w.home, "filler");
  let mounted = false;

  before(async () => {
    if (process.getuid?.() !== 0) assert.fail("the disk-full test mounts a tmpfs and needs root (CI runs as root)");
    mountTmpfs(w.home, "16m");
    mounted = true;
    await fx.start();
  });

  after(async () => {
    fs.rmSync(filler, { force: true });
    await fx.close().catch(() => undefined);
    if (mounted) execFileSync("umount", ["-l", w.home], { stdio: "pipe" });
    fs.rmSync(w.home, { recursive: true, force: true });
  });

  test("with the disk full, every decision is refused with the reason, and none is allowed unrecorded", async () => {
    assert.ok(isAllowed(await fx.bash("git status")), "baseline: git status is allowed");
    const before = await fx.headSeq();
    const filled = fillDisk(filler);
    console.log(`disk full: filled the 16 MiB state directory with ${filled} bytes`);

    const replies: Array<{ command: string; reply: HookReply }> = [];
    // The WAL may still have room for a few commits; keep deciding until the log cannot grow.
    for (let i = 0; i < 400 && replies.filter((r) => r.reply.status !== 200).length < 10; i += 1) {
      const command = i % 2 === 0 ? "git status" : "echo x > .vscode/settings.json";
      replies.push({ command, reply: await fx.bash(command) });
    }
    const refused = replies.filter((r) => r.reply.status !== 200);
    const allowed = replies.filter((r) => isAllowed(r.reply));
    console.log(`disk full: ${replies.length} decisions asked, ${allowed.length} allowed (recorded before the log filled), ${refused.length} refused`);
    assert.ok(refused.length >= 10, `the full disk never made a decision fail: ${JSON.stringify(replies.slice(-3))}`);
    for (const { reply } of refused) {
      // Claude Code's HTTP hook (onFailure: block) blocks on any non-2xx answer; the body says why.
      assert.equal(reply.status, 500, `refused with ${reply.status}: ${reply.reason}`);
      assert.match(reply.reason, /could not decide this call, so it is blocked: the audit log could not be written: .*(full|space)/i);
    }
    // The WebSocket path the command hooks and the shell gate use refuses alike, with a typed error.
    const agent = await connectDaemon({ socketPath: w.paths.socket }, { token: fx.token });
    try {
      await assert.rejects(
        agent.request("actions/decide", { workspace: fx.workspace, input: { tool_name: "Bash", tool_input: { command: "git status" } } }),
        (err: unknown) => err instanceof WardenError && err.code === "audit_write_failed" && /full/.test(err.message),
      );
    } finally {
      agent.close();
    }
    // Attack: a write the policy denies must never come back allowed, full disk or not.
    assert.deepEqual(replies.filter((r) => r.command.includes(".vscode") && isAllowed(r.reply)), []);

    fs.rmSync(filler);
    const after = await fx.bash("git status");
    assert.ok(isAllowed(after), `with space back the daemon decides again: ${JSON.stringify(after)}`);
    // Every allow that was answered is in the log: the log is written before the answer.
    const recorded = await fx.decisions(before);
    const recordedAllows = recorded.filter((r) => r.decision === "allow").length;
    assert.equal(recordedAllows, allowed.length + 1, "each allowed answer has its audit record");
    assert.equal(recorded.filter((r) => r.command.includes(".vscode") && r.decision === "allow").length, 0);
    // The operator's log says why too, as far as the full disk let it (lost lines are counted).
    assert.match(fs.readFileSync(w.paths.logFile, "utf8"), /"msg":"audit write failed","error":"database or disk is full"/);
    const verify = await fx.client().request("audit/verify", {});
    assert.equal(verify.ok, true, `the hash chain is intact after the full disk: ${JSON.stringify(verify)}`);
  });
});

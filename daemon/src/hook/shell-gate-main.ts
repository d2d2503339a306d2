#!/usr/bin/env node
import { spawn } from "node:child_process";
import fs from "node:fs";
import { toWardenError } from "../../../protocol/src/errors";
import { after, parseFlags, timeoutMs, writeAndExit } from "./lean-args";
import { GateOutcome, REFUSED_EXIT, gateCommand } from "./shell-gate";

/**
 * Lean entry for the shell gate: `node hook/shell-gate-main.js --workspace DIR
 * --home WARDEN_HOME [--timeout SECONDS] -- <command line>`. `warden connect` writes a
 * one-line script that runs this and points CLAUDE_CODE_SHELL_PREFIX at it.
 */

const DEFAULT_GATE_DEADLINE_MS = 170_000;

async function outcome(args: readonly string[]): Promise<GateOutcome> {
  try {
    const { flags, rest } = parseFlags(args, ["workspace", "home", "timeout"]);
    const workspace = flags.get("workspace");
    const home = flags.get("home");
    if (workspace === undefined || home === undefined) return { kind: "refuse", reason: "Warden refused this command: the shell gate needs --workspace and --home (rerun 'warden connect claude-code')." };
    const ms = timeoutMs(flags.get("timeout"), DEFAULT_GATE_DEADLINE_MS);
    const run = { args: rest, workspace: fs.realpathSync(workspace), home, env: process.env, cwd: process.cwd(), deadline: Date.now() + ms };
    return await Promise.race([gateCommand(run), after<GateOutcome>(ms + 50, () => ({ kind: "refuse", reason: `Warden refused this command: no decision within ${Math.round(ms / 1000)} s.` }))]);
  } catch (err) {
    return { kind: "refuse", reason: `Warden refused this command: ${toWardenError(err).message}` };
  }
}

function execute(o: GateOutcome): void {
  if (o.kind === "refuse") {
    writeAndExit("", `${o.reason}\n`, REFUSED_EXIT);
    return;
  }
  const watch = o.watch;
  // stderr passes through as it comes; a sandboxed command's is also watched for what the sandbox stopped.
  const child = spawn(o.file, o.args, { stdio: ["inherit", "inherit", watch === undefined ? "inherit" : "pipe"], env: o.env });
  child.stderr?.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    watch?.scanner.push(chunk);
  });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"];
  for (const s of signals) process.on(s, forward);
  child.once("error", (err) => {
    o.cleanup?.();
    writeAndExit("", `Warden: cannot start ${o.file}: ${err.message}\n`, REFUSED_EXIT);
  });
  // "close", not "exit": the whole of stderr has been read and watched by then.
  child.once("close", (code, signal) => {
    for (const s of signals) process.off(s, forward);
    o.cleanup?.();
    void reportBlocks(watch).finally(() => {
      if (signal !== null) {
        // Die of the same signal, so the caller sees what the command saw.
        process.kill(process.pid, signal);
        return;
      }
      process.exit(code ?? 1);
    });
  });
}

/** Tells the daemon what the sandbox stopped (recorded as sandbox.blocked); the command's own result stands either way. */
async function reportBlocks(watch: Extract<GateOutcome, { kind: "run" }>["watch"]): Promise<void> {
  const blocks = watch?.scanner.blocks() ?? [];
  if (watch === undefined || blocks.length === 0) return;
  try {
    await watch.report(blocks);
  } catch (err) {
    process.stderr.write(`Warden: the sandbox stopped ${blocks.map((b) => `${b.kind} ${b.target}`).join(", ")}, but this could not be recorded: ${toWardenError(err).message}\n`);
  }
}

if (require.main === module) {
  process.on("uncaughtException", (err) => writeAndExit("", `Warden refused this command: internal error: ${err.message}\n`, REFUSED_EXIT));
  outcome(process.argv.slice(2)).then(execute, (err: unknown) => writeAndExit("", `Warden refused this command: ${String(err)}\n`, REFUSED_EXIT));
}

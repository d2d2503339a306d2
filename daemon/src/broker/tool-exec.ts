import fs from "node:fs";
import { z } from "zod";
import { WardenError } from "../../../protocol/src/errors";
import { describeCommand } from "../approvals/describe";
import { DEFAULT_TIMEOUT_MS, MAX_TIMEOUT_MS, describeRun, runCommand } from "./command-run";
import { defineTool } from "./define-tool";
import { locate, relocate } from "./exec-path";
import { BrokerServices, brokerAction, clip, scopeOf } from "./services";
import { BrokerTool } from "./types";
import { BlockScanner } from "../sandbox/blocked-scan";

/** run_command: one command line, decided as the gate decides the agent's own shell, run by Warden. */
export function execTools(services: BrokerServices): BrokerTool[] {
  return [
    defineTool({
      name: "run_command",
      description: `Run a shell command line (bash -c) in the workspace, stdin closed, in a clean environment. Output over 1 MiB per stream is cut. Default timeout ${DEFAULT_TIMEOUT_MS / 1000} s, at most ${MAX_TIMEOUT_MS / 60_000} min; anything it leaves running is stopped when it ends.`,
      args: z.strictObject({
        command: z.string().min(1).max(256 * 1024).describe("the command line, as you would type it in bash"),
        cwd: z.string().min(1).max(4096).optional().describe("directory to run in, relative to the workspace root (default: the root)"),
        timeout_ms: z.int().min(1).max(MAX_TIMEOUT_MS).optional().describe(`milliseconds before the command is killed (default ${DEFAULT_TIMEOUT_MS})`),
      }),
      plan: (a, ctx) => {
        const planned = locate(a.cwd ?? ".", scopeOf(ctx), "read");
        const timeoutMs = a.timeout_ms ?? DEFAULT_TIMEOUT_MS;
        return {
          actions: [brokerAction("shell.exec", a.command, "run_command")],
          // Relative paths in the command are decided from where it will really run.
          cwd: planned.real,
          audit: { command: clip(a.command, 2048), cwd: planned.relative, timeoutMs },
          describe: () => ({ data: describeCommand(a.command, planned.relative), rollback: "cannot be undone by Warden: the command's effects are its own" }),
          sandboxed: true,
          execute: async (decided) => {
            const now = relocate(planned, scopeOf(ctx), "read");
            if (!fs.statSync(now.real, { throwIfNoEntry: false })?.isDirectory()) throw new WardenError("invalid_params", `cwd '${a.cwd ?? "."}' is not a directory`);
            // Attack: running with no sandbox because the decision carried none: refused, never run unheld.
            if (decided.sandbox === null) throw new WardenError("internal", "the decision planned no sandbox for this command, so it is not run");
            const sandbox = decided.sandbox;
            const scanner = sandbox.kind === "sandbox" ? new BlockScanner(sandbox.profile, now.real) : null;
            const out = await runCommand({
              command: a.command, cwd: now.real, timeoutMs, agentId: ctx.caller.agent.id, registry: services.processes, signal: ctx.signal,
              redact: () => services.secrets.stream(), sandbox, wardenHome: ctx.wardenHome, onRefused: (host) => scanner?.add({ kind: "network", target: host }),
            });
            scanner?.push(out.stderr.text());
            const ok = out.exitCode === 0 && !out.timedOut && !out.stopped;
            const ending = out.timedOut ? "timed out" : out.signal !== null ? `killed by ${out.signal}` : `exit ${out.exitCode ?? "?"}`;
            return {
              text: describeRun(out, timeoutMs),
              ok,
              summary: `ran ${clip(a.command, 200)} (${ending}, ${out.durationMs} ms)`,
              ...(ok ? {} : { error: ending }),
              fields: { exitCode: out.exitCode, signal: out.signal, timedOut: out.timedOut, stdoutBytes: out.stdout.totalBytes, stderrBytes: out.stderr.totalBytes, sandboxed: sandbox.kind === "sandbox" },
              sandboxBlocked: scanner?.blocks() ?? [],
            };
          },
        };
      },
    }),
  ];
}

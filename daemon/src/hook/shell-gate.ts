import path from "node:path";
import { WardenError, toWardenError } from "../../../protocol/src/errors";
import { resolvePaths } from "../config";
import { failureReason } from "./adapter";
import { modelCommandOf } from "./claude-shell-script";
import { postHook } from "./daemon-request";
import { CommandContext, hookArgv, mcpArgv, splitSimple } from "./entry-points";
import { SHELL_GATE_EVENT } from "../../../protocol/src/hook-events";
import { SANDBOX_BLOCKED_EVENT, SandboxBlock } from "../../../protocol/src/sandbox";
import { BlockScanner } from "../sandbox/blocked-scan";
import { prepareCommand } from "../sandbox/prepare";

/**
 * The shell gate behind CLAUDE_CODE_SHELL_PREFIX: a second layer under the hooks.
 * Claude Code starts every shell command, command hook and stdio MCP server as
 * `PREFIX <command line>`. Warden's own hook and MCP bridge (exactly as `warden
 * connect` wrote them) run as they are; anything else runs only when the daemon
 * allows it, without WARDEN_TOKEN in its environment, inside the OS sandbox the
 * daemon compiled from the policy that allowed it.
 */

export interface GateRun extends CommandContext {
  /** What Claude Code passed after the prefix. */
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  deadline: number;
}

export type GateOutcome =
  | {
      kind: "run";
      file: string;
      args: string[];
      env: NodeJS.ProcessEnv;
      own: boolean;
      /** Removes what the sandbox left on the host; called once the command has ended. */
      cleanup?: () => void;
      /** For a sandboxed command: watches its errors and tells the daemon what the sandbox stopped. */
      watch?: { scanner: BlockScanner; report: (blocks: SandboxBlock[]) => Promise<void> };
    }
  | { kind: "refuse"; reason: string };

/** Exit status of a refused command: "found but cannot be executed", as Claude Code itself uses. */
export const REFUSED_EXIT = 126;

export async function gateCommand(run: GateRun): Promise<GateOutcome> {
  try {
    return await decide(run);
  } catch (err) {
    return { kind: "refuse", reason: failureReason(toWardenError(err), { agent: "claude-code" }).replace("this tool call", "this command") };
  }
}

async function decide(run: GateRun): Promise<GateOutcome> {
  const [line, ...extra] = run.args;
  if (line === undefined || extra.length > 0) {
    throw new WardenError("invalid_params", `the shell gate expects the command line as one argument (as CLAUDE_CODE_SHELL_PREFIX passes it), got ${run.args.length}`);
  }
  const words = splitSimple(line);
  if (words !== null && (same(words, hookArgv("claude-code", run)) || same(words, mcpArgv(run)))) {
    const [file, ...args] = words;
    // Warden's own hook and bridge need the token; they are the ones that present it.
    if (file !== undefined) return { kind: "run", file, args, env: run.env, own: true };
  }
  const token = run.env["WARDEN_TOKEN"];
  if (token === undefined || token === "") throw new WardenError("unauthenticated", "WARDEN_TOKEN is not set");
  const paths = resolvePaths({ ...run.env, WARDEN_HOME: run.home });
  const command = modelCommandOf(line) ?? line;
  const input = { hook_event_name: SHELL_GATE_EVENT, tool_name: "Bash", tool_input: { command }, cwd: run.cwd };
  const verdict = await postHook({ socketPath: paths.socket, token, deadline: run.deadline }, run.workspace, input);
  if (verdict.kind !== "decided") throw new WardenError("internal", "the daemon recorded the shell gate's question instead of deciding it");
  if (!verdict.allowed) return { kind: "refuse", reason: verdict.reason };
  // Attack: a daemon answer without a sandbox plan: the command is refused, never run unheld.
  if (verdict.sandbox === undefined) throw new WardenError("internal", "the daemon allowed the command but planned no sandbox for it");
  const env = { ...run.env };
  // Attack: the agent's commands reading WARDEN_TOKEN and acting as the agent outside any hook.
  delete env["WARDEN_TOKEN"];
  const target = { socketPath: paths.socket, token, deadline: 0 };
  const sandbox = verdict.sandbox;
  const scanner = sandbox.kind === "sandbox" ? new BlockScanner(sandbox.profile, run.cwd) : null;
  const prepared = await prepareCommand(sandbox, run.home, run.cwd, [shellFor(run.env), "-c", line], {
    env: run.env,
    onRefused: (host) => scanner?.add({ kind: "network", target: host }),
  });
  const watch =
    scanner !== null
      ? {
          scanner,
          report: async (blocked: SandboxBlock[]): Promise<void> => {
            const event = { hook_event_name: SANDBOX_BLOCKED_EVENT, tool_name: "Bash", tool_input: { command }, cwd: run.cwd, blocked };
            await postHook({ ...target, deadline: Date.now() + REPORT_DEADLINE_MS }, run.workspace, event);
          },
        }
      : undefined;
  return { kind: "run", file: prepared.file, args: prepared.args, env, own: false, cleanup: () => prepared.cleanup(), ...(watch !== undefined ? { watch } : {}) };
}

/** How long the gate waits to report what the sandbox stopped before it gives the command's result back. */
const REPORT_DEADLINE_MS = 2000;

/** The shell Claude Code itself would have used: CLAUDE_CODE_SHELL or SHELL when bash or zsh, else bash. */
export function shellFor(env: NodeJS.ProcessEnv): string {
  for (const candidate of [env["CLAUDE_CODE_SHELL"], env["SHELL"]]) {
    if (candidate !== undefined && path.isAbsolute(candidate) && ["bash", "zsh"].includes(path.basename(candidate))) return candidate;
  }
  return "/bin/bash";
}

function same(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((w, i) => w === b[i]);
}

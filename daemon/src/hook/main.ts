#!/usr/bin/env node
import { HOOK_AGENT_KINDS, HookAgentKind, isHookAgentKind } from "../../../protocol/src/agent-kinds";
import { toWardenError } from "../../../protocol/src/errors";
import { HookAnswer, answerHook, deny, failureReason } from "./adapter";
import { after, parseFlags, timeoutMs, writeAndExit } from "./lean-args";

/**
 * Lean entry for the command hook: `node hook/main.js KIND (claude-code, codex, …)
 * [--workspace DIR] [--home WARDEN_HOME] [--timeout SECONDS]`, hook JSON on stdin.
 * Agents start it on every tool call, so it loads neither commander nor the CLI.
 */

/** Below the 180 s hook timeout `warden connect` writes, above the daemon's 120 s approval wait. */
export const DEFAULT_HOOK_DEADLINE_MS = 170_000;

export async function runHookMain(args: readonly string[], env: NodeJS.ProcessEnv, stdin: NodeJS.ReadableStream): Promise<HookAnswer> {
  const first = args[0];
  // Only to name the fix in a failure message before the kind is known to be good.
  const agent: HookAgentKind = isHookAgentKind(first) ? first : "claude-code";
  try {
    if (!isHookAgentKind(first)) {
      return deny(`Warden blocked this tool call: the hook was started as 'warden hook ${first ?? ""}'; expected ${HOOK_AGENT_KINDS.map((k) => `'${k}'`).join(" or ")}.`);
    }
    const { flags, rest } = parseFlags(args.slice(1), ["workspace", "home", "timeout"]);
    if (rest.length > 0) return deny(`Warden blocked this tool call: unexpected argument '${rest[0] ?? ""}' to the hook.`);
    const ms = timeoutMs(flags.get("timeout"), DEFAULT_HOOK_DEADLINE_MS);
    const workspace = flags.get("workspace");
    const home = flags.get("home");
    const answer = answerHook({ agent, env, stdin, deadline: Date.now() + ms, ...(workspace !== undefined ? { workspace } : {}), ...(home !== undefined ? { home } : {}) });
    // Our own deadline, below the agent's: a hook the agent kills fails open.
    return await Promise.race([answer, after(ms + 50, () => deny(`Warden blocked this tool call: no decision within ${Math.round(ms / 1000)} s (reading the input or asking the daemon). Fix: check 'warden daemon status'.`))]);
  } catch (err) {
    return deny(failureReason(toWardenError(err), { agent }));
  }
}

if (require.main === module) {
  // A crash must not become exit 1, which both agents read as "let the tool run".
  process.on("uncaughtException", (err) => writeAndExit("", `Warden blocked this tool call: internal error: ${err.message}\n`, 2));
  runHookMain(process.argv.slice(2), process.env, process.stdin).then(
    (a) => writeAndExit(a.stdout, a.stderr, a.exitCode),
    (err: unknown) => writeAndExit("", `Warden blocked this tool call: internal error: ${err instanceof Error ? err.message : String(err)}\n`, 2),
  );
}

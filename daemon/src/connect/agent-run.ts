import { spawn } from "node:child_process";
import path from "node:path";
import { Wiring } from "./wiring";

/**
 * The agent's environment and command line for one `warden run` session: the
 * session token in WARDEN_TOKEN (never in a file), the daemon's WARDEN_HOME, and for
 * Codex the CODEX_HOME Warden keeps for this agent. Claude Code gets Warden's MCP
 * server with `--mcp-config=FILE` (one `=` form: the option is variadic and would
 * otherwise swallow the prompt that follows).
 */
export function agentLaunch(w: Wiring, command: readonly string[], token: string, env: NodeJS.ProcessEnv): { file: string; args: string[]; env: NodeJS.ProcessEnv } {
  const [file, ...args] = command;
  if (file === undefined) throw new Error("no agent command");
  const childEnv: NodeJS.ProcessEnv = { ...env, WARDEN_TOKEN: token, WARDEN_HOME: w.home };
  if (w.kind === "codex") childEnv["CODEX_HOME"] = w.codex.codexHome;
  const isClaude = /^claude(\.exe)?$/.test(path.basename(file));
  return { file, args: w.kind === "claude-code" && isClaude ? [`--mcp-config=${w.claudeMcp}`, ...args] : args, env: childEnv };
}

/**
 * Runs the agent in the foreground with stdio inherited and resolves with its exit
 * status (128 + n for a signal). Signals that reach us go to the agent, and we stay
 * alive until it exits, so the session token is always revoked afterwards.
 */
export function runForeground(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: "inherit", env });
    const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
    const forward = (s: NodeJS.Signals): void => {
      child.kill(s);
    };
    for (const s of signals) process.on(s, forward);
    const cleanup = (): void => {
      for (const s of signals) process.off(s, forward);
    };
    child.once("error", (err) => {
      cleanup();
      reject(err);
    });
    child.once("exit", (code, signal) => {
      cleanup();
      resolve(code ?? 128 + signalNumber(signal));
    });
  });
}

function signalNumber(signal: NodeJS.Signals | null): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
  return (signal !== null ? numbers[signal] : undefined) ?? 1;
}

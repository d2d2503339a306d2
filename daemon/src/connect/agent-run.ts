import { spawn } from "node:child_process";

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

// Asks Codex itself which hooks it sees and whether it trusts them, through
// `codex app-server` (JSON-RPC over stdio, one JSON object per line; labelled
// experimental upstream). This is the ground truth the trust computation in
// codex-hook-trust.ts is checked against.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { codexEnv } from "./codex";
import { codexBinary } from "./install";
import { asArray, asString, field, parseJson } from "./script";

export interface CodexListedHook {
  key: string;
  currentHash: string;
  trustStatus: string;
  command: string;
}

/** `hooks/list` for one working directory, as `codex app-server` reports it. */
export async function codexHooksList(codexHome: string, cwd: string, timeoutMs: number): Promise<CodexListedHook[]> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "warden-codex-home-"));
  fs.mkdirSync(path.join(home, "tmp"));
  // Its own process group, so that it and any helper it started can be killed together.
  const child = spawn(codexBinary(), ["app-server"], { cwd, env: codexEnv(home, codexHome), stdio: ["pipe", "pipe", "pipe"], detached: true });
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const send = (message: Record<string, unknown>): void => {
    child.stdin.write(`${JSON.stringify(message)}\n`);
  };
  try {
    return await new Promise<CodexListedHook[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`codex app-server gave no hooks/list answer in ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
      child.on("error", (error) => reject(error));
      child.on("exit", (code) => reject(new Error(`codex app-server exited (${code}) before answering; stderr: ${stderr}`)));
      let pending = "";
      child.stdout.on("data", (d: Buffer) => {
        pending += d.toString();
        let newline: number;
        while ((newline = pending.indexOf("\n")) >= 0) {
          const message = parseJson(pending.slice(0, newline));
          pending = pending.slice(newline + 1);
          if (field(message, "id") === 1) {
            send({ method: "initialized" });
            send({ method: "hooks/list", id: 2, params: { cwds: [cwd] } });
          } else if (field(message, "id") === 2) {
            clearTimeout(timer);
            if (field(message, "error") !== undefined) reject(new Error(`hooks/list failed: ${JSON.stringify(field(message, "error"))}`));
            else resolve(listedHooks(field(message, "result")));
          }
        }
      });
      send({ method: "initialize", id: 1, params: { clientInfo: { name: "warden-test", version: "0.0.0" } } });
    });
  } finally {
    // Wait for the exit: the server writes into CODEX_HOME until it is gone.
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
      await exited;
    }
    fs.rmSync(home, { recursive: true, force: true });
  }
}

function listedHooks(result: unknown): CodexListedHook[] {
  return asArray(field(result, "data")).flatMap((entry) =>
    asArray(field(entry, "hooks")).map((hook) => ({
      key: asString(field(hook, "key")) ?? "",
      currentHash: asString(field(hook, "currentHash")) ?? "",
      trustStatus: asString(field(hook, "trustStatus")) ?? "",
      command: asString(field(hook, "command")) ?? "",
    })),
  );
}

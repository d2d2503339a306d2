import fs from "node:fs";
import path from "node:path";
import { WardenError } from "../../../protocol/src/errors";

/**
 * What Warden keeps per agent identity, under WARDEN_HOME (out of every agent's
 * reach: built-in protections cover Warden's state): `<home>/agents/<agent-id>/`,
 * whose contents each agent's plugin (daemon/src/agents/<kind>/) decides.
 */
export function agentDir(home: string, agentId: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(agentId)) throw new WardenError("invalid_params", `unexpected agent id '${agentId}'`);
  return path.join(home, "agents", agentId);
}

export function ensureAgentDir(home: string, agentId: string): string {
  const dir = agentDir(home, agentId);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(path.join(home, "agents"), 0o700);
  fs.chmodSync(dir, 0o700);
  return dir;
}

/** Removes a directory when nothing is left in it. */
export function removeIfEmpty(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // not empty, or gone
  }
}

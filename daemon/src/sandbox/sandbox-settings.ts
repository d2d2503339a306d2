import os from "node:os";
import path from "node:path";
import { SandboxMode } from "../../../protocol/src/sandbox";
import { PolicySet } from "../policy/layers";

/** The sandbox settings in force for a workspace, from every policy layer together. */
export interface SandboxSettings {
  mode: SandboxMode;
  /** Hosts commands may reach through the proxy; empty: no network. */
  allowHosts: string[];
  /** Absolute directories outside the workspace commands may write (besides temp dirs). */
  allowWrite: string[];
  /** Where each setting came from, for `policy explain` and the audit record. */
  sources: string[];
}

/** How much each mode holds commands: a layer may only raise it. */
export const SANDBOX_STRICTNESS: Readonly<Record<SandboxMode, number>> = { off: 0, preferred: 1, required: 2 };

/**
 * Layers tighten only, as for rules: the strictest mode any layer sets wins (a layer
 * that says nothing means "preferred"), and a host or extra writable directory is
 * granted only when every present layer lists it. So a developer's user policy
 * cannot turn the sandbox off or open a host the team's policy does not.
 */
export function sandboxSettings(set: PolicySet, home: string = os.homedir()): SandboxSettings {
  let mode: SandboxMode = "off";
  const hostLists: Array<Set<string>> = [];
  const writeLists: Array<Set<string>> = [];
  const sources: string[] = [];
  for (const layer of set.layers) {
    const section = layer.policy.sandbox;
    const layerMode = section?.mode ?? "preferred";
    if (SANDBOX_STRICTNESS[layerMode] > SANDBOX_STRICTNESS[mode]) mode = layerMode;
    if (section !== undefined) sources.push(layer.file);
    hostLists.push(new Set((section?.allowHosts ?? []).map((h) => h.toLowerCase())));
    writeLists.push(new Set((section?.allowWrite ?? []).map((p) => expandHome(p, home)).filter((p): p is string => p !== null)));
  }
  if (set.layers.length === 0) mode = "required";
  return { mode, allowHosts: intersection(hostLists), allowWrite: intersection(writeLists), sources };
}

/** What every list holds; nothing when there are no lists. */
function intersection(lists: ReadonlyArray<Set<string>>): string[] {
  const [first, ...rest] = lists;
  if (first === undefined) return [];
  return [...first].filter((item) => rest.every((l) => l.has(item))).sort();
}

/** `~/x` and absolute paths, normalised; anything relative is ignored (the schema's description says absolute or ~/…). */
function expandHome(p: string, home: string): string | null {
  if (p === "~") return home;
  if (p.startsWith("~/")) return path.join(home, p.slice(2));
  return path.isAbsolute(p) ? path.normalize(p) : null;
}

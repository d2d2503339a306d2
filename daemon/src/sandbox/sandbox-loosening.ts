import { SandboxSection } from "../policy/policy-file";
import { SANDBOX_STRICTNESS } from "./sandbox-settings";


/**
 * What a policy edit loosens in its sandbox section: a weaker mode, a new host, a new
 * writable directory. Each waits for a human like any other loosening.
 */
export function sandboxLoosening(where: string, before: SandboxSection | undefined, after: SandboxSection | undefined): string[] {
  const changes: string[] = [];
  const oldMode = before?.mode ?? "preferred";
  const newMode = after?.mode ?? "preferred";
  if (SANDBOX_STRICTNESS[newMode] < SANDBOX_STRICTNESS[oldMode]) changes.push(`${where}: sandbox.mode weakened (${oldMode} → ${newMode})`);
  for (const host of after?.allowHosts ?? []) if (!(before?.allowHosts ?? []).includes(host)) changes.push(`${where}: sandboxed commands may now reach ${host}`);
  for (const dir of after?.allowWrite ?? []) if (!(before?.allowWrite ?? []).includes(dir)) changes.push(`${where}: sandboxed commands may now write ${dir}`);
  return changes;
}

import path from "node:path";
import { Actor } from "../../../protocol/src/audit";
import { WardenError } from "../../../protocol/src/errors";
import { AuditWriter } from "../audit/writer";
import { resolveAgentPath } from "../policy/paths/resolve";
import { Broker } from "./broker";
import { ensureDirectory } from "./pinned-dir";
import { Trashed } from "./trash";

/**
 * Puts a path the broker deleted back where it was (a human's step). An existing
 * path there is only replaced with `overwrite`, and then it is itself moved to the
 * trash, so a restore never destroys anything either. Audited as `trash.restored`.
 */
export async function restoreFromTrash(broker: Broker, writer: AuditWriter, by: Actor, id: string, overwrite: boolean): Promise<{ restored: string; workspace: string }> {
  const entry = broker.trashStore.get(id);
  if (entry === null) throw new WardenError("not_found", `nothing in Warden's trash has the id ${id}`);
  if (entry.restoredAt !== null) throw new WardenError("conflict", `${id} was already restored (${entry.restoredAt}, by ${entry.restoredBy ?? "?"})`);
  const target = resolveAgentPath(entry.relative, { workspace: entry.workspace, followFinal: false });
  if ("error" in target) throw new WardenError("conflict", `cannot restore to ${entry.original}: ${target.error}`);
  // Attack: a parent directory swapped for a symlink, so that a human's restore writes outside the workspace.
  if (!target.inWorkspace || target.real !== entry.original) {
    throw new WardenError("conflict", `${entry.original} now resolves to ${target.real}; a directory on the way was replaced, so nothing is restored`);
  }
  let displaced: Trashed | null = null;
  if (target.exists) {
    if (!overwrite) throw new WardenError("conflict", `${entry.relative} exists in ${entry.workspace}; pass overwrite to replace it (the current one goes to the trash)`);
    displaced = broker.trash.put(target.real, true);
  }
  ensureDirectory(path.dirname(target.real));
  broker.trash.take(id, target.real);
  const now = new Date().toISOString();
  const who = `${by.type}:${by.id}`;
  const moved = displaced;
  await writer.commit({
    mutate: () => {
      if (!broker.trashStore.markRestored(id, now, who)) throw new WardenError("conflict", `${id} was restored meanwhile`);
      if (moved !== null) {
        broker.trashStore.insert({ id: moved.id, workspace: entry.workspace, original: entry.original, relative: entry.relative, kind: moved.kind, bytes: moved.bytes, agent: who, deletedAt: now });
      }
    },
    events: [
      {
        actor: by,
        workspace: entry.workspace,
        kind: "trash.restored",
        payload: { id, path: entry.relative, agent: entry.agent, deletedAt: entry.deletedAt, overwrite, displacedId: moved?.id ?? null },
      },
    ],
  });
  return { restored: entry.original, workspace: entry.workspace };
}

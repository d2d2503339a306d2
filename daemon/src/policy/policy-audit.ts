import { Actor } from "../../../protocol/src/audit";
import { JsonValue } from "../../../protocol/src/json";
import { AuditWriter } from "../audit/writer";
import { Logger, errorFields } from "../log";
import { PolicyObserver } from "./policy-manager";

/** Policy lifecycle events go to the audit log, written by the daemon itself. */
export function auditPolicyEvents(writer: AuditWriter, log: Logger, actor: Actor): PolicyObserver {
  const record = (workspace: string, kind: string, payload: JsonValue): void => {
    writer.append([{ actor, workspace, kind, payload }]).catch((err: unknown) => log.error("could not record a policy event", errorFields(err)));
  };
  return {
    applied: (workspace, how, changes) => {
      // An accepted loosening is recorded by the handler, with the human who accepted it.
      if (how !== "accepted") record(workspace, how === "initial" ? "policy.loaded" : "policy.tightened", { changes });
    },
    held: (workspace, changes) => record(workspace, "policy.loosening_held", { changes }),
    invalid: (workspace, problems) => record(workspace, "policy.invalid", { problems: problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`) }),
  };
}

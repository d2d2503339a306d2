import { readHeadFile } from "./head-file";
import { AuditStore } from "./store";

/** O(1) start-up check: the log must reach the head its anchor file recorded. Null when it does. */
export function checkAnchor(store: AuditStore, headFile: string): string | null {
  const anchor = readHeadFile(headFile);
  const head = store.head();
  if (anchor.state === "corrupt") return `the audit head anchor ${headFile} is unreadable (${anchor.problem})`;
  if (anchor.state === "missing") return head.seq > 0 ? `the audit head anchor ${headFile} is missing` : null;
  if (anchor.head.seq > head.seq) {
    return `the audit log ends at record ${head.seq} but its anchor records ${anchor.head.seq}: records were removed`;
  }
  return null;
}

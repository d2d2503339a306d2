import { ApprovalInfo } from "../../../protocol/src/approvals";

let n = 0;

/** A pending approval request as the daemon describes it; `over` replaces any field. */
export function approval(over: Partial<ApprovalInfo> = {}): ApprovalInfo {
  n++;
  const id = `apr_${n.toString(16).padStart(16, "0")}`;
  const now = Date.now();
  return {
    id,
    workspace: "/projects/app",
    agent: "builder",
    status: "pending",
    createdAt: new Date(now + n).toISOString(),
    expiresAt: new Date(now + 120_000).toISOString(),
    answeredAt: null,
    answeredBy: null,
    scope: null,
    reason: null,
    context: {
      action: { kind: "file.delete", target: "src", tool: "Bash", details: {} },
      summary: "delete 2 items (26 bytes)",
      data: { type: "files", files: [{ path: "src/main.ts", bytes: 26, kind: "file" }], totalFiles: 1, totalBytes: 26 },
      identity: { agent: "builder", kind: "claude-code", owner: "alice", purpose: "fix the build", role: "writer", requester: "human:dev", session: null },
      rule: { decision: "ask", rule: "delete-asks", source: "builtin:starter-policy:27", reason: "deletions ask" },
      rollback: "cannot be undone",
    },
    ...over,
  };
}

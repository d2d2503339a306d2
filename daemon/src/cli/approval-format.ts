import { ApprovalData, ApprovalInfo } from "../../../protocol/src/approvals";

/** A request as a terminal shows it: everything needed to decide, in a few lines. */
export function describeApproval(a: ApprovalInfo): string {
  const c = a.context;
  const lines = [
    `${a.id}  ${a.status}${a.status === "pending" ? ` (denied at ${a.expiresAt} if nobody answers)` : ` by ${a.answeredBy ?? "warden"}${a.reason !== null ? `: ${a.reason}` : ""}`}`,
    `  wants to:  ${c.summary}`,
    `  action:    ${c.action.kind} ${c.action.target.slice(0, 300)}  (tool ${c.action.tool})`,
    `  agent:     ${c.identity.agent} (${c.identity.kind}, role ${c.identity.role}), owner ${c.identity.owner}, for ${c.identity.requester}${c.identity.session !== null ? `, session ${c.identity.session}` : ""}`,
    `  purpose:   ${c.identity.purpose}`,
    `  asked by:  rule ${c.rule.rule ?? "(none)"}${c.rule.source !== null ? ` at ${c.rule.source}` : ""}: ${c.rule.reason}`,
    `  rollback:  ${c.rollback}`,
    ...describeData(c.data).map((l) => `  ${l}`),
  ];
  return lines.join("\n");
}

function describeData(d: ApprovalData): string[] {
  switch (d.type) {
    case "diff":
      return [`diff of ${d.path}${d.truncated ? " (cut)" : ""}:`, ...d.unified.split("\n").slice(0, 80).map((l) => `  ${l}`)];
    case "files":
      return [`${d.totalFiles} item(s), ${d.totalBytes} bytes:`, ...d.files.slice(0, 30).map((f) => `  ${f.kind.padEnd(9)} ${String(f.bytes).padStart(9)}  ${f.path}`), ...(d.totalFiles > 30 ? [`  … and ${d.totalFiles - 30} more`] : [])];
    case "commits":
      return [
        `push to ${d.remote} ${d.branch}${d.force ? " (FORCE)" : ""}; remote is at ${d.remoteRef ?? "(no such branch yet)"}; ${d.totalCommits} commit(s):`,
        ...d.commits.slice(0, 30).map((c) => `  ${c.sha.slice(0, 12)} ${c.subject}  (${c.author})`),
      ];
    case "http":
      return [
        `request: ${d.method} ${d.host}${d.path}${d.bodySummary !== null ? `, body ${d.bodySummary}` : ""}`,
        ...(d.secrets.length > 0 ? [`carries secret${d.secrets.length === 1 ? "" : "s"} ${d.secrets.join(", ")}, put in by Warden from the keychain (the agent never sees the value)`] : []),
      ];
    case "command":
      return [`command (in ${d.cwd}):`, `  ${d.command.slice(0, 2000)}`];
    case "none":
      return [];
  }
}

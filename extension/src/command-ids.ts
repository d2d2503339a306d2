/** Every command the extension registers (declared in package.json under contributes.commands). */
export const COMMAND = {
  showLog: "warden.showLog",
  openActivity: "warden.openActivity",
  showPendingApprovals: "warden.showPendingApprovals",
  openApproval: "warden.openApproval",
  verifyAuditLog: "warden.verifyAuditLog",
  openPolicy: "warden.openPolicy",
  reconnect: "warden.reconnect",
  refreshAgents: "warden.refreshAgents",
  suspendAgent: "warden.suspendAgent",
  resumeAgent: "warden.resumeAgent",
  revokeAgent: "warden.revokeAgent",
  revokeToken: "warden.revokeToken",
} as const;

export type CommandId = (typeof COMMAND)[keyof typeof COMMAND];

/** View and panel ids (package.json: contributes.views, and the webview panel types). */
export const VIEW = {
  container: "warden",
  agents: "warden.agents",
  approvals: "warden.approvals",
  activity: "warden.activity",
  approvalPanel: "warden.approval",
  activityPanel: "warden.activityPanel",
} as const;

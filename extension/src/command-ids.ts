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
  connectAgent: "warden.connectAgent",
  exportAuditLog: "warden.exportAuditLog",
  why: "warden.why",
  openRuleSource: "warden.openRuleSource",
  reviewPolicyChange: "warden.reviewPolicyChange",
  containAgent: "warden.containAgent",
  restoreAgent: "warden.restoreAgent",
  revokeGrant: "warden.revokeGrant",
  refreshGrants: "warden.refreshGrants",
  addSecret: "warden.addSecret",
  rotateSecret: "warden.rotateSecret",
  removeSecret: "warden.removeSecret",
  refreshSecrets: "warden.refreshSecrets",
  moveToKeychain: "warden.moveToKeychain",
} as const;

export type CommandId = (typeof COMMAND)[keyof typeof COMMAND];

/** View and panel ids (package.json: contributes.views, and the webview panel types). */
export const VIEW = {
  container: "warden",
  agents: "warden.agents",
  approvals: "warden.approvals",
  grants: "warden.grants",
  secrets: "warden.secrets",
  activity: "warden.activity",
  approvalPanel: "warden.approval",
  activityPanel: "warden.activityPanel",
} as const;

import { WardenError } from "../../../protocol/src/errors";
import { ApprovalService } from "../approvals/approval-service";
import { ApprovalStore } from "../approvals/approval-store";
import { canonicalWorkspace } from "./agent-handlers";
import { Handlers } from "./connection";

type ApprovalMethods = "approvals/list" | "approvals/show" | "approvals/answer" | "approvals/grants" | "approvals/revoke-grant";

export interface ApprovalHandlerContext {
  approvals: ApprovalService;
  approvalStore: ApprovalStore;
}

/** The human side of approvals: list, read, answer, and manage remembered grants. */
export function createApprovalHandlers(ctx: ApprovalHandlerContext): Pick<Handlers, ApprovalMethods> {
  return {
    "approvals/list": (p) => ({
      approvals: ctx.approvalStore.list({
        ...(p.workspace !== undefined ? { workspace: canonicalWorkspace(p.workspace, false) } : {}),
        ...(p.status !== undefined ? { status: p.status } : {}),
        limit: p.limit ?? 100,
      }),
    }),

    "approvals/show": (p) => {
      const approval = ctx.approvalStore.get(p.id);
      if (approval === null) throw new WardenError("not_found", `no approval request ${p.id}`);
      return { approval };
    },

    "approvals/answer": (p, req) => ctx.approvals.answer(p.id, p.answer, req.conn.principal, p.scope ?? "once", p.reason ?? null),

    "approvals/grants": (p) => ({
      grants: ctx.approvalStore.grants({ ...(p.workspace !== undefined ? { workspace: canonicalWorkspace(p.workspace, false) } : {}), all: p.all ?? false }),
    }),

    "approvals/revoke-grant": async (p, req) => ({ revoked: await ctx.approvals.revokeGrant(p.id, req.conn.principal) }),
  };
}

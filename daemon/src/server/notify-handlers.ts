import { NotifyService } from "../notify/notify-service";
import { canonicalWorkspace } from "./agent-handlers";
import { Handlers } from "./connection";

export interface NotifyHandlerContext {
  notify: NotifyService;
}

/** How delivery to monitoring is going, and a test event to check a setup end to end. */
export function createNotifyHandlers(ctx: NotifyHandlerContext): Pick<Handlers, "notify/status" | "notify/test"> {
  return {
    "notify/status": () => ctx.notify.status(),
    "notify/test": (p, req) => ctx.notify.test(canonicalWorkspace(p.workspace, true), req.conn.principal, p.message ?? null),
  };
}

import { Command } from "commander";
import { ApprovalInfo, GrantInfo } from "../../../protocol/src/approvals";
import { WardenError } from "../../../protocol/src/errors";
import { EXIT } from "./exit-codes";
import { workspaceOption } from "./option-values";
import { CommandRunner } from "./runner";
import { withDaemon } from "./session";
import { describeApproval } from "./approval-format";
import { watchApprovals } from "./approval-watch";

const WORKSPACE_HELP = "only this workspace (default: every workspace)";

export function registerApprovalCommands(program: Command, run: CommandRunner): void {
  const approvals = program.command("approvals").description("answer what agents ask (pushes, deletions, external calls) and manage remembered grants");
  const idOf = (args: readonly unknown[]): string => (typeof args[0] === "string" ? args[0] : "");
  const workspaceIf = (opts: Record<string, unknown>): { workspace?: string } => (opts["workspace"] !== undefined ? { workspace: workspaceOption(opts) } : {});

  run.define(
    approvals
      .command("list")
      .description("approval requests, pending first, newest first")
      .option("--workspace <dir>", WORKSPACE_HELP)
      .option("--pending", "only requests still waiting for an answer")
      .option("--limit <n>", "at most this many", "50"),
    async ({ paths, out, opts }) => {
      const limit = Number(opts["limit"]);
      if (!Number.isInteger(limit) || limit < 1) throw new WardenError("invalid_params", `--limit '${String(opts["limit"])}' is not a positive whole number`);
      const r = await withDaemon(paths, (c) => c.request("approvals/list", { ...workspaceIf(opts), ...(opts["pending"] === true ? { status: "pending" } : {}), limit }));
      out.result(r.approvals.length === 0 ? "No approval requests." : r.approvals.map(approvalLine).join("\n"), r);
      return EXIT.ok;
    },
  );

  run.define(approvals.command("show").description("one request with its whole context").argument("<id>", "apr_…"), async ({ paths, out, args }) => {
    const r = await withDaemon(paths, (c) => c.request("approvals/show", { id: idOf(args) }));
    out.result(describeApproval(r.approval), r);
    return EXIT.ok;
  });

  run.define(
    approvals
      .command("approve")
      .description("approve a pending request")
      .argument("<id>", "apr_…")
      .option("--session", "also approve the same action on the same target for this agent's session (30 minutes)")
      .option("--reason <text>", "recorded with the answer"),
    async ({ paths, out, opts, args }) => {
      const r = await withDaemon(paths, (c) =>
        c.request("approvals/answer", { id: idOf(args), answer: "approve", scope: opts["session"] === true ? "session" : "once", ...(typeof opts["reason"] === "string" ? { reason: opts["reason"] } : {}) }),
      );
      out.result(`Approved ${r.approval.id} (${r.approval.context.summary})${r.grant !== null ? `; grant ${r.grant.id} until ${r.grant.expiresAt}` : ""}.`, r);
      return EXIT.ok;
    },
  );

  run.define(
    approvals.command("deny").description("deny a pending request").argument("<id>", "apr_…").option("--reason <text>", "told to the agent and recorded"),
    async ({ paths, out, opts, args }) => {
      const r = await withDaemon(paths, (c) => c.request("approvals/answer", { id: idOf(args), answer: "deny", ...(typeof opts["reason"] === "string" ? { reason: opts["reason"] } : {}) }));
      out.result(`Denied ${r.approval.id} (${r.approval.context.summary}).`, r);
      return EXIT.ok;
    },
  );

  run.define(
    approvals.command("grants").description("remembered session approvals").option("--workspace <dir>", WORKSPACE_HELP).option("--all", "also expired and revoked ones"),
    async ({ paths, out, opts }) => {
      const r = await withDaemon(paths, (c) => c.request("approvals/grants", { ...workspaceIf(opts), all: opts["all"] === true }));
      out.result(r.grants.length === 0 ? "No grants." : r.grants.map(grantLine).join("\n"), r);
      return EXIT.ok;
    },
  );

  run.define(approvals.command("revoke").description("withdraw a remembered grant; the next such action asks again").argument("<id>", "grt_…"), async ({ paths, out, args }) => {
    const r = await withDaemon(paths, (c) => c.request("approvals/revoke-grant", { id: idOf(args) }));
    out.result(r.revoked ? `Revoked ${idOf(args)}.` : `${idOf(args)} was not active (unknown, expired or already revoked).`, r);
    return r.revoked ? EXIT.ok : EXIT.failure;
  });

  run.define(
    approvals
      .command("watch")
      .description("wait for requests and answer them here (a, s, d); while this runs, agents' questions reach you instead of being denied")
      .option("--workspace <dir>", WORKSPACE_HELP),
    async ({ paths, out, opts }) => watchApprovals(paths, out, workspaceIf(opts).workspace),
  );
}

function approvalLine(a: ApprovalInfo): string {
  const answered = a.status === "pending" ? `expires ${a.expiresAt}` : `${a.answeredBy ?? "warden"}${a.reason !== null ? `: ${a.reason}` : ""}`;
  return `${a.id}  ${a.status.padEnd(8)} ${a.agent}  ${a.context.summary}  (${answered})`;
}

function grantLine(g: GrantInfo): string {
  return `${g.id}  ${g.state.padEnd(7)} ${g.agent}  ${g.actionKind} ${g.target.slice(0, 80)}  until ${g.expiresAt} (by ${g.grantedBy})`;
}

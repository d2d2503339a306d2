import readline from "node:readline";
import { APPROVAL_EVENT } from "../../../protocol/src/approvals";
import { AuditRecord } from "../../../protocol/src/audit";
import { WardenClient } from "../../../protocol/src/client";
import { toWardenError } from "../../../protocol/src/errors";
import { WardenPaths } from "../config";
import { describeApproval } from "./approval-format";
import { EXIT } from "./exit-codes";
import { Output } from "./output";
import { connectToDaemon } from "./session";

/**
 * `warden approvals watch`: stays attached as an approver. On a terminal each new
 * request is shown with its context and answered with a key (a: approve once,
 * s: approve for the session, d: deny); with --json, or without a terminal, requests
 * and answers are printed as JSON lines and answered elsewhere.
 */
export async function watchApprovals(paths: WardenPaths, out: Output, workspace: string | undefined): Promise<number> {
  const client = await connectToDaemon(paths);
  const interactive = !out.json && process.stdin.isTTY === true;
  const queue: string[] = [];
  let busy = false;
  const { subscription } = await client.request("events/subscribe", { filter: { kinds: ["approval.*"], ...(workspace !== undefined ? { workspace } : {}) } });
  const { approvals: pending } = await client.request("approvals/list", { status: "pending", ...(workspace !== undefined ? { workspace } : {}) });
  // Scripts learn from this line that they are attached (requests now wait for an answer).
  if (out.json) out.write(`${JSON.stringify({ watching: true, workspace: workspace ?? null, pending: pending.length })}\n`);
  out.info(`Watching for approval requests${workspace !== undefined ? ` in ${workspace}` : ""}; Ctrl-C stops.`);
  const next = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await handle(client, out, id, interactive);
    } finally {
      busy = false;
    }
  };
  const onRecord = (r: AuditRecord): void => {
    if (out.json) out.write(`${JSON.stringify(r)}\n`);
    const id = typeof r.payload === "object" && r.payload !== null && !Array.isArray(r.payload) ? r.payload["id"] : undefined;
    if (r.kind === APPROVAL_EVENT.requested && typeof id === "string") {
      queue.push(id);
      void next();
    }
  };
  client.onEvent(subscription, onRecord);
  for (const a of pending.reverse()) queue.push(a.id);
  void next();
  return new Promise<number>((resolve) => {
    const stop = (): void => {
      client.close();
      resolve(EXIT.ok);
    };
    process.once("SIGINT", stop);
    client.onClose((reason) => {
      process.off("SIGINT", stop);
      out.info(`warden: connection to the daemon closed (${reason})`);
      resolve(EXIT.failure);
    });
  });
}

async function handle(client: WardenClient, out: Output, id: string, interactive: boolean): Promise<void> {
  try {
    const { approval } = await client.request("approvals/show", { id });
    if (approval.status !== "pending") return;
    if (!interactive) {
      if (!out.json) out.result(describeApproval(approval), null);
      return;
    }
    process.stdout.write(`\n${describeApproval(approval)}\n`);
    const key = await ask("[a] approve once  [s] approve for this session  [d] deny  [Enter] skip > ");
    if (key === "a" || key === "s") {
      const r = await client.request("approvals/answer", { id, answer: "approve", scope: key === "s" ? "session" : "once" });
      process.stdout.write(`approved${r.grant !== null ? ` (grant ${r.grant.id})` : ""}\n`);
    } else if (key === "d") {
      const reason = await ask("reason (optional) > ");
      await client.request("approvals/answer", { id, answer: "deny", ...(reason !== "" ? { reason } : {}) });
      process.stdout.write("denied\n");
    }
  } catch (err) {
    // Answered elsewhere first, or expired while shown: say so and go on watching.
    out.info(`warden: ${toWardenError(err).message}`);
  }
}

function ask(prompt: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      resolve(answer.trim().toLowerCase());
    });
  });
}

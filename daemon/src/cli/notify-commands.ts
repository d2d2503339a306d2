import { Command } from "commander";
import { NotifyDestinationStatus, NotifyTotals } from "../../../protocol/src/notify-methods";
import { EXIT } from "./exit-codes";
import { workspaceOption } from "./option-values";
import { CommandRunner } from "./runner";
import { withDaemon } from "./session";

/** `warden notify status|test`: is monitoring getting Warden's high-risk events? */
export function registerNotifyCommands(program: Command, run: CommandRunner): void {
  const notify = program.command("notify").description("delivery of high-risk events to monitoring (webhook, syslog, OpenTelemetry) as policy's notify section sets it up");

  run.define(
    notify.command("status").description("what is queued, delivered and failing, per destination; exits 1 while any delivery is failing"),
    async ({ paths, out }) => {
      const r = await withDaemon(paths, (c) => c.request("notify/status", {}));
      out.result([totalsLine(r.totals), ...r.destinations.map(destinationLine)].join("\n"), r);
      return r.totals.failing > 0 ? EXIT.failure : EXIT.ok;
    },
  );

  run.define(
    notify
      .command("test")
      .description("record a test event in the workspace and send it to every destination its policy names")
      .option("--workspace <dir>", "the workspace whose policy to test (default: the current directory)")
      .option("--message <text>", "included in the test event"),
    async ({ paths, out, opts }) => {
      const workspace = workspaceOption(opts);
      const r = await withDaemon(paths, (c) => c.request("notify/test", { workspace, ...(typeof opts["message"] === "string" ? { message: opts["message"] } : {}) }));
      const human =
        r.queued === 0
          ? `Recorded test event #${r.seq}, but the policy of ${workspace} names no destination (add a "notify" section).`
          : `Recorded test event #${r.seq} and queued it for ${r.queued} destination${r.queued === 1 ? "" : "s"}; 'warden notify status' shows whether it arrived.`;
      out.result(human, r);
      return r.queued === 0 ? EXIT.failure : EXIT.ok;
    },
  );
}

function totalsLine(t: NotifyTotals): string {
  if (t.pending === 0 && t.delivered === 0) return "Nothing has been queued for monitoring yet.";
  const failing = t.failing > 0 ? `, ${t.failing} FAILING (last error ${t.lastErrorAt ?? "?"}: ${t.lastError ?? "?"})` : "";
  return `${t.delivered} delivered, ${t.pending} pending${failing}${t.oldestPendingAt !== null ? `; oldest pending since ${t.oldestPendingAt}` : ""}.`;
}

function destinationLine(d: NotifyDestinationStatus): string {
  const state = d.failing > 0 ? `FAILING after ${d.attempts} attempt${d.attempts === 1 ? "" : "s"}, next at ${d.nextAttemptAt ?? "?"}: ${d.lastError ?? "?"}` : d.pending > 0 ? "sending" : "ok";
  return `  ${d.name} (${d.type} ${d.target}): ${d.delivered} delivered, ${d.pending} pending — ${state}${d.lastDeliveredAt !== null ? `; last delivered ${d.lastDeliveredAt}` : ""}`;
}

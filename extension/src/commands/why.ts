import * as vscode from "vscode";
import { WardenError } from "../../../protocol/src/errors";
import { COMMAND } from "../command-ids";
import { ActivitySelection } from "../state/activity-selection";
import { RuleOpener, explainSeq, openRuleOf } from "../panels/rule-opener";
import { ActivityStore } from "../state/activity-store";
import { whySentence } from "../state/decision-source";
import { CommandBase, guarded, offer, requireClient } from "./command-support";

export interface WhyDeps extends CommandBase {
  activity: ActivityStore;
  selection: ActivitySelection;
  rules: RuleOpener;
}

/** Without a selected row: the newest decisions to choose from. */
async function pickDecision(activity: ActivityStore): Promise<number | null> {
  const rows = activity.snapshot();
  const items: Array<vscode.QuickPickItem & { seq: number }> = [];
  for (let i = rows.length - 1; i >= 0 && items.length < 200; i--) {
    const r = rows[i];
    if (r?.kind !== "action.decided") continue;
    items.push({ label: `${(r.decision ?? "?").toUpperCase()} ${r.action ?? ""} ${r.target}`, description: `#${r.seq} ${r.agent ?? ""}`, detail: r.detail, seq: r.seq });
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage("Warden: no decisions in the activity log yet.");
    return null;
  }
  const pick = await vscode.window.showQuickPick(items, { title: "Warden: Why? — pick a decision (newest first)", matchOnDetail: true });
  return pick?.seq ?? null;
}

export function registerWhyCommands(deps: WhyDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(
      COMMAND.why,
      guarded(deps, "Why?", async (arg?: unknown) => {
        const client = requireClient(deps);
        if (client === null) return;
        const seq = typeof arg === "number" ? arg : (deps.selection.seq ?? (await pickDecision(deps.activity)));
        if (seq === null) return;
        const why = await explainSeq(client, seq);
        const actions = why.location !== null ? { [`Open ${why.location.label}`]: () => openRuleOf(client, deps.rules, seq) } : {};
        offer(deps, why.decision === "deny" ? "warning" : "info", `Warden: ${whySentence(why)}`, actions);
      }),
    ),
    vscode.commands.registerCommand(
      COMMAND.openRuleSource,
      guarded(deps, "Open rule", async (arg?: unknown) => {
        if (typeof arg !== "number" || !Number.isInteger(arg) || arg < 1) throw new WardenError("invalid_params", "Open rule needs the seq of an action.decided record (a positive whole number)");
        const client = requireClient(deps);
        if (client !== null) await openRuleOf(client, deps.rules, arg);
      }),
    ),
  ];
}

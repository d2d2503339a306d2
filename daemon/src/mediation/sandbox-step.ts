import { DecisionResult } from "../../../protocol/src/actions";
import { builtin } from "../policy/file-subject";
import { PolicySet } from "../policy/layers";
import { Actor } from "../policy/subject";
import { SandboxPlan, SandboxPlanner } from "../sandbox/sandbox-planner";

interface Step {
  workspace: string;
  set: PolicySet;
  engine: { actor: Actor | null; home: string; caseInsensitive: boolean };
  final: DecisionResult;
  /** Paths the approved command names, absolute; empty when nobody approved it. */
  approvedReads: readonly string[];
}

/**
 * The sandbox part of a decision, for a command Warden will run: planned only when
 * it is allowed. Fails closed: a daemon with no planner, or a planner that throws,
 * refuses the command rather than run it unheld.
 */
export function planSandbox(planner: SandboxPlanner | undefined, step: Step): SandboxPlan | null {
  if (step.final.decision !== "allow" && step.final.decision !== "allow+log") return null;
  if (planner === undefined) return refused("this daemon has no sandbox planner");
  try {
    return planner.plan({ workspace: step.workspace, set: step.set, match: { actor: step.engine.actor, home: step.engine.home, caseInsensitive: step.engine.caseInsensitive }, approvedReads: step.approvedReads });
  } catch (err) {
    return refused(`the sandbox could not be planned: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function refused(reason: string): SandboxPlan {
  return { directive: { kind: "unsandboxed", reason }, refusal: builtin("deny", "sandbox-error", reason), audit: { sandbox: { state: "error", reason } } };
}

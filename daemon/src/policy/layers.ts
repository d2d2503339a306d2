import { Decision, DecisionResult, isStricterThan, stricter } from "../../../protocol/src/actions";
import { LoadedPolicy } from "./load-policy";
import { ruleMatches } from "./rule-match";
import { Actor, Subject } from "./subject";

/**
 * The policy in force: its layers in authority order (managed, workspace, user).
 * Each present layer decides on its own, with its own default for what it does not
 * cover, and the strictest answer wins. So a lower layer can tighten anything but
 * loosen nothing: to allow, every layer must allow.
 */
export interface PolicySet {
  layers: readonly LoadedPolicy[];
}

export interface MatchOptions {
  actor: Actor | null;
  home: string;
  caseInsensitive: boolean;
}

export function decideSubject(set: PolicySet, subject: Subject, options: MatchOptions): DecisionResult {
  let best: DecisionResult | null = null;
  for (const layer of set.layers) {
    const result = decideInLayer(layer, subject, options);
    // Ties go to the first layer, except that a named rule explains better than a default.
    if (best === null || isStricterThan(result.decision, best.decision) || (result.decision === best.decision && best.rule === null && result.rule !== null)) best = result;
  }
  // No layer at all cannot happen (the starter policy stands in), but fail closed if it does.
  return best ?? { decision: "deny", rule: null, source: null, reason: "no policy is loaded" };
}

function decideInLayer(layer: LoadedPolicy, subject: Subject, options: MatchOptions): DecisionResult {
  let index = -1;
  const rules = layer.policy.rules;
  for (let i = 0; i < rules.length; i++) {
    const candidate = rules[i];
    if (candidate === undefined || !ruleMatches(candidate, subject, options.actor, options)) continue;
    const current = rules[index];
    if (current === undefined || isStricterThan(candidate.decision, current.decision)) index = i;
  }
  const rule = rules[index];
  if (rule === undefined) {
    const fallback = layer.policy.default ?? "ask";
    return { decision: fallback, rule: null, source: layer.file, reason: `no rule in the ${layer.layer} policy covers this ${describe(subject)}; its default is ${fallback}` };
  }
  const decision: Decision = rule.decision;
  return {
    decision,
    rule: rule.id,
    source: `${layer.file}:${layer.ruleLines[index] ?? 1}`,
    reason: rule.description ?? `rule '${rule.id}' of the ${layer.layer} policy: ${decision} ${describe(subject)}`,
  };
}

/**
 * The strictest of several results. Ties go to the first, except that a named
 * rule explains better than a layer default (`bash -c "rm -rf src"` shows the rule
 * that asks about rm, not the default that asks about bash -c).
 */
export function strictest(results: readonly DecisionResult[]): DecisionResult | null {
  let best: DecisionResult | null = null;
  for (const r of results) {
    if (best === null || stricter(r.decision, best.decision) !== best.decision) best = r;
    else if (r.decision === best.decision && best.rule === null && r.rule !== null) best = r;
  }
  return best;
}

export function describe(subject: Subject): string {
  switch (subject.kind) {
    case "file.read":
    case "file.write":
    case "file.delete":
      return `${subject.kind} of ${subject.relative ?? subject.real}`;
    case "shell.exec":
      return `command '${[subject.program, ...subject.args].join(" ").slice(0, 200)}'`;
    case "git.push":
      return `${subject.force ? "force " : ""}push to ${subject.remote} ${subject.branch}`;
    case "http.request":
      return `${subject.method} ${subject.scheme}://${subject.host}:${subject.port}${subject.path}`;
    case "mcp.call":
      return `MCP call ${subject.server}/${subject.tool}`;
    case "tool.unknown":
      return `unknown tool ${subject.tool}`;
    case "secret.use":
      return `use of secret ${subject.name}`;
    default:
      return subject.kind;
  }
}

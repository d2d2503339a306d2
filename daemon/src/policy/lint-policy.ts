import { isStricterThan } from "../../../protocol/src/actions";
import { LoadedPolicy, PolicyProblem } from "./load-policy";
import { PolicyRule, RULE_MATCHERS } from "./policy-file";


/**
 * Warnings for a team lead, beyond schema errors: rules that can never change a
 * decision, and allow rules that reach past the workspace.
 */
export function lintPolicy(layer: LoadedPolicy): PolicyProblem[] {
  const warnings: PolicyProblem[] = [];
  const at = (i: number, message: string): PolicyProblem => ({ file: layer.file, line: layer.ruleLines[i] ?? 1, column: 1, message });
  const rules = layer.policy.rules;
  rules.forEach((rule, i) => {
    const shadow = rules.findIndex((other, j) => j !== i && shadows(other, rule));
    if (shadow >= 0) warnings.push(at(i, `rule '${rule.id}' never decides anything: rule '${rules[shadow]?.id ?? "?"}' covers every action it covers with a decision at least as strict`));
    if (rule.decision === "allow" || rule.decision === "allow+log") {
      const kinds = kindsOf(rule);
      const fileKinds = kinds.filter((k) => k.startsWith("file."));
      if (fileKinds.length > 0 && rule.paths === undefined) warnings.push(at(i, `rule '${rule.id}' allows ${fileKinds.join(", ")} without "paths": it reaches files outside the workspace too`));
      for (const glob of rule.paths ?? []) {
        if (glob.startsWith("/") || glob.startsWith("~")) warnings.push(at(i, `rule '${rule.id}' allows a path outside the workspace: ${glob}`));
        if (glob.split("/").includes("..")) warnings.push(at(i, `rule '${rule.id}' has a path with '..' (${glob}); globs are matched against resolved paths, so this never matches inside the workspace`));
      }
      if (kinds.includes("shell.exec") && rule.commands?.some((c) => c.program === "*") === true) warnings.push(at(i, `rule '${rule.id}' allows any program`));
      if (kinds.includes("http.request") && (rule.hosts === undefined || rule.hosts.includes("*"))) warnings.push(at(i, `rule '${rule.id}' allows requests to any public host`));
    }
  });
  return warnings;
}

/** `a` shadows `b` when `a` covers every action `b` does (no narrowing of its own) with a decision at least as strict. */
function shadows(a: PolicyRule, b: PolicyRule): boolean {
  if (RULE_MATCHERS.some((f) => a[f] !== undefined)) return false;
  if (a.force !== undefined) return false;
  const aKinds = kindsOf(a);
  if (!kindsOf(b).every((k) => aKinds.includes(k))) return false;
  return !isStricterThan(b.decision, a.decision) && (a.decision !== b.decision || aKinds.length > 0);
}

function kindsOf(rule: PolicyRule): string[] {
  return Array.isArray(rule.action) ? rule.action : [rule.action];
}

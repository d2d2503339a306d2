// Warden's secret detector: one pass of prefiltered rules over the text, then
// overlap resolution (the more specific rule wins) and masking.
import { assignmentRule } from "./assignment-rule";
import { authHeaderRule } from "./auth-header-rule";
import { cliFlagRule } from "./cli-flag-rule";
import { credentialUrlRule } from "./credential-url-rule";
import { dockerConfigRule } from "./docker-config-rule";
import { jwtRule } from "./jwt-rule";
import { kubernetesSecretRule } from "./kubernetes-secret-rule";
import { LineIndex } from "../../text/line-index";
import { maskValue } from "./mask";
import { KeywordPrefilter } from "./prefilter";
import { privateKeyRule } from "./private-key-rule";
import { cloudProviderRules } from "./provider-rules-cloud";
import { devProviderRules } from "./provider-rules-dev";
import { xmlElementRule } from "./xml-element-rule";
import type { DetectOptions, Finding, RawMatch, Rule } from "./types";

export type { DetectOptions, Finding } from "./types";

// Order is priority: provider formats first, generic rules last, so when two
// rules report overlapping spans the more specific one is kept.
const RULES: readonly Rule[] = [
  privateKeyRule,
  ...devProviderRules,
  ...cloudProviderRules,
  jwtRule,
  credentialUrlRule,
  authHeaderRule,
  kubernetesSecretRule,
  dockerConfigRule,
  assignmentRule,
  xmlElementRule,
  cliFlagRule,
];

const PREFILTER = new KeywordPrefilter(RULES);

// Lockfiles are full of integrity digests and tarball URLs and hold no secrets of
// their own; scanning them only produces noise.
const LOCKFILES = /(?:^|[\\/])(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|poetry\.lock|composer\.lock|Gemfile\.lock|go\.sum)$/;

interface Candidate extends RawMatch {
  rule: Rule;
  priority: number;
}

export function detectSecrets(text: string, options: DetectOptions = {}): Finding[] {
  if (options.fileName !== undefined && LOCKFILES.test(options.fileName)) return [];
  const lower = text.toLowerCase();
  const candidates: Candidate[] = [];
  const present = PREFILTER.present(lower);
  RULES.forEach((rule, priority) => {
    if (!rule.keywords.some((k) => present.has(k))) return;
    for (const match of rule.find(text, lower, options)) candidates.push({ ...match, rule, priority });
  });
  const kept = resolveOverlaps(candidates);
  const lines = new LineIndex(text);
  return kept.map((c) => {
    const { line, column } = lines.position(c.start);
    return {
      rule: c.rule.id,
      kind: c.rule.kind,
      start: c.start,
      end: c.end,
      line,
      column,
      preview: maskValue(text.slice(c.start, c.end)),
      confidence: c.confidence,
    };
  });
}

/**
 * Keeps, for every group of overlapping spans, the one from the highest-priority
 * rule. Kept spans never overlap, so with them sorted by start only the two
 * neighbours of a candidate's insertion point can collide: O(n log n) overall,
 * which matters on large generated files with thousands of findings.
 */
function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  const byPriority = [...candidates].sort((a, b) => a.priority - b.priority || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of byPriority) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((kept[mid]?.start ?? 0) < c.start) lo = mid + 1;
      else hi = mid;
    }
    const before = kept[lo - 1];
    const after = kept[lo];
    if (before !== undefined && before.end > c.start) continue;
    if (after !== undefined && after.start < c.end) continue;
    kept.splice(lo, 0, c);
  }
  return kept;
}

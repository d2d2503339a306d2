// Warden's secret detector: one pass finds every rule keyword (anchor-scan.ts),
// each rule runs only at its keywords' occurrences, then overlaps are resolved
// (the more specific rule wins) and values masked.
import { LineIndex } from "../../text/line-index";
import { AnchorScanner } from "./anchor-scan";
import { authHeaderRule } from "./auth-header-rule";
import { credentialUrlRule } from "./credential-url-rule";
import { discordTokenRule } from "./discord-token-rule";
import { dockerConfigRule } from "./docker-config-rule";
import { jwtRule } from "./jwt-rule";
import { keyedRule } from "./keyed-rule";
import { kubernetesSecretRule } from "./kubernetes-secret-rule";
import { maskValue } from "./mask";
import { isFiller } from "./not-secret";
import { privateKeyRule } from "./private-key-rule";
import { cloudProviderRules } from "./provider-rules-cloud";
import { devProviderRules } from "./provider-rules-dev";
import { saasProviderRules } from "./provider-rules-saas";
import type { DetectOptions, Finding, RawMatch, Rule } from "./types";

export type { DetectOptions, Finding } from "./types";

// Order is priority: provider formats first, generic rules last, so when two
// rules report overlapping spans the more specific one is kept.
const RULES: readonly Rule[] = [
  privateKeyRule,
  ...devProviderRules,
  ...cloudProviderRules,
  ...saasProviderRules,
  discordTokenRule,
  jwtRule,
  credentialUrlRule,
  authHeaderRule,
  kubernetesSecretRule,
  dockerConfigRule,
  keyedRule,
];

const SCANNER = new AnchorScanner(RULES.map((r) => r.keywords));

/** Rules that judge a value by the words around it rather than by its own format. */
const CONTEXT_RULES: readonly Rule[] = [credentialUrlRule, authHeaderRule, kubernetesSecretRule, dockerConfigRule, keyedRule];

/**
 * Keywords of the rules that recognise a value by its own format (provider prefixes,
 * key headers), lower-cased: what a key split into words is looked for by (split-keys.ts).
 */
export const FORMAT_KEYWORDS: readonly string[] = [...new Set(RULES.filter((r) => !CONTEXT_RULES.includes(r)).flatMap((r) => r.keywords.map((k) => k.toLowerCase())))];
/** Kinds those rules report. */
export const FORMAT_RULE_IDS: ReadonlySet<string> = new Set(RULES.filter((r) => !CONTEXT_RULES.includes(r)).map((r) => r.id));

// Lockfiles are full of integrity digests and tarball URLs and hold no secrets of
// their own; scanning them only produces noise.
const LOCKFILES = /(?:^|[\\/])(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|poetry\.lock|composer\.lock|Gemfile\.lock|go\.sum)$/;

interface Candidate extends RawMatch {
  rule: Rule;
  priority: number;
}

export function detectSecrets(text: string, options: DetectOptions = {}): Finding[] {
  if (options.fileName !== undefined && LOCKFILES.test(options.fileName)) return [];
  const hits = SCANNER.scan(text);
  const candidates: Candidate[] = [];
  for (let priority = 0; priority < RULES.length; priority++) {
    const rule = RULES[priority];
    if (rule === undefined) continue;
    // A rule without keywords always runs (it finds its own shape).
    const ruleHits = hits[priority] ?? (rule.keywords.length === 0 ? [] : undefined);
    if (ruleHits === undefined) continue;
    for (const match of rule.find(text, ruleHits, options)) {
      // A hand-typed body ("abcd1234…", "AAAA…") is a fixture more often than a key:
      // still reported, never high (so it never blocks on its own).
      if (match.confidence === "high" && looksTyped(text.slice(match.start, match.end))) match.confidence = "medium";
      candidates.push({ ...match, rule, priority });
    }
  }
  if (candidates.length === 0) return [];
  const kept = resolveOverlaps(candidates);
  const lines = new LineIndex(text);
  return kept.map((c) => {
    const { line, column } = lines.position(c.start);
    const end = lines.position(c.end);
    return {
      rule: c.ruleId ?? c.rule.id,
      kind: c.rule.kind,
      start: c.start,
      end: c.end,
      line,
      column,
      endLine: end.line,
      endColumn: end.column,
      preview: maskValue(text.slice(c.start, c.end)),
      confidence: c.confidence,
    };
  });
}

/** Token-like values only: key blocks and other long structured values are not typed by hand. */
function looksTyped(value: string): boolean {
  return value.length <= 256 && !/\s/.test(value) && isFiller(value);
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

// Keys typed with spaces, dashes or line breaks inside them ("ghp_ab12 cd34 …"), as
// people paste them from a password manager's grouped view or wrap them by hand: the
// model still reads the key, but no rule sees it whole. Each place where a rule's
// format keyword starts (or starts across two or three words) is joined with the words after
// it, and the joined text is checked by the same detector; only high-confidence
// findings count, so prose that merely mentions a prefix does not trip it (provider
// formats have fixed lengths, alphabets and often checksums).
import { detectSecrets, FORMAT_KEYWORDS, FORMAT_RULE_IDS, type Finding } from "../detect/detect-secrets";

/** How many words after the start are joined: a 64-character key typed in groups of 4 is 16 words. */
const MAX_WORDS = 24;
const MAX_JOINED = 320;
/** Words shorter than this rarely start a keyword; the start may still span up to three words. */
const START_SPAN = 3;
/** No format rule recognises a value shorter than this. */
const MIN_KEY = 16;

/** Keywords as the detector matches them: all-lower-case ones in any case, others exactly. */
const KEYWORDS = FORMAT_KEYWORDS.map((k) => ({ text: k, fold: k === k.toLowerCase() }));

/**
 * Whether a format keyword begins in the first word (of length `firstLength`) at the
 * start of a value: at the word's start or after punctuation (`key:ghp_…`), not inside
 * a word ("task" holds "sk").
 */
function startsKey(span: string, firstLength: number): boolean {
  const lower = span.toLowerCase();
  for (const k of KEYWORDS) {
    const hay = k.fold ? lower : span;
    for (let at = hay.indexOf(k.text); at >= 0 && at < firstLength; at = hay.indexOf(k.text, at + 1)) {
      if (at === 0 || !/[A-Za-z0-9]/.test(span.charAt(at - 1))) return true;
    }
  }
  return false;
}

export interface SplitKeyFinding {
  kind: string;
  line: number;
}

export function findSplitKeys(text: string): SplitKeyFinding[] {
  const words: Array<{ text: string; line: number }> = [];
  let line = 1;
  for (const m of text.matchAll(/[^\s]+|\n/g)) {
    if (m[0] === "\n") line++;
    else words.push({ text: m[0], line });
  }
  const whole = new Set(detectSecrets(text).map((f) => f.kind));
  const out: SplitKeyFinding[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    if (!startsKey(words.slice(i, i + START_SPAN).map((w) => w.text).join(""), words[i]?.text.length ?? 0)) continue;
    // Every length of the run: words after the key glued on would hide its end from the rules.
    const runs: string[] = [];
    for (let j = i + 1; j <= Math.min(words.length, i + MAX_WORDS); j++) {
      const joined = words.slice(i, j).map((w) => w.text).join("");
      if (joined.length > MAX_JOINED) break;
      if (joined.length >= MIN_KEY) runs.push(joined);
    }
    // Dashes are both part of some keys (sk-ant-…) and a way to group others: both readings are tried.
    for (const candidate of runs.flatMap((r) => [r, r.replace(/-/g, "")])) {
      for (const f of highFindings(candidate)) {
        // A key found whole in the text is already reported by the caller's scan.
        if (whole.has(f.kind) && text.includes(f.value)) continue;
        const key = `${f.kind}:${f.value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ kind: f.kind, line: words[i]?.line ?? 1 });
      }
    }
  }
  return out;
}

function highFindings(candidate: string): Array<Finding & { value: string }> {
  return detectSecrets(candidate)
    // Only values recognised by their own format: a rule that reads the words around a value would see prose glued together.
    .filter((f) => f.confidence === "high" && FORMAT_RULE_IDS.has(f.rule))
    .map((f) => ({ ...f, value: candidate.slice(f.start, f.end) }));
}

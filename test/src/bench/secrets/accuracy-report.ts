// Prints Warden's and secretlint's recall and false-positive rates on the same
// labelled rows: overall, on the kinds secretlint's recommended preset targets,
// per kind, and the false positives broken down by rule.
import { scoreCorpus, SECRETLINT_KINDS, type CorpusScore, type LabelledRow } from "../../../../daemon/src/secrets/detect/labelled-corpus";
import type { Finding } from "../../../../daemon/src/secrets/detect/types";
import { fmt } from "../stats";

const MIN_KIND_ROWS = 10;
const GENERIC_RULES = new Set(["generic-credential", "xml-credential", "cli-flag-credential"]);


export interface Verdicts {
  warden: ReadonlyMap<number, readonly Finding[]>;
  secretlint: ReadonlySet<number>;
}

const p = (x: number): string => x.toFixed(3);

export function printAccuracy(rows: readonly LabelledRow[], v: Verdicts): void {
  const found = (row: LabelledRow): readonly Finding[] => v.warden.get(row.id) ?? [];
  const w = scoreCorpus(rows, (row) => found(row).length > 0);
  const wh = scoreCorpus(rows, (row) => found(row).some((x) => x.confidence === "high"));
  const ws = scoreCorpus(rows, (row) => found(row).some((x) => !GENERIC_RULES.has(x.rule)));
  const s = scoreCorpus(rows, (row) => v.secretlint.has(row.id));
  const targeted = rows.filter((r) => SECRETLINT_KINDS.has(r.kind));
  const wt = scoreCorpus(targeted, (row) => found(row).length > 0);
  const st = scoreCorpus(targeted, (row) => v.secretlint.has(row.id));
  console.log(`labelled corpus: ${rows.length} rows (${w.positives} secret, ${w.negativesAll} not-secret of which ${w.negativesAll - w.negativesClean} ambiguous)`);
  console.table([
    line("warden (all findings)", w),
    line("warden, high confidence only", wh),
    line("warden, without key-wording rules", ws),
    line(`secretlint`, s),
    line(`warden on secretlint's ${SECRETLINT_KINDS.size} kinds`, wt),
    line(`secretlint on its ${SECRETLINT_KINDS.size} kinds`, st),
  ]);
  console.log(`ratios warden / secretlint: recall ${fmt(w.recall / s.recall, 2)}x, FP (non-ambiguous) ${fmt(w.fpClean / s.fpClean, 2)}x`);
  printKinds(w, s);
  printFalsePositives(rows, v.warden);
}

function line(scanner: string, c: CorpusScore): Record<string, string> {
  return { scanner, recall: p(c.recall), "FP without ambiguous": p(c.fpClean), "FP all negatives": p(c.fpAll), secrets: String(c.positives), negatives: String(c.negativesAll) };
}

function printKinds(w: CorpusScore, s: CorpusScore): void {
  const slKinds = new Map(s.kinds.map((k) => [k.kind, k]));
  const rate = (a: number, b: number): string => (b === 0 ? "-" : p(a / b));
  const table = w.kinds
    .filter((k) => k.positives + k.negatives >= MIN_KIND_ROWS)
    .map((k) => {
      const o = slKinds.get(k.kind);
      return {
        kind: `${k.kind}${SECRETLINT_KINDS.has(k.kind) ? " *" : ""}`,
        secrets: k.positives,
        "warden recall": rate(k.found, k.positives),
        "secretlint recall": o ? rate(o.found, o.positives) : "-",
        negatives: k.negatives,
        "warden FP": rate(k.flagged, k.negatives),
        "secretlint FP": o ? rate(o.flagged, o.negatives) : "-",
      };
    });
  console.log(`\nper kind (kinds with ≥ ${MIN_KIND_ROWS} rows; * = a kind secretlint's preset targets)`);
  console.table(table);
}

/**
 * Non-ambiguous negatives flagged, per rule, and how many of them were flagged only
 * for values that another row of the corpus labels a secret, verbatim: a "not-secret"
 * row means "this source's rule must not fire here" (its README), and the same value
 * is a secret to another source.
 */
function printFalsePositives(rows: readonly LabelledRow[], findings: ReadonlyMap<number, readonly Finding[]>): void {
  const secrets = rows.filter((r) => r.secret).map((r) => r.text).join("\n\u0000\n");
  const counts = new Map<string, number>();
  let flagged = 0;
  let sameValue = 0;
  for (const row of rows) {
    if (row.secret || row.ambiguous) continue;
    const f = findings.get(row.id) ?? [];
    if (f.length === 0) continue;
    flagged++;
    if (f.every((x) => secrets.includes(row.text.slice(x.start, x.end)))) sameValue++;
    for (const k of new Set(f.map((x) => `${x.rule} (${x.confidence})`))) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const clean = rows.filter((r) => !r.secret && !r.ambiguous).length;
  console.log(`\nfalse positives: ${flagged} non-ambiguous negatives flagged; in ${sameValue} of them every flagged value is, verbatim, a labelled secret in another row`);
  console.log(`FP rate without those rows: ${p((flagged - sameValue) / (clean - sameValue))}`);
  const table = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([rule, n]) => ({ rule, "negatives flagged": n }));
  console.table(table);
}

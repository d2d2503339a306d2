// Recall and false positives on the labelled corpus in test/corpora (gitleaks,
// detect-secrets and secretlint test tables). A missing corpus fails the test:
// skipping would let a regression pass silently.
import assert from "node:assert/strict";
import { test } from "node:test";
import { detectSecrets } from "./detect-secrets";
import { loadCorpus, scoreCorpus, SECRETLINT_KINDS } from "./labelled-corpus";

// Thresholds sit a little under the measured figures (see the table this test
// prints), so a regression fails while noise does not. Measured on the 1,531 rows of
// test/corpora (gitleaks, detect-secrets, secretlint; the AGPL trufflehog rows are left
// out, see test/corpora/README.md): recall 0.846 of 1,038 secret rows, FP 0.089 of 484
// non-ambiguous negatives; high confidence 0.632 / 0.050; secretlint's kinds 0.918.
const MIN_RECALL = 0.84;
const MAX_FP_CLEAN = 0.095;
// The high-confidence findings alone, the operating point for blocking prompts.
const MIN_RECALL_HIGH = 0.625;
const MAX_FP_CLEAN_HIGH = 0.055;
// The kinds secretlint's recommended preset targets (secretlint itself: 0.48 on the full shared corpus).
const MIN_RECALL_SECRETLINT_KINDS = 0.91;
const MIN_KIND_ROWS = 10;

test("labelled corpus: recall and false-positive rates", () => {
  const rows = loadCorpus();
  assert.ok(rows.length >= 1531, `expected the 1,531 MIT and Apache-2.0 rows of test/corpora, got ${rows.length}`);
  const score = scoreCorpus(rows, (row) => detectSecrets(row.text).length > 0);
  const pct = (x: number): string => x.toFixed(3);
  console.log(`overall recall ${pct(score.recall)} (${score.positives} secret rows)`);
  console.log(`FP, non-ambiguous negatives ${pct(score.fpClean)} (${score.negativesClean} rows); all negatives ${pct(score.fpAll)} (${score.negativesAll} rows)`);
  const table = score.kinds
    .filter((k) => k.positives + k.negatives >= MIN_KIND_ROWS)
    .map((k) => ({
      kind: k.kind,
      secrets: k.positives,
      recall: k.positives === 0 ? "-" : pct(k.found / k.positives),
      negatives: k.negatives,
      fp: k.negatives === 0 ? "-" : pct(k.flagged / k.negatives),
    }));
  console.table(table);
  const high = scoreCorpus(rows, (row) => detectSecrets(row.text).some((x) => x.confidence === "high"));
  console.log(`high confidence only: recall ${pct(high.recall)}, FP non-ambiguous ${pct(high.fpClean)}, all ${pct(high.fpAll)}`);
  assert.ok(high.recall >= MIN_RECALL_HIGH, `high-confidence recall ${pct(high.recall)} < ${MIN_RECALL_HIGH}`);
  assert.ok(high.fpClean <= MAX_FP_CLEAN_HIGH, `high-confidence FP ${pct(high.fpClean)} > ${MAX_FP_CLEAN_HIGH}`);
  const targeted = scoreCorpus(rows.filter((r) => SECRETLINT_KINDS.has(r.kind)), (row) => detectSecrets(row.text).length > 0);
  console.log(`on the ${SECRETLINT_KINDS.size} kinds secretlint targets: recall ${pct(targeted.recall)}, FP non-ambiguous ${pct(targeted.fpClean)}`);
  assert.ok(targeted.recall >= MIN_RECALL_SECRETLINT_KINDS, `recall on secretlint's kinds ${pct(targeted.recall)} < ${MIN_RECALL_SECRETLINT_KINDS}`);
  assert.ok(score.recall >= MIN_RECALL, `recall ${pct(score.recall)} < ${MIN_RECALL}`);
  assert.ok(score.fpClean <= MAX_FP_CLEAN, `false-positive rate ${pct(score.fpClean)} > ${MAX_FP_CLEAN}`);
});

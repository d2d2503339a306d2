// Recall and false positives on the shared labelled corpus (gitleaks, trufflehog,
// detect-secrets and secretlint test tables). A missing corpus fails the test:
// skipping would let a regression pass silently.
import assert from "node:assert/strict";
import { test } from "node:test";
import { detectSecrets } from "./detect-secrets";
import { corpusPath, loadCorpus, scoreCorpus, SECRETLINT_KINDS } from "./labelled-corpus";

// dist/daemon/src/secrets/detect → project root.
const LEVELS_UP = 5;
// Thresholds sit a little under the measured figures (see the table this test
// prints), so a regression fails while noise does not. Measured: recall 0.852,
// FP 0.083 (0.055 without negatives whose flagged value another row labels a
// secret: see the bench); high confidence 0.682 / 0.046; secretlint's kinds 0.90.
const MIN_RECALL = 0.845;
const MAX_FP_CLEAN = 0.088;
// The high-confidence findings alone, the operating point for blocking prompts.
const MIN_RECALL_HIGH = 0.675;
const MAX_FP_CLEAN_HIGH = 0.05;
// The kinds secretlint's recommended preset targets (secretlint itself: 0.48).
const MIN_RECALL_SECRETLINT_KINDS = 0.89;
const MIN_KIND_ROWS = 10;

test("labelled corpus: recall and false-positive rates", () => {
  const rows = loadCorpus(corpusPath(__dirname, LEVELS_UP));
  assert.ok(rows.length > 4000, `expected the full corpus, got ${rows.length} rows`);
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

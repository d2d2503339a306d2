/**
 * Secrets bench: Warden's detector beside secretlint (core + preset-recommend).
 * 1. Recall and false positives on the shared labelled corpus, overall and per
 *    kind, one scan per sample for both.
 * 2. Throughput on a generated mixed corpus (BENCH_SECRETS_MIB, default 50 MiB,
 *    in 64 KiB files), same text for both, one thread.
 * Run with `npm run bench:secrets`. Prints figures; never fails on them.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { detectSecrets } from "../../../../daemon/src/secrets/detect/detect-secrets";
import { corpusPath, loadCorpus, scoreCorpus, type CorpusScore, type LabelledRow } from "../../../../daemon/src/secrets/detect/labelled-corpus";
import { fmt } from "../stats";
import { mixedFiles } from "./mixed-corpus";
import { loadSecretlint } from "./secretlint-runner";

// dist/test/src/bench/secrets → project root.
const LEVELS_UP = 5;
const MIN_KIND_ROWS = 10;
const MIB = 1024 * 1024;
const GENERIC_RULES = new Set(["generic-credential", "xml-credential", "cli-flag-credential"]);

async function main(): Promise<void> {
  const rows = loadCorpus(corpusPath(__dirname, LEVELS_UP));
  const secretlint = await loadSecretlint();
  console.log(`secrets bench — node ${process.version}, ${os.cpus()[0]?.model ?? "?"}, load ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  console.log(`secretlint core ${secretlint.version}; profiler: ${secretlint.profiler}\n`);

  const findings = new Map(rows.map((row) => [row.id, detectSecrets(row.text)]));
  const warden = scoreCorpus(rows, (row) => (findings.get(row.id)?.length ?? 0) > 0);
  // Provider formats and structures only, without the key-wording rules: the
  // operating point closest to secretlint's design.
  const specific = (row: LabelledRow): boolean => (findings.get(row.id) ?? []).some((x) => !GENERIC_RULES.has(x.rule));
  const wardenSpecific = scoreCorpus(rows, specific);
  const wardenHigh = scoreCorpus(rows, (row) => (findings.get(row.id) ?? []).some((x) => x.confidence === "high"));
  const slHits = new Set<number>();
  for (const row of rows) if ((await secretlint.scan(row.text)) > 0) slHits.add(row.id);
  const sl = scoreCorpus(rows, (row) => slHits.has(row.id));
  printAccuracy(rows, warden, wardenHigh, wardenSpecific, sl);
  printRuleFalsePositives(rows, findings);

  const mib = Number(process.env.BENCH_SECRETS_MIB ?? "50");
  const files = mixedFiles(
    rows.map((r) => r.text),
    mib * MIB,
    64 * 1024,
  );
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f), 0);
  detectSecrets(files[0] ?? ""); // warm-up
  let t = performance.now();
  let wFindings = 0;
  for (const file of files) wFindings += detectSecrets(file).length;
  const wSec = (performance.now() - t) / 1000;
  t = performance.now();
  let sFindings = 0;
  for (const file of files) sFindings += await secretlint.scan(file);
  const sSec = (performance.now() - t) / 1000;
  const wRate = bytes / MIB / wSec;
  const sRate = bytes / MIB / sSec;
  console.log(`\nthroughput on ${fmt(bytes / MIB, 1)} MiB generated mixed corpus (${files.length} files of 64 KiB, one thread)`);
  console.table([
    { scanner: "warden", "MiB/s": fmt(wRate, 1), seconds: fmt(wSec, 2), findings: wFindings },
    { scanner: `secretlint ${secretlint.version}`, "MiB/s": fmt(sRate, 1), seconds: fmt(sSec, 2), findings: sFindings },
  ]);
  console.log(`ratio warden / secretlint throughput: ${fmt(wRate / sRate, 2)}x`);
}

function printAccuracy(rows: readonly LabelledRow[], w: CorpusScore, wh: CorpusScore, ws: CorpusScore, s: CorpusScore): void {
  const p = (x: number): string => x.toFixed(3);
  console.log(`labelled corpus: ${rows.length} rows (${w.positives} secret, ${w.negativesAll} not-secret of which ${w.negativesAll - w.negativesClean} ambiguous)`);
  console.table([
    { scanner: "warden", recall: p(w.recall), "FP (non-ambiguous)": p(w.fpClean), "FP (all negatives)": p(w.fpAll) },
    { scanner: "warden, high confidence only", recall: p(wh.recall), "FP (non-ambiguous)": p(wh.fpClean), "FP (all negatives)": p(wh.fpAll) },
    { scanner: "warden, without key-wording rules", recall: p(ws.recall), "FP (non-ambiguous)": p(ws.fpClean), "FP (all negatives)": p(ws.fpAll) },
    { scanner: "secretlint", recall: p(s.recall), "FP (non-ambiguous)": p(s.fpClean), "FP (all negatives)": p(s.fpAll) },
  ]);
  console.log(`ratios warden / secretlint: recall ${fmt(w.recall / s.recall, 2)}x, FP (non-ambiguous) ${fmt(w.fpClean / s.fpClean, 2)}x`);
  const slKinds = new Map(s.kinds.map((k) => [k.kind, k]));
  const table = w.kinds
    .filter((k) => k.positives + k.negatives >= MIN_KIND_ROWS)
    .map((k) => {
      const o = slKinds.get(k.kind);
      const rate = (a: number, b: number): string => (b === 0 ? "-" : p(a / b));
      return {
        kind: k.kind,
        secrets: k.positives,
        "warden recall": rate(k.found, k.positives),
        "secretlint recall": o ? rate(o.found, o.positives) : "-",
        negatives: k.negatives,
        "warden FP": rate(k.flagged, k.negatives),
        "secretlint FP": o ? rate(o.flagged, o.negatives) : "-",
      };
    });
  console.log(`\nper kind (kinds with ≥ ${MIN_KIND_ROWS} rows)`);
  console.table(table);
}

/** Non-ambiguous negatives flagged, per rule and confidence: where precision work should go. */
function printRuleFalsePositives(rows: readonly LabelledRow[], findings: ReadonlyMap<number, ReturnType<typeof detectSecrets>>): void {
  const counts = new Map<string, number>();
  for (const row of rows) {
    if (row.secret || row.ambiguous) continue;
    const keys = new Set((findings.get(row.id) ?? []).map((x) => `${x.rule} (${x.confidence})`));
    for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const table = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([rule, flagged]) => ({ rule, "negatives flagged": flagged }));
  console.log("\nfalse positives per rule (non-ambiguous negatives; a row can count for several rules)");
  console.table(table);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

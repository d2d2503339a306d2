/**
 * Secrets bench: Warden's detector beside secretlint (core + preset-recommend).
 * 1. Recall and false positives on the shared labelled corpus (accuracy-report.ts).
 * 2. Memory of a long-running loop: BENCH_SECRETS_SCANS (default 10,000) scans.
 * 3. Throughput on a generated mixed corpus (BENCH_SECRETS_MIB, default 50 MiB,
 *    in 64 KiB files), and on as many MiB of real files from node_modules, same
 *    text for both, one thread.
 * Run with `npm run bench:secrets`. Prints figures and ratios; never fails on them.
 */
import os from "node:os";
import path from "node:path";
import { detectSecrets } from "../../../../daemon/src/secrets/detect/detect-secrets";
import { loadCorpus } from "../../../../daemon/src/secrets/detect/labelled-corpus";
import { printAccuracy } from "./accuracy-report";
import { memoryLoop, printLoops } from "./memory-loop";
import { loadSecretlint } from "./secretlint-runner";
import { printRealThroughput, printThroughput } from "./throughput";

// dist/test/src/bench/secrets → project root.
const LEVELS_UP = 5;

async function main(): Promise<void> {
  const rows = loadCorpus();
  const secretlint = await loadSecretlint();
  console.log(`secrets bench — node ${process.version}, ${os.cpus()[0]?.model ?? "?"} x${os.cpus().length}, load ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  console.log(`secretlint core ${secretlint.version}; profiler: ${secretlint.profiler}\n`);

  const warden = new Map(rows.map((row) => [row.id, detectSecrets(row.text)]));
  const slHits = new Set<number>();
  for (const row of rows) if ((await secretlint.scan(row.text)) > 0) slHits.add(row.id);
  printAccuracy(rows, { warden, secretlint: slHits });

  // Memory first, before the throughput runs leave 100 MiB of garbage behind.
  const scans = Number(process.env["BENCH_SECRETS_SCANS"] ?? "10000");
  const texts = rows.map((r) => r.text);
  printLoops([await memoryLoop("warden", scans, texts, (t) => detectSecrets(t)), await memoryLoop(`secretlint ${secretlint.version}`, scans, texts, secretlint.scan)]);

  const mib = Number(process.env["BENCH_SECRETS_MIB"] ?? "50");
  await printThroughput(texts, mib, secretlint.scan, secretlint.version);
  await printRealThroughput(path.resolve(__dirname, ...Array<string>(LEVELS_UP).fill("..")), mib, secretlint.scan, secretlint.version);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

// Throughput of both scanners on the same generated files, one thread, each timed
// by the wall clock and by this process's CPU time: on a shared machine the wall
// clock also counts time the scanner waited for a core, CPU time does not.
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { detectSecrets } from "../../../../daemon/src/secrets/detect/detect-secrets";
import { ownCpuSeconds } from "../process-cpu";
import { fmt } from "../stats";
import { mixedFiles } from "./mixed-corpus";
import type { SecretlintScan } from "./secretlint-runner";

const MIB = 1024 * 1024;

interface Timing {
  wall: number;
  cpu: number;
  findings: number;
}

async function time(files: readonly string[], scan: (text: string) => number | Promise<number>): Promise<Timing> {
  const wall = performance.now();
  const cpu = ownCpuSeconds();
  let findings = 0;
  for (const file of files) findings += await scan(file);
  return { wall: (performance.now() - wall) / 1000, cpu: ownCpuSeconds() - cpu, findings };
}

/** The generated mixed corpus (mixed-corpus.ts): samples among ordinary lines. */
export async function printThroughput(samples: readonly string[], mib: number, secretlint: SecretlintScan, version: string): Promise<void> {
  const files = mixedFiles(samples, mib * MIB, 64 * 1024);
  await compare(`${fmt(files.reduce((n, f) => n + Buffer.byteLength(f), 0) / MIB, 1)} MiB generated mixed corpus (${files.length} files of 64 KiB, one thread)`, files, secretlint, version);
}

/**
 * Real files as a second data point: the text files of the project's node_modules
 * (JavaScript, TypeScript, JSON, Markdown), in a fixed order, up to `mib` MiB. The
 * generated corpus names a password on one line in ten; real code does far less.
 */
export async function printRealThroughput(root: string, mib: number, secretlint: SecretlintScan, version: string): Promise<void> {
  const files = realFiles(path.join(root, "node_modules"), mib * MIB);
  await compare(`${fmt(files.reduce((n, f) => n + Buffer.byteLength(f), 0) / MIB, 1)} MiB of real files from node_modules (${files.length} files, one thread)`, files, secretlint, version);
}

function realFiles(dir: string, budget: number): string[] {
  const out: string[] = [];
  let total = 0;
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch {
      return;
    }
    for (const e of entries) {
      if (total >= budget) return;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && /\.(?:js|cjs|mjs|ts|json|md)$/.test(e.name)) {
        const size = fs.statSync(p).size;
        if (size > 1024 * 1024) continue;
        out.push(fs.readFileSync(p, "utf8"));
        total += size;
      }
    }
  };
  walk(dir);
  return out;
}

async function compare(title: string, files: readonly string[], secretlint: SecretlintScan, version: string): Promise<void> {
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f), 0) / MIB;
  const warden = (text: string): number => detectSecrets(text).length;
  // Warm both up on the same few files before timing.
  for (const file of files.slice(0, 8)) {
    warden(file);
    await secretlint(file);
  }
  const w = await time(files, warden);
  const s = await time(files, secretlint);
  console.log(`\nthroughput on ${title}`);
  console.table([
    { scanner: "warden", "MiB/s (wall)": fmt(bytes / w.wall, 1), "MiB/s (CPU)": fmt(bytes / w.cpu, 1), seconds: fmt(w.wall, 2), findings: w.findings },
    { scanner: `secretlint ${version}`, "MiB/s (wall)": fmt(bytes / s.wall, 1), "MiB/s (CPU)": fmt(bytes / s.cpu, 1), seconds: fmt(s.wall, 2), findings: s.findings },
  ]);
  console.log(`ratio warden / secretlint throughput: ${fmt(s.wall / w.wall, 2)}x by wall clock, ${fmt(s.cpu / w.cpu, 2)}x by CPU time`);
}

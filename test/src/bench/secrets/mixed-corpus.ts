// A generated "repository" for throughput: mostly ordinary source, config,
// lockfile and prose lines, with the labelled corpus samples mixed in so both
// scanners also do the work of reporting. Seeded, so every run scans the same text.
import { seededRandom, type Random } from "../policy/prng";

const WORDS = "the agent reads a file then writes its change and runs the tests before it asks to push the branch".split(" ");
const HEX = "0123456789abcdef";
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function pick<T>(items: readonly T[], rnd: Random): T {
  const item = items[Math.floor(rnd() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

function chars(n: number, alphabet: string, rnd: Random): string {
  let out = "";
  for (let i = 0; i < n; i++) out += alphabet.charAt(Math.floor(rnd() * alphabet.length));
  return out;
}

const LINES: ReadonlyArray<(rnd: Random) => string> = [
  (r) => `const ${pick(WORDS, r)}Count = items.filter((x) => x.${pick(WORDS, r)} !== undefined).length;`,
  (r) => `  "${pick(WORDS, r)}": "${pick(WORDS, r)} ${pick(WORDS, r)}",`,
  (r) => `    "integrity": "sha512-${chars(86, B64, r)}==",`,
  (r) => `commit ${chars(40, HEX, r)}`,
  (r) => `  id: ${chars(8, HEX, r)}-${chars(4, HEX, r)}-${chars(4, HEX, r)}-${chars(4, HEX, r)}-${chars(12, HEX, r)}`,
  (r) => `// ${Array.from({ length: 12 }, () => pick(WORDS, r)).join(" ")}.`,
  (r) => `import { ${pick(WORDS, r)} } from "./${pick(WORDS, r)}-${pick(WORDS, r)}";`,
  (r) => `${pick(WORDS, r).toUpperCase()}_TIMEOUT_MS=${Math.floor(r() * 10000)}`,
  (r) => `  if (${pick(WORDS, r)}.length > ${Math.floor(r() * 100)}) return ${pick(WORDS, r)};`,
  (r) => `password = os.environ["${pick(WORDS, r).toUpperCase()}_PASSWORD"]`,
];

/** About `bytes` of text in files of ~`fileBytes`, one sample per ~`sampleEvery` lines. */
export function mixedFiles(samples: readonly string[], bytes: number, fileBytes: number, sampleEvery = 200): string[] {
  const rnd = seededRandom(20261126);
  const files: string[] = [];
  let total = 0;
  while (total < bytes) {
    const lines: string[] = [];
    let size = 0;
    while (size < fileBytes) {
      const line = rnd() * sampleEvery < 1 ? pick(samples, rnd) : pick(LINES, rnd)(rnd);
      lines.push(line);
      size += line.length + 1;
    }
    files.push(lines.join("\n"));
    total += size;
  }
  return files;
}

import { emptyReport, type Arg, type Invocation, type ProgramReport } from "./invocation";

/**
 * Programs that are usually read-only but write a file named in their arguments. An
 * allowlist that admits `sort` must still see `sort -o ~/.bashrc`.
 */
export function inspectFileWriter(name: string, inv: Invocation): ProgramReport | null {
  const args = inv.argv.slice(1);
  switch (name) {
    case "tee":
      return writes(operands(args, new Set(), /^-[aip]+$|^--(append|ignore-interrupts|output-error(=.*)?)$/));
    case "sort":
      return writes(optionFiles(args, "o", "ktST", ["--output"]));
    case "uniq":
      return writes(operands(args, new Set(["-f", "-s", "-w"]), /^-/).slice(1, 2));
    case "dd":
      return writes(args.filter((arg) => arg.value.startsWith("of=")).map((arg) => ({ ...arg, value: arg.value.slice(3) })));
    case "curl":
      return writes(
        optionFiles(args, "oDc", "AbCdeEFHKmPQrtTuUwxXyYz", ["--output", "--dump-header", "--cookie-jar", "--trace", "--trace-ascii", "--stderr", "--libcurl", "--etag-save"]),
      );
    case "wget":
      return writes(optionFiles(args, "Ooa", "eiBtTwQPUlARDIX", ["--output-document", "--output-file", "--append-output"]));
  }
  return null;
}

function writes(files: Arg[]): ProgramReport {
  const report = emptyReport();
  report.writes.push(...files);
  return report;
}

/** Non-option arguments; `valued` options consume the next word; `--` ends options. */
function operands(args: readonly Arg[], valued: ReadonlySet<string>, isOption: RegExp): Arg[] {
  const out: Arg[] = [];
  let optionsDone = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === undefined) break;
    if (!optionsDone && arg.value === "--") optionsDone = true;
    else if (!optionsDone && valued.has(arg.value)) i += 1;
    else if (optionsDone || !isOption.test(arg.value) || arg.value === "-") out.push(arg);
  }
  return out;
}

/**
 * Values of the writing options: `-o FILE`, `-sSLo FILE`, `-oFILE`, `--output FILE`, `--output=FILE`.
 * `otherValued` lists the program's other short options with a value, which end a cluster.
 */
function optionFiles(args: readonly Arg[], short: string, otherValued: string, long: readonly string[]): Arg[] {
  const out: Arg[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === undefined) break;
    const text = arg.value;
    if (text === "--") break;
    const next = args[i + 1];
    if (text.startsWith("--")) {
      const eq = text.indexOf("=");
      if (eq !== -1 && long.includes(text.slice(0, eq))) out.push({ ...arg, value: text.slice(eq + 1) });
      else if (long.includes(text) && next !== undefined) {
        out.push(next);
        i += 1;
      }
      continue;
    }
    if (!text.startsWith("-")) continue;
    for (let k = 1; k < text.length; k += 1) {
      const ch = text[k] ?? "";
      const rest = text.slice(k + 1);
      if (short.includes(ch)) {
        if (rest !== "") out.push({ ...arg, value: rest });
        else if (next !== undefined) {
          out.push(next);
          i += 1;
        }
        break;
      }
      if (otherValued.includes(ch)) {
        if (rest === "") i += 1;
        break;
      }
    }
  }
  return out;
}

import { emptyReport, type Invocation, type ProgramReport } from "./invocation";

/**
 * Language interpreters: we never analyse their code, only say that it runs and where it
 * comes from (an argument, a file, stdin), which is what the policy needs to decide.
 */
interface InterpreterSpec {
  family: string;
  /** Short letters that, alone or in a cluster (`perl -ne`), mean "the code is the next word or the rest". */
  codeLetters: string;
  codeLong?: readonly string[];
  /** Options that load and run a module or file (`python -m`, `node --require`). */
  loadOptions?: readonly string[];
  /** Options taking a separate value, so that value is not mistaken for the script. */
  valued?: readonly string[];
}

const SPECS: ReadonlyArray<[RegExp, InterpreterSpec]> = [
  [/^(python[0-9.]*|pypy[0-9.]*)$/, { family: "python", codeLetters: "c", loadOptions: ["-m"], valued: ["-W", "-X", "--check-hash-based-pycs"] }],
  [/^(node|nodejs)$/, { family: "node", codeLetters: "ep", codeLong: ["--eval", "--print"], loadOptions: ["-r", "--require", "--import", "--loader", "--experimental-loader"] }],
  [/^ruby[0-9.]*$/, { family: "ruby", codeLetters: "e", loadOptions: ["-r"], valued: ["-I", "-C", "-E", "-F"] }],
  [/^perl[0-9.]*$/, { family: "perl", codeLetters: "eE", loadOptions: ["-M", "-m"], valued: ["-I", "-x"] }],
  [/^php[0-9.]*$/, { family: "php", codeLetters: "rBRE", valued: ["-c", "-d", "-z"] }],
  [/^(lua[0-9.]*|luajit)$/, { family: "lua", codeLetters: "e", loadOptions: ["-l"] }],
  [/^(Rscript|R)$/, { family: "R", codeLetters: "e" }],
  [/^osascript$/, { family: "osascript", codeLetters: "e" }],
  [/^(tclsh[0-9.]*|wish[0-9.]*|expect)$/, { family: "tcl", codeLetters: "c" }],
];

const INFO_ONLY = new Set(["-v", "-V", "--version", "-h", "--help", "-VV"]);

const CODE_LABEL: Readonly<Record<string, string>> = {
  python: "python -c",
  node: "node -e",
  ruby: "ruby -e",
  perl: "perl -e",
  php: "php -r",
  lua: "lua -e",
  R: "Rscript -e",
  osascript: "osascript -e",
  tcl: "tclsh -c",
};

export function inspectInterpreter(name: string, inv: Invocation): ProgramReport | null {
  const spec = SPECS.find(([pattern]) => pattern.test(name))?.[1];
  if (spec === undefined) return null;
  const report = emptyReport();
  const args = inv.argv.slice(1);
  if (args.length > 0 && args.every((arg) => INFO_ONLY.has(arg.value))) return report;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === undefined) break;
    const text = arg.value;
    if (arg.dynamic && !text.startsWith("-")) {
      report.runsCode.push("runs script file");
      return report;
    }
    if (text === "-") break;
    if (text === "--" || !text.startsWith("-")) {
      const script = text === "--" ? args[i + 1] : arg;
      report.runsCode.push(script === undefined || script.value === "-" ? "script on stdin" : "runs script file");
      return report;
    }
    const [name] = text.split("=", 1);
    if (spec.codeLong?.includes(name ?? "") === true || isCodeCluster(text, spec.codeLetters)) {
      report.runsCode.push(CODE_LABEL[spec.family] ?? `${spec.family} code argument`);
      return report;
    }
    const load = spec.loadOptions?.find((option) => option === name || (!option.startsWith("--") && text.startsWith(option)));
    if (load !== undefined) {
      report.runsCode.push(`${spec.family} ${load} (loads and runs a module)`);
      // `python -m mod args`: everything after the module belongs to it.
      if (spec.family === "python") return report;
      if (text === load) i += 1;
      continue;
    }
    if (spec.valued?.includes(text) === true) i += 1;
  }
  report.runsCode.push("script on stdin");
  return report;
}

/** `-e`, `-ne`, `-lne`: a single-dash cluster of letters containing a code letter. */
function isCodeCluster(text: string, letters: string): boolean {
  if (!text.startsWith("-") || text.startsWith("--")) return false;
  const match = /^-([A-Za-z0-9]*)/.exec(text);
  const cluster = match?.[1] ?? "";
  for (const ch of cluster) {
    if (letters.includes(ch)) return true;
    // -I, -M, -W… take the rest of the word as their value, so no later letter is an option.
    if (/[IMmCFxWX]/.test(ch)) return false;
  }
  return false;
}

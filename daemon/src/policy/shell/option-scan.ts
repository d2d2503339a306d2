import type { Arg } from "./invocation";

/**
 * A getopt-style scanner for the options in front of a wrapped command. It knows
 * exactly the options it is told about: an unknown one could take a value, and
 * guessing wrong would make us analyse the wrong word as the program.
 */
export interface OptionSpec {
  /** Short options without a value, e.g. "iv". */
  flags?: string;
  /** Short options with a value, attached (`-uroot`) or in the next word. */
  valued?: string;
  /** Short options whose value may only be attached (`xargs -i{}`). */
  optionalValue?: string;
  longFlags?: readonly string[];
  /** `--user=root` or `--user root`. */
  longValued?: readonly string[];
  /** `--replace` or `--replace=R`, never a separate word. */
  longOptional?: readonly string[];
  /** `nice -10`: a dash and digits is an option. */
  numericShort?: boolean;
  /** A `+` prefix is also an option (`bash +x`). */
  plusOptions?: boolean;
}

export interface ParsedOption {
  name: string;
  value: string | null;
}

export type ScanResult =
  | { ok: true; options: ParsedOption[]; operand: number }
  | { ok: false; problem: string };

/** Scans args[start…] until the first operand or `--`; `operand` is that operand's index. */
export function scanOptions(program: string, args: readonly Arg[], start: number, spec: OptionSpec): ScanResult {
  const options: ParsedOption[] = [];
  let i = start;
  const fail = (what: string): ScanResult => ({ ok: false, problem: `cannot analyse \`${program}\` ${what}` });
  while (i < args.length) {
    const arg = args[i];
    if (arg === undefined) break;
    const text = arg.value;
    const isOption = (text.startsWith("-") || (spec.plusOptions === true && text.startsWith("+"))) && text.length > 1;
    if (!isOption) break;
    // A dynamic word here could be an option or the program; either guess may be wrong.
    if (arg.dynamic) return fail(`argument \`${text}\` (not known until run time)`);
    if (text === "--") return { ok: true, options, operand: i + 1 };
    if (text.startsWith("--")) {
      const eq = text.indexOf("=");
      const name = eq === -1 ? text : text.slice(0, eq);
      const attached = eq === -1 ? null : text.slice(eq + 1);
      if (spec.longFlags?.includes(name) === true && attached === null) {
        options.push({ name, value: null });
      } else if (spec.longOptional?.includes(name) === true) {
        options.push({ name, value: attached });
      } else if (spec.longValued?.includes(name) === true) {
        if (attached !== null) {
          options.push({ name, value: attached });
        } else {
          const next = args[i + 1];
          if (next === undefined) return fail(`option \`${name}\` without its value`);
          if (next.dynamic) return fail(`option \`${name}\` with a value not known until run time`);
          options.push({ name, value: next.value });
          i += 1;
        }
      } else {
        return fail(`option \`${name}\` (unknown to Warden)`);
      }
      i += 1;
      continue;
    }
    if (spec.numericShort === true && /^-\d+$/.test(text)) {
      options.push({ name: "-", value: text.slice(1) });
      i += 1;
      continue;
    }
    const prefix = text[0] ?? "-";
    let consumedNext = false;
    for (let k = 1; k < text.length; k += 1) {
      const ch = text[k] ?? "";
      const name = `${prefix}${ch}`;
      const rest = text.slice(k + 1);
      if (spec.flags?.includes(ch) === true) {
        options.push({ name, value: null });
        continue;
      }
      if (spec.optionalValue?.includes(ch) === true) {
        options.push({ name, value: rest === "" ? null : rest });
        break;
      }
      if (spec.valued?.includes(ch) === true) {
        if (rest !== "") {
          options.push({ name, value: rest });
        } else {
          const next = args[i + 1];
          if (next === undefined) return fail(`option \`${name}\` without its value`);
          if (next.dynamic) return fail(`option \`${name}\` with a value not known until run time`);
          options.push({ name, value: next.value });
          consumedNext = true;
        }
        break;
      }
      return fail(`option \`${name}\` (unknown to Warden)`);
    }
    i += consumedNext ? 2 : 1;
  }
  return { ok: true, options, operand: i };
}

export function hasOption(options: readonly ParsedOption[], ...names: string[]): boolean {
  return options.some((option) => names.includes(option.name));
}

export function optionValues(options: readonly ParsedOption[], ...names: string[]): string[] {
  return options.filter((option) => names.includes(option.name) && option.value !== null).map((option) => option.value ?? "");
}

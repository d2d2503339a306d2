import { WardenError } from "../../../protocol/src/errors";

/**
 * Flags of the lean entries (hook, shell gate): `--name value` pairs only, parsed
 * by hand because loading commander costs ~15 ms on every tool call.
 */
export function parseFlags(args: readonly string[], known: readonly string[]): { flags: Map<string, string>; rest: string[] } {
  const flags = new Map<string, string>();
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--") {
      i++;
      break;
    }
    if (!arg.startsWith("--")) break;
    const name = arg.slice(2);
    const value = args[i + 1];
    if (!known.includes(name)) throw new WardenError("bad_config", `unknown option '${arg}' (expected ${known.map((k) => `--${k}`).join(", ")})`);
    if (value === undefined) throw new WardenError("bad_config", `option '${arg}' needs a value`);
    flags.set(name, value);
    i++;
  }
  return { flags, rest: args.slice(i) };
}

/** `--timeout SECONDS` → milliseconds, bounded to something a hook can wait. */
export function timeoutMs(value: string | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) throw new WardenError("bad_config", `--timeout '${value}' must be a number of seconds between 0 and 3600`);
  return Math.round(seconds * 1000);
}

/** Resolves after `ms` with `value`, without keeping the process alive on its own. */
export function after<T>(ms: number, value: () => T): Promise<T> {
  return new Promise((resolve) => setTimeout(() => resolve(value()), ms).unref());
}

/** Writes, then exits once the output is flushed (pipes may be asynchronous). */
export function writeAndExit(stdout: string, stderr: string, code: number): void {
  let pending = 2;
  const done = (): void => {
    pending--;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write(stdout, done);
  process.stderr.write(stderr, done);
}

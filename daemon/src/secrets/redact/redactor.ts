import { JsonValue } from "../../../../protocol/src/json";
import { PatternSet } from "./pattern-set";
import { StreamRedactor, redactBuffer } from "./stream-redactor";

/**
 * The secret values the daemon knows, in memory only and only while it runs, and
 * the one place every outgoing string is scrubbed of them: broker output, error
 * messages, audit payloads, the log, answers to clients. A value stays known
 * after it is rotated or removed: what leaked under the old value is still a secret.
 */
export class SecretRedactor {
  private readonly values = new Map<string, Set<string>>();
  private set = new PatternSet(new Map());

  /** Starts redacting `value` (a secret's current or former value) as `name`. */
  add(name: string, value: string): void {
    const known = this.values.get(name) ?? new Set<string>();
    if (known.has(value)) return;
    known.add(value);
    this.values.set(name, known);
    this.set = new PatternSet(this.values);
  }

  /** True until the first value is known: everything passes untouched. */
  get empty(): boolean {
    return this.set.empty;
  }

  get knownCount(): number {
    let n = 0;
    for (const v of this.values.values()) n += v.size;
    return n;
  }

  /** `text` with every known value, in every spelling, replaced by its name. */
  scrub(text: string): string {
    const set = this.set;
    if (set.empty || !set.occursIn(text)) return text;
    return redactBuffer(set, Buffer.from(text, "utf8")).toString("utf8");
  }

  /**
   * Every string inside a JSON-like value scrubbed, keys included; other values as
   * they are. Returns the very same object when nothing needed scrubbing, so a
   * caller can tell (and skip re-validating what did not change).
   */
  scrubDeep(value: unknown): unknown {
    if (this.set.empty) return value;
    if (typeof value === "string") return this.scrub(value);
    if (Array.isArray(value)) {
      const out = value.map((v) => this.scrubDeep(v));
      return out.some((v, i) => v !== value[i]) ? out : value;
    }
    if (typeof value === "object" && value !== null) {
      const entries = Object.entries(value);
      const out = entries.map(([k, v]) => [this.scrub(k), this.scrubDeep(v)] as const);
      return out.some(([k, v], i) => k !== entries[i]?.[0] || v !== entries[i]?.[1]) ? Object.fromEntries(out) : value;
    }
    return value;
  }

  /** The same for JSON (audit payloads), keeping the type. */
  scrubJson(value: JsonValue): JsonValue {
    if (this.set.empty) return value;
    if (typeof value === "string") return this.scrub(value);
    if (Array.isArray(value)) return value.map((v) => this.scrubJson(v));
    if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.scrub(k), this.scrubJson(v)]));
    return value;
  }

  /** A redactor for one byte stream (a command's stdout, an HTTP body). */
  stream(): StreamRedactor {
    return new StreamRedactor(this.set);
  }
}

/**
 * A small parser for GNU sed scripts, enough to find the commands that reach outside
 * the stream: `e` (run a command), `s///e`, and `w`/`W`/`s///w` (write a file). It
 * follows GNU sed's own scanning (a delimiter is escaped only by a backslash, file names
 * run to the end of the line), and reports anything it cannot follow as not understood
 * rather than guessing.
 */
export interface SedScriptFindings {
  runsCommand: boolean;
  writes: string[];
  /** False when the script used syntax this parser does not follow. */
  understood: boolean;
}

/** Commands that take no argument. */
const BARE = new Set([..."=dDgGhHxnNpPzF"]);
/** Commands with an optional number (exit code or line length). */
const NUMBERED = new Set([..."qQlL"]);

export function analyseSedScript(script: string): SedScriptFindings {
  const findings: SedScriptFindings = { runsCommand: false, writes: [], understood: true };
  const s = new Cursor(script);
  while (!s.done()) {
    s.skip(/[\s;]/);
    if (s.done()) break;
    if (s.peek() === "#") {
      s.restOfLine();
      continue;
    }
    if (!readAddresses(s)) return notUnderstood(findings);
    s.skip(/[ \t]/);
    while (s.peek() === "!") {
      s.next();
      s.skip(/[ \t]/);
    }
    const command = s.next();
    if (command === "{" || command === "}") continue;
    if (BARE.has(command)) continue;
    if (NUMBERED.has(command)) {
      s.skip(/[ \t]/);
      s.skip(/[0-9]/);
      continue;
    }
    switch (command) {
      case ":":
      case "b":
      case "t":
      case "T":
      case "v":
        s.until(/[;\n]/);
        continue;
      case "a":
      case "i":
      case "c":
        s.textArgument();
        continue;
      case "r":
      case "R":
        s.restOfLine();
        continue;
      case "w":
      case "W":
        findings.writes.push(s.restOfLine().trim());
        continue;
      case "e":
        findings.runsCommand = true;
        s.restOfLine();
        continue;
      case "y":
        if (!s.delimited(2)) return notUnderstood(findings);
        continue;
      case "s":
        if (!s.delimited(2) || !readSubstituteFlags(s, findings)) return notUnderstood(findings);
        continue;
    }
    return notUnderstood(findings);
  }
  return findings;
}

function notUnderstood(findings: SedScriptFindings): SedScriptFindings {
  return { ...findings, understood: false };
}

function readAddresses(s: Cursor): boolean {
  if (!readAddress(s)) return false;
  s.skip(/[ \t]/);
  if (s.peek() !== ",") return true;
  s.next();
  s.skip(/[ \t]/);
  if (s.peek() === "+" || s.peek() === "~") {
    s.next();
    s.skip(/[0-9]/);
    return true;
  }
  return readAddress(s);
}

function readAddress(s: Cursor): boolean {
  const ch = s.peek();
  if (/[0-9]/.test(ch)) {
    s.skip(/[0-9]/);
    if (s.peek() === "~") {
      s.next();
      s.skip(/[0-9]/);
    }
    return true;
  }
  if (ch === "$") {
    s.next();
    return true;
  }
  if (ch === "/" || ch === "\\") {
    if (ch === "\\") s.next();
    if (!s.delimited(1)) return false;
    s.skip(/[IM]/);
  }
  return true;
}

function readSubstituteFlags(s: Cursor, findings: SedScriptFindings): boolean {
  for (;;) {
    const ch = s.peek();
    if (ch === "" || ch === ";" || ch === "\n" || ch === "}" || ch === "#" || ch === " " || ch === "\t") return true;
    s.next();
    if (ch === "e") findings.runsCommand = true;
    else if (ch === "w") {
      findings.writes.push(s.restOfLine().trim());
      return true;
    } else if (!/[gpiImM0-9]/.test(ch)) return false;
  }
}

class Cursor {
  private i = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.i >= this.text.length;
  }

  peek(): string {
    return this.text[this.i] ?? "";
  }

  next(): string {
    const ch = this.peek();
    this.i += 1;
    return ch;
  }

  skip(pattern: RegExp): void {
    while (!this.done() && pattern.test(this.peek())) this.i += 1;
  }

  until(pattern: RegExp): string {
    const start = this.i;
    while (!this.done() && !pattern.test(this.peek())) this.i += 1;
    return this.text.slice(start, this.i);
  }

  restOfLine(): string {
    return this.until(/\n/);
  }

  /** `a text`, `a\` + newline + text; backslash-newline continues the text. */
  textArgument(): void {
    while (!this.done()) {
      const ch = this.next();
      if (ch === "\\") this.next();
      else if (ch === "\n") return;
    }
  }

  /** Reads `count` sections ended by the delimiter at the cursor, as in `s/re/rep/`. */
  delimited(count: number): boolean {
    const delimiter = this.next();
    if (delimiter === "" || delimiter === "\n" || delimiter === "\\") return false;
    for (let part = 0; part < count; part += 1) {
      for (;;) {
        if (this.done()) return false;
        const ch = this.next();
        if (ch === "\\") this.next();
        else if (ch === delimiter) break;
      }
    }
    return true;
  }
}

// Git's ignore rules (gitignore(5)), for the scan walker: the patterns of one
// .gitignore (or .git/info/exclude) compiled to regular expressions over paths
// relative to the file's directory, with "/" separators.
//
// Semantics kept from git: blank lines and "#" comments skipped, trailing blanks
// trimmed unless escaped, "\" escapes ("\#", "\!", "\ "), "!" re-includes, a
// trailing "/" matches directories only, a pattern with a "/" anywhere but at the
// end is anchored to the file's directory (otherwise it matches a name at any
// depth), "*" and "?" never match "/", "[…]" classes (with "!" or "^" negation),
// and "**" as a whole segment matches any number of directories. The last
// matching pattern decides.

export interface IgnoreRule {
  negated: boolean;
  directoryOnly: boolean;
  regex: RegExp;
  /** As written, for messages. */
  source: string;
}

export function parseGitignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const rule = parseLine(raw);
    if (rule !== undefined) rules.push(rule);
  }
  return rules;
}

function parseLine(raw: string): IgnoreRule | undefined {
  let line = trimTrailingBlanks(raw);
  if (line === "" || line.startsWith("#")) return undefined;
  let negated = false;
  if (line.startsWith("!")) {
    negated = true;
    line = line.slice(1);
  }
  let directoryOnly = false;
  if (line.endsWith("/") && !line.endsWith("\\/")) {
    directoryOnly = true;
    line = line.replace(/\/+$/, "");
  }
  if (line === "") return undefined;
  // A leading "/" anchors and is not part of the path; so does any inner "/".
  const anchored = line.includes("/");
  if (line.startsWith("/")) line = line.slice(1);
  const body = globToRegex(line);
  if (body === undefined) return undefined;
  const prefix = anchored ? "^" : "^(?:.*/)?";
  return { negated, directoryOnly, regex: new RegExp(`${prefix}${body}$`), source: raw.trim() };
}

/** Trailing spaces are ignored unless the last one is escaped with "\". */
function trimTrailingBlanks(raw: string): string {
  let end = raw.length;
  while (end > 0 && (raw[end - 1] === " " || raw[end - 1] === "\t")) {
    if (end >= 2 && raw[end - 2] === "\\") break;
    end--;
  }
  return raw.slice(0, end);
}

/**
 * One glob to a regex body. "**" is special only as a whole segment: a leading
 * "**\/" matches any leading directories, "/**\/" zero or more in the middle, a
 * trailing "/**" everything inside. Returns undefined for a malformed class.
 */
function globToRegex(glob: string): string | undefined {
  let out = "";
  let i = 0;
  while (i < glob.length) {
    const c = glob.charAt(i);
    if (c === "*" && glob.charAt(i + 1) === "*" && (i === 0 || glob.charAt(i - 1) === "/") && (i + 2 === glob.length || glob.charAt(i + 2) === "/")) {
      if (i + 2 === glob.length) {
        // "dir/**": everything inside (the "/" before is already in `out`).
        out += ".*";
        i += 2;
      } else {
        // "**/" at the start or after "/": zero or more directories.
        out += "(?:.*/)?";
        i += 3;
      }
      continue;
    }
    if (c === "*") {
      out += "[^/]*";
      i++;
    } else if (c === "?") {
      out += "[^/]";
      i++;
    } else if (c === "[") {
      const cls = readClass(glob, i);
      if (cls === undefined) return undefined;
      out += cls.regex;
      i = cls.end;
    } else if (c === "\\" && i + 1 < glob.length) {
      out += escapeRegex(glob.charAt(i + 1));
      i += 2;
    } else {
      out += escapeRegex(c);
      i++;
    }
  }
  return out;
}

function readClass(glob: string, start: number): { regex: string; end: number } | undefined {
  let i = start + 1;
  let negate = false;
  if (glob.charAt(i) === "!" || glob.charAt(i) === "^") {
    negate = true;
    i++;
  }
  let body = "";
  // A "]" right after the opening bracket is a literal.
  if (glob.charAt(i) === "]") {
    body += "\\]";
    i++;
  }
  while (i < glob.length && glob.charAt(i) !== "]") {
    const c = glob.charAt(i);
    if (c === "\\" && i + 1 < glob.length) {
      body += escapeRegex(glob.charAt(i + 1));
      i += 2;
      continue;
    }
    body += c === "-" ? "-" : escapeRegex(c);
    i++;
  }
  if (i >= glob.length) return undefined;
  // A class never matches "/".
  return { regex: negate ? `[^/${body}]` : `(?!/)[${body}]`, end: i + 1 };
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/-]/.test(c) ? `\\${c}` : c;
}

/**
 * Rules of one ignore file: `base` is its directory relative to the scan root
 * ("" for the root); for a file above the root, `prefix` is the root's path
 * relative to that file's directory ("sub/dir/"), put before every path.
 */
export interface IgnoreFile {
  base: string;
  prefix?: string;
  rules: readonly IgnoreRule[];
}

/**
 * Whether `rel` (relative to the scan root, "/"-separated) is ignored, given the
 * ignore files that apply to it, shallowest first: deeper files and later lines
 * take precedence, as in git.
 */
export function isIgnored(rel: string, isDirectory: boolean, files: readonly IgnoreFile[]): boolean {
  for (let f = files.length - 1; f >= 0; f--) {
    const file = files[f];
    if (file === undefined) continue;
    const below = file.base === "" ? rel : rel.startsWith(`${file.base}/`) ? rel.slice(file.base.length + 1) : undefined;
    if (below === undefined) continue;
    const local = `${file.prefix ?? ""}${below}`;
    for (let r = file.rules.length - 1; r >= 0; r--) {
      const rule = file.rules[r];
      if (rule === undefined || (rule.directoryOnly && !isDirectory)) continue;
      if (rule.regex.test(local)) return !rule.negated;
    }
  }
  return false;
}

import path from "node:path";

/**
 * Component-wise path containment. Every "is X inside Y" question in the policy goes
 * through here, never through `startsWith`: as strings, /projects/app-evil starts with
 * /projects/app, as paths it is a sibling.
 */

/** macOS and Windows volumes fold case unless formatted otherwise. */
export function defaultCaseInsensitive(): boolean {
  return process.platform === "darwin" || process.platform === "win32";
}

/** Separators the platform's own path functions treat as such. */
export const SEPARATORS = process.platform === "win32" ? /[\\/]+/ : /\/+/;

export interface SplitPath {
  root: string;
  parts: string[];
}

/** An absolute path as its root and its names, `.` and `..` already applied lexically. */
export function splitAbsolute(absolute: string): SplitPath {
  if (!path.isAbsolute(absolute)) throw new Error(`expected an absolute path, got '${absolute}'`);
  const normal = path.resolve(absolute);
  const root = path.parse(normal).root;
  const rest = normal.slice(root.length);
  return { root, parts: rest.split(SEPARATORS).filter((name) => name !== "") };
}

/** How names compare when the file system folds case (and, on macOS, Unicode normalisation). */
export function nameKey(name: string, caseInsensitive: boolean): string {
  return caseInsensitive ? name.normalize("NFC").toLowerCase() : name;
}

/**
 * True when `child` is `parent` or lies below it, comparing whole names. Both must be
 * absolute: a relative path would be read against the daemon's own cwd, which says
 * nothing about the agent's target, so that is a caller bug and throws.
 */
export function isWithin(child: string, parent: string, caseInsensitive: boolean): boolean {
  return relativeParts(child, parent, caseInsensitive) !== null;
}

/** The names of `child` below `parent`, or null when it is not within it. */
export function relativeParts(child: string, parent: string, caseInsensitive: boolean): string[] | null {
  const c = splitAbsolute(child);
  const p = splitAbsolute(parent);
  // Windows drive letters fold case whatever the volume does.
  const rootsEqual = process.platform === "win32" ? c.root.toLowerCase() === p.root.toLowerCase() : c.root === p.root;
  if (!rootsEqual || c.parts.length < p.parts.length) return null;
  for (let i = 0; i < p.parts.length; i++) {
    if (nameKey(c.parts[i] ?? "", caseInsensitive) !== nameKey(p.parts[i] ?? "", caseInsensitive)) return null;
  }
  return c.parts.slice(p.parts.length);
}

/**
 * Folds a file name to the form protected names are compared in. Protection matching
 * errs towards refusing: every spelling that some file system (or some tool on the
 * way) could treat as the protected name is folded onto it, even where this machine's
 * file system would keep the two apart.
 */

/**
 * Code points HFS+ ignores in names, the set git refuses in ".git" (CVE-2014-9390):
 * ".g\u200Cit" is ".git" on such a volume. Soft hyphen and the invisible operators
 * are added because they render as nothing and fool a human reviewer as well.
 */
// U+034F (combining grapheme joiner) sits outside the class: lint rightly warns about
// combining marks inside one.
const IGNORABLE = /\u034F|[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u206A-\u206F\uFEFF]/gu;

export function foldName(name: string): string {
  // NFKC maps compatibility forms onto ASCII: fullwidth "．ｖｓｃｏｄｅ" becomes ".vscode".
  let folded = name.normalize("NFKC").replace(IGNORABLE, "").toLowerCase().normalize("NFKC");
  // NTFS alternate data streams: ".git::$INDEX_ALLOCATION" opens the ".git" directory.
  const colon = folded.indexOf(":");
  if (colon !== -1) folded = folded.slice(0, colon);
  // Win32 drops trailing dots and spaces: ".vscode." and ".git " open ".vscode" and ".git".
  return folded.replace(/[. ]+$/u, "");
}

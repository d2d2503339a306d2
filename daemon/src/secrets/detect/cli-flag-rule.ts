// Credentials passed as command-line flags with a space: `--api-key abc…`,
// `--password "…"`, `-token …` (the `--flag=value` form is an assignment and
// handled by assignment-rule.ts). The flag name is judged like a key.
import { judgeValue, keyStrength, type KeyStrength } from "./value-judge";
import type { RawMatch, Rule } from "./types";

// Starts with the literal "-"; the flag must follow a blank (checked in code).
const FLAG = /--?([A-Za-z][A-Za-z0-9_-]{0,60})[ \t]{1,4}(["']?)([^\s"'=-][^\s"']{5,300})\2(?=\s|$)/g;

// `docker login -p …`, `podman login -p …`, `helm registry login -p …`: in a
// login command "-p" is documented as --password.
function flagStrength(flag: string, text: string, at: number): KeyStrength {
  if (flag !== "p") return keyStrength(flag);
  const lineStart = text.lastIndexOf("\n", at) + 1;
  return /\blogin\b/.test(text.slice(lineStart, at)) ? "password" : "none";
}

export const cliFlagRule: Rule = {
  id: "cli-flag-credential",
  kind: "generic-credential",
  keywords: [" -"],
  find(text: string): RawMatch[] {
    const out: RawMatch[] = [];
    for (const m of text.matchAll(FLAG)) {
      if (m.index > 0 && !/\s/.test(text.charAt(m.index - 1))) continue;
      const value = m[3] ?? "";
      const confidence = judgeValue(value, flagStrength(m[1] ?? "", text, m.index), (m[2] ?? "") !== "");
      if (confidence === undefined) continue;
      const start = m.index + m[0].length - value.length - (m[2] ?? "").length;
      out.push({ start, end: start + value.length, confidence });
    }
    return out;
  },
};

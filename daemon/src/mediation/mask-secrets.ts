import { detectSecrets } from "../secrets/detect/detect-secrets";

/** Room past the cut so a secret straddling it is still recognised whole (and masked). */
const OVERLAP = 1024;

/**
 * Masks every secret the detector finds, then cuts the text to `max` characters.
 * Detection runs on the kept part plus an overlap, so a value that straddles the
 * cut is seen whole and no unmasked fragment of it survives.
 */
export function maskSecrets(text: string, max: number): { text: string; findings: number } {
  const window = text.slice(0, max + OVERLAP);
  const findings = detectSecrets(window);
  let out = "";
  let at = 0;
  for (const f of findings) {
    out += `${window.slice(at, f.start)}[${f.kind} masked]`;
    at = f.end;
  }
  out += window.slice(at);
  const cut = out.length > max || text.length > window.length;
  return { text: cut ? `${out.slice(0, max)}… (cut)` : out, findings: findings.length };
}

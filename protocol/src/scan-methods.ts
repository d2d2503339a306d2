import { z } from "zod";
import { workspacePath } from "./agents";
import { MAX_FRAME_BYTES, MAX_SHORT_STRING } from "./limits";

/**
 * Secret detection on demand: text the editor has open, and whole workspaces.
 * Findings carry where and what, and a masked preview (at most 4 leading
 * characters): never the value.
 *
 * Human-only: an agent able to ask "is this detected?" could probe the detector
 * that masks its outputs and blocks its prompts until it finds an encoding that
 * slips through, and a workspace scan reads files policy may not let it read.
 */

/** Most findings one answer carries; `truncated` says when there were more. */
export const MAX_SCAN_FINDINGS = 2000;

const position = z.int().positive();
const text = z.string().max(MAX_SHORT_STRING);

export const secretFinding = z.strictObject({
  /** Detector rule, e.g. "github-token", "generic-credential". */
  rule: text,
  /** What the value is, e.g. "github-token", "private-key". */
  kind: text,
  confidence: z.enum(["high", "medium"]),
  line: position,
  column: position,
  endLine: position,
  endColumn: position,
  /** At most 4 leading characters and the length of the rest: "ghp_…(36 more)". */
  preview: z.string().max(64),
});
export type SecretFinding = z.infer<typeof secretFinding>;

export const scanMethods = {
  /**
   * Extension (diagnostics for the open editor, with a quick fix that moves the
   * value into the keychain): the secrets in one text. Offsets are UTF-16 code
   * units into `text`; lines and columns are 1-based.
   */
  "secrets/scan-text": {
    params: z.strictObject({
      text: z.string().max(MAX_FRAME_BYTES),
      /** Only to choose file-type rules (lockfiles are skipped); never read from disk. */
      fileName: text.optional(),
    }),
    result: z.strictObject({
      findings: z.array(secretFinding.extend({ start: z.int().nonnegative(), end: z.int().nonnegative() })).max(MAX_SCAN_FINDINGS),
      truncated: z.boolean(),
    }),
  },
  /**
   * CLI and extension (the Secrets view): every file of a workspace, as
   * `warden scan` reads it (.gitignore respected, binaries and files over 5 MiB
   * skipped, each skip listed with its reason).
   */
  "secrets/scan-workspace": {
    params: z.strictObject({ workspace: workspacePath }),
    result: z.strictObject({
      filesScanned: z.int().nonnegative(),
      bytesScanned: z.int().nonnegative(),
      ignored: z.int().nonnegative(),
      findings: z.array(secretFinding.extend({ file: text })).max(MAX_SCAN_FINDINGS),
      skipped: z.array(z.strictObject({ path: text, reason: text })).max(MAX_SCAN_FINDINGS),
      truncated: z.boolean(),
    }),
  },
} as const;

export const SCAN_ACCESS = {
  "secrets/scan-text": "human",
  "secrets/scan-workspace": "human",
} as const satisfies Record<keyof typeof scanMethods, "human" | "any">;

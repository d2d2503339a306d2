// Whether a prompt may go to the model: one holding a high-confidence secret is
// stopped before it leaves the machine (a prompt is sent to the model provider and
// kept in its logs and the agent's transcript), and the user is told which value
// and what to do. Medium-confidence findings are only masked in the audit log:
// they include test fixtures and low-grade values that should not stop a prompt.
import { detectSecrets } from "../detect/detect-secrets";
import { findSplitKeys } from "./split-keys";

/** What the gate does with a prompt holding a high-confidence secret. */
export type PromptSecretAction = "block" | "mask";

export interface PromptScreen {
  /** Set when the prompt must not be sent: the reason shown to the user. */
  block: string | null;
  /** Kinds of the high-confidence findings, for the audit record. */
  kinds: string[];
}

// Where a finding is, counted for the user; the value itself is never repeated.
const MAX_LISTED = 3;

export function screenPrompt(prompt: string, action: PromptSecretAction): PromptScreen {
  const high = detectSecrets(prompt).filter((f) => f.confidence === "high");
  // Attack: a key typed in groups ("ghp_ab12 cd34 …") reaches the model while no rule sees it whole.
  const split = findSplitKeys(prompt);
  const kinds = [...new Set([...high.map((f) => f.kind), ...split.map((f) => f.kind)])];
  if ((high.length === 0 && split.length === 0) || action === "mask") return { block: null, kinds };
  const listed = [
    ...high.map((f) => `a ${f.kind} (${f.preview}) at line ${f.line}, column ${f.column}`),
    ...split.map((f) => `a ${f.kind} split by spaces, dashes or line breaks from line ${f.line}`),
  ];
  const total = listed.length;
  listed.splice(MAX_LISTED);
  const more = total > MAX_LISTED ? ` and ${total - MAX_LISTED} more` : "";
  return {
    block:
      `Warden blocked this prompt: it contains ${listed.join("; ")}${more}. ` +
      "A prompt is sent to the model provider and kept in transcripts, so the secret would leave this machine. " +
      "Remove the value (keep it in Warden's secret store and refer to it by name) and send the prompt again.",
    kinds,
  };
}

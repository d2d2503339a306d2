// Loads and scores the labelled secrets corpus (test/corpora/secrets/labelled.jsonl: the
// gitleaks, detect-secrets and secretlint rows; see test/corpora/README.md). Used by the
// corpus test and the benchmark so both count recall and false positives the same way.
import { corpusText } from "../../test-corpora";

/**
 * The corpus kinds that secretlint 12's preset-recommend has a rule for (aws, gcp,
 * privatekey, npm, basicauth + database-connection-string, slack, sendgrid,
 * shopify, github, gitlab, grafana, openai, anthropic, groq, huggingface, linear,
 * notion, 1password, hashicorp-vault, vercel, databricks, docker, figma).
 */
export const SECRETLINT_KINDS: ReadonlySet<string> = new Set([
  "aws-access-key", "gcp-credential", "private-key", "npm-token", "url-or-db-credentials", "slack-token", "slack-webhook",
  "sendgrid-api-key", "shopify-token", "github-token", "gitlab-token", "grafana-token", "openai-api-key", "anthropic-api-key",
  "groq-api-key", "huggingface-token", "linear-api-key", "notion-token", "1password-token", "hashicorp-vault-token",
  "vercel-token", "databricks-token", "docker-token", "figma-token",
]);

export interface LabelledRow {
  id: number;
  text: string;
  secret: boolean;
  kind: string;
  ambiguous: boolean;
}

export interface KindScore {
  kind: string;
  positives: number;
  found: number;
  negatives: number;
  flagged: number;
}

export interface CorpusScore {
  recall: number;
  /** False-positive rate on not-secret rows that are not marked ambiguous. */
  fpClean: number;
  /** False-positive rate on all not-secret rows. */
  fpAll: number;
  positives: number;
  negativesClean: number;
  negativesAll: number;
  kinds: KindScore[];
}

export const LABELLED_CORPUS = "secrets/labelled.jsonl";

export function loadCorpus(): LabelledRow[] {
  return corpusText(LABELLED_CORPUS)
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, index) => parseRow(line, index + 1, LABELLED_CORPUS));
}

function parseRow(line: string, lineNo: number, file: string): LabelledRow {
  const raw: unknown = JSON.parse(line);
  if (typeof raw !== "object" || raw === null) throw new Error(`${file}:${lineNo}: not a JSON object`);
  const id = "id" in raw ? raw.id : undefined;
  const text = "text" in raw ? raw.text : undefined;
  const label = "label" in raw ? raw.label : undefined;
  const kind = "kind" in raw ? raw.kind : undefined;
  if (typeof id !== "number" || typeof text !== "string" || typeof kind !== "string" || (label !== "secret" && label !== "not-secret")) {
    throw new Error(`${file}:${lineNo}: expected id, text, kind and label "secret" | "not-secret"`);
  }
  const ambiguous = "ambiguous" in raw && raw.ambiguous === true;
  return { id, text, secret: label === "secret", kind, ambiguous };
}

/** Scores a detector given as "does this row produce at least one finding". */
export function scoreCorpus(rows: readonly LabelledRow[], flags: (row: LabelledRow) => boolean): CorpusScore {
  const kinds = new Map<string, KindScore>();
  let found = 0;
  let positives = 0;
  let flaggedClean = 0;
  let negativesClean = 0;
  let flaggedAll = 0;
  let negativesAll = 0;
  for (const row of rows) {
    const hit = flags(row);
    const kind = kinds.get(row.kind) ?? { kind: row.kind, positives: 0, found: 0, negatives: 0, flagged: 0 };
    kinds.set(row.kind, kind);
    if (row.secret) {
      positives++;
      kind.positives++;
      if (hit) {
        found++;
        kind.found++;
      }
      continue;
    }
    negativesAll++;
    kind.negatives++;
    if (hit) {
      flaggedAll++;
      kind.flagged++;
    }
    if (!row.ambiguous) {
      negativesClean++;
      if (hit) flaggedClean++;
    }
  }
  return {
    recall: ratio(found, positives),
    fpClean: ratio(flaggedClean, negativesClean),
    fpAll: ratio(flaggedAll, negativesAll),
    positives,
    negativesClean,
    negativesAll,
    kinds: [...kinds.values()].sort((a, b) => b.positives + b.negatives - (a.positives + a.negatives)),
  };
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

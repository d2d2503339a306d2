import path from "node:path";
import { AuditRecord } from "../../../../protocol/src/audit";
import { decision as decisionSchema } from "../../../../protocol/src/actions";
import { ReportDecision, ReportEntry } from "../../../../protocol/src/incident-methods";
import { JsonValue } from "../../../../protocol/src/json";
import { maskSecrets } from "../../mediation/mask-secrets";
import { gitPushTargets } from "../../policy/shell-decision";
import { ShellParser } from "../../policy/shell/types";

/** An entry that stems from an `action.decided` record (and so can carry a result). */
export type ActedEntry = Exclude<ReportEntry, { type: "secret" | "approval" | "identity" }>;

/** Programs whose operands are deleted. */
const DELETERS = new Set(["rm", "rmdir", "unlink", "shred"]);
const MAX_TEXT = 2048;

/**
 * The entries one decided call amounts to. The agent's shell commands are looked
 * into with the same analyser policy uses, so `rm -rf src` shows as a deletion,
 * `echo x > a.txt` as a write and `git push origin main` as a push, not only as a
 * command line.
 */
export function decidedEntries(record: AuditRecord, workspace: string, shell: ShellParser): ReportEntry[] {
  const p = fields(record.payload);
  const via = p["via"] === "broker" ? "broker" : "gate";
  const tool = str(p["tool"]) ?? "?";
  const decided = decisionOf(p);
  const base: Base = { seq: record.seq, ts: record.ts, via, tool, decided, result: null };
  const actions = Array.isArray(p["actions"]) ? p["actions"].map(fields) : [];
  const out: ReportEntry[] = [];
  for (const a of actions) {
    const kind = str(a["kind"]) ?? "?";
    const target = str(a["target"]) ?? "";
    switch (kind) {
      case "file.read":
      case "file.write":
      case "file.delete":
        out.push({ ...base, type: "file", op: kind === "file.read" ? "read" : kind === "file.write" ? "write" : "delete", path: relativePath(target, workspace), restoreId: null });
        break;
      case "shell.exec":
        out.push({ ...base, type: "command", command: masked(target), exitCode: null });
        out.push(...commandEffects(target, workspace, shell, base));
        break;
      case "git.push": {
        const parsed = pushOf(target);
        out.push({
          ...base,
          type: "push",
          target: masked(target),
          remote: str(p["remote"]) ?? parsed?.remote ?? null,
          branch: str(p["branch"]) ?? parsed?.branch ?? null,
          force: p["force"] === true || parsed?.force === true,
          oldRef: null,
          newRef: null,
        });
        break;
      }
      case "http.request":
        out.push({ ...base, type: "http", method: str(p["method"]) ?? "GET", url: masked(target), host: hostOf(target), status: null });
        break;
      case "secret.use":
        out.push({ type: "secret", seq: record.seq, ts: record.ts, name: target, target: null, decision: decided.decision });
        break;
      default:
        out.push({ ...base, type: "action", kind, target: masked(target) });
    }
  }
  // Refused before any action was known (malformed input): still an attempt, and a denial.
  if (out.length === 0) out.push({ ...base, type: "action", kind: "none", target: tool });
  return out;
}

type Base = Pick<ActedEntry, "seq" | "ts" | "via" | "tool" | "decided" | "result">;

/** What a command line writes, deletes and pushes, as far as the analyser sees statically. */
function commandEffects(command: string, workspace: string, shell: ShellParser, base: Base): ReportEntry[] {
  const out: ReportEntry[] = [];
  let commands;
  try {
    commands = shell.analyze(command).commands;
  } catch {
    return out;
  }
  // The analyser errs towards more (a write may be listed on several commands of a chain): each file once.
  const seen = new Set<string>();
  const file = (op: "write" | "delete", target: string): void => {
    const p = relativePath(target, workspace);
    if (seen.has(`${op} ${p}`)) return;
    seen.add(`${op} ${p}`);
    out.push({ ...base, type: "file", op, path: p, restoreId: null });
  };
  for (const c of commands) {
    for (const w of c.writes) if (!w.startsWith("/dev/")) file("write", w);
    if (DELETERS.has(c.programName)) for (const a of c.args) if (!a.startsWith("-")) file("delete", a);
    if (c.programName === "git") {
      const pushes = gitPushTargets(c.args);
      const targets = pushes === "unknown" ? [{ remote: null, branch: null, force: false }] : pushes;
      for (const t of targets) out.push({ ...base, type: "push", target: masked(command), remote: t.remote, branch: t.branch, force: t.force, oldRef: null, newRef: null });
    }
  }
  return out;
}

function decisionOf(p: Record<string, JsonValue>): ReportDecision {
  const d = decisionSchema.safeParse(p["decision"]);
  return {
    // A record whose decision cannot be read is shown as a denial: never as something allowed.
    decision: d.success ? d.data : "deny",
    rule: str(p["rule"]),
    source: str(p["source"]),
    reason: masked(str(p["reason"]) ?? ""),
    asked: p["asked"] === true,
    approval: str(p["approval"]),
    grant: str(p["grant"]),
  };
}

/** `git push [--force] REMOTE BRANCH` as the broker writes its targets. */
function pushOf(target: string): { remote: string; branch: string; force: boolean } | null {
  const words = target.split(/\s+/).filter((w) => w !== "");
  const pushes = gitPushTargets(words);
  return pushes === "unknown" ? null : (pushes[0] ?? null);
}

export function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.port === "" ? u.hostname : `${u.hostname}:${u.port}`;
  } catch {
    return null;
  }
}

/** Paths inside the workspace read relative to it; others stay as written (and stand out). */
export function relativePath(target: string, workspace: string): string {
  if (!path.isAbsolute(target)) return path.normalize(target);
  const rel = path.relative(workspace, target);
  return rel === "" ? "." : rel.startsWith("..") || path.isAbsolute(rel) ? target : rel;
}

/** Text from the log shown in a report: secrets a command line or URL carried are masked. */
export function masked(text: string): string {
  return maskSecrets(text, MAX_TEXT).text;
}

export function fields(v: JsonValue | undefined): Record<string, JsonValue> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? v : {};
}

export function str(v: JsonValue | undefined): string | null {
  return typeof v === "string" && v !== "" ? v : null;
}

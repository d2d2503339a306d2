import { IncidentReport, ReportEntry } from "../../../../protocol/src/incident-methods";

type Acted = Exclude<ReportEntry, { type: "secret" | "approval" | "identity" }>;

/**
 * The report for a person: header with the chain's state, affected systems, then
 * each kind of thing the agent did, then the whole timeline. Everything that came
 * from the agent (paths, commands, URLs) is escaped: a file named
 * `x | [click](https://evil)` or `<img onerror>` must read as text, not as table
 * structure, a link or HTML in a preview.
 */
export function renderMarkdown(r: IncidentReport): string {
  const out: string[] = [];
  const a = r.agent;
  out.push(`# Incident report: agent ${code(a.name)}`, "");
  out.push(
    table(
      ["", ""],
      [
        ["Agent", `${code(a.name)} (${esc(a.kind ?? "?")}, role ${esc(a.role ?? "?")}), owner ${esc(a.owner ?? "?")}`],
        ["Purpose", esc(a.purpose ?? "?")],
        ["Status", `**${a.status}**${a.statusReason !== null ? ` (${esc(a.statusReason)})` : ""}`],
        ["Workspace", code(a.workspace)],
        ["Period", `${r.period.since ?? "the beginning of the log"} → ${r.period.until}${r.period.firstSeq !== null ? ` (records #${r.period.firstSeq}–#${r.period.lastSeq ?? "?"})` : ""}`],
        ["Audit log", r.log.ok ? `verified: ${r.log.checked} records, head #${r.log.headSeq} ${code(r.log.headHash.slice(0, 16))}` : `**BROKEN at record #${r.log.firstBadSeq ?? "?"}: ${esc(r.log.problem ?? "unknown problem")}** — what follows may not be what happened`],
        ["Generated", `${r.generatedAt} by ${esc(r.generator)}; ${r.recordsExamined} records about the agent${r.truncated ? ` (**truncated** to ${r.timeline.length} entries: narrow with --since)` : ""}`],
      ],
    ),
    "",
  );
  const s = r.summary;
  out.push("## Affected systems", "");
  out.push(`- Files written: ${list(s.files.written)}`, `- Files deleted: ${list(s.files.deleted)}`, `- Files read: ${list(s.files.read)}`, `- Directories: ${list(s.directories)}`);
  out.push(`- Git remotes pushed to: ${list(s.remotes)}`, `- Hosts called: ${list(s.hosts)}`, `- Secrets used: ${list(s.secrets)}`);
  out.push(`- Commands run: ${s.commands}; approvals asked: ${s.approvals.asked} (${s.approvals.approved} approved, ${s.approvals.denied} denied, ${s.approvals.expired} expired, ${s.approvals.pending} pending); denials: ${s.denials}`, "");

  const of = <T extends ReportEntry["type"]>(type: T) => r.timeline.filter((e): e is Extract<ReportEntry, { type: T }> => e.type === type);
  const files = of("file");
  section(out, "Files", ["Seq", "Op", "Path", "Decision", "Result", "Restore"], files.map((e) => [seq(e.seq, e.result), e.op, code(e.path), decision(e), result(e), e.restoreId !== null ? code(`warden restore ${e.restoreId}`) : ""]));
  section(out, "Commands", ["Seq", "Command", "Via", "Decision", "Exit", "Result"], of("command").map((e) => [seq(e.seq, e.result), code(e.command), `${e.via} ${esc(e.tool)}`, decision(e), e.exitCode === null ? "" : String(e.exitCode), result(e)]));
  section(out, "Pushes", ["Seq", "Remote", "Branch", "Old → new", "Force", "Decision"], of("push").map((e) => [seq(e.seq, e.result), esc(e.remote ?? "?"), esc(e.branch ?? "?"), `${code(e.oldRef?.slice(0, 12) ?? "(none)")} → ${code(e.newRef?.slice(0, 12) ?? "?")}`, e.force ? "**yes**" : "no", decision(e)]));
  section(out, "HTTP requests", ["Seq", "Method", "Host", "URL", "Status", "Decision"], of("http").map((e) => [seq(e.seq, e.result), esc(e.method), esc(e.host ?? "?"), code(e.url), e.status === null ? "" : String(e.status), decision(e)]));
  section(out, "Secrets used (names only)", ["Seq", "Secret", "Sent to", "Decision"], of("secret").map((e) => [`#${e.seq}`, code(e.name), esc(e.target ?? ""), e.decision ?? ""]));
  section(out, "Approvals", ["Seq", "Id", "Asked for", "Answer", "By", "Scope", "Reason"], of("approval").map((e) => [`#${e.seq}${e.answeredSeq !== null ? `, #${e.answeredSeq}` : ""}`, code(e.id), `${esc(e.action)}: ${esc(e.summary)}`, `**${e.status}**`, esc(e.answeredBy ?? (e.status === "pending" ? "" : "warden (no human)")), esc(e.scope ?? ""), esc(e.reason ?? "")]));
  const denials = r.timeline.filter((e): e is Acted => "decided" in e && e.decided.decision === "deny");
  section(out, "Denials", ["Seq", "What", "Rule", "Reason"], denials.map((e) => [`#${e.seq}`, what(e), code(e.decided.rule ?? "(default)"), esc(e.decided.reason)]));
  section(out, "Identity, credentials and response", ["Seq", "Event", "By", "Detail"], of("identity").map((e) => [`#${e.seq}`, esc(e.kind), esc(e.by), esc(e.detail)]));
  section(out, "Timeline", ["Seq", "Time", "What", "Decision"], r.timeline.map((e) => [`#${e.seq}`, e.ts, line(e), "decided" in e ? decision(e) : e.type === "approval" ? e.status : ""]));
  return `${out.join("\n").trimEnd()}\n`;
}

function section(out: string[], title: string, head: string[], rows: string[][]): void {
  out.push(`## ${title}`, "");
  out.push(rows.length === 0 ? "None." : table(head, rows), "");
}

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

function line(e: ReportEntry): string {
  switch (e.type) {
    case "secret":
      return `secret ${code(e.name)} used${e.target !== null ? ` for ${esc(e.target)}` : ""}`;
    case "approval":
      return `approval ${code(e.id)} asked: ${esc(e.summary)}`;
    case "identity":
      return `${esc(e.kind)} by ${esc(e.by)}: ${esc(e.detail)}`;
    default:
      return `${what(e)} (${e.via} ${esc(e.tool)})`;
  }
}

function what(e: Acted): string {
  switch (e.type) {
    case "file":
      return `${e.op} ${code(e.path)}`;
    case "command":
      return `run ${code(e.command)}`;
    case "push":
      return `push ${esc(e.remote ?? "?")} ${esc(e.branch ?? "?")}${e.force ? " (force)" : ""}`;
    case "http":
      return `${esc(e.method)} ${code(e.url)}`;
    case "action":
      return `${esc(e.kind)} ${code(e.target)}`;
  }
}

function decision(e: Acted): string {
  const d = e.decided;
  const how = d.approval !== null ? `, approval ${code(d.approval)}` : d.grant !== null ? `, grant ${code(d.grant)}` : "";
  return `${d.decision === "deny" ? "**deny**" : d.decision}${d.rule !== null ? ` (${code(d.rule)}${how})` : how !== "" ? ` (${how.slice(2)})` : ""}`;
}

function result(e: Acted): string {
  if (e.result === null) return "";
  const state = e.result.ok === false ? "failed: " : "";
  return esc(`${state}${e.result.error ?? e.result.summary ?? ""}`);
}

function seq(decided: number, res: { seq: number } | null): string {
  return res === null ? `#${decided}` : `#${decided} → #${res.seq}`;
}

function list(items: readonly string[]): string {
  return items.length === 0 ? "none" : items.map(code).join(", ");
}

/** Text in a table cell: one line, no table pipes, no HTML, no link or emphasis syntax. */
export function esc(text: string): string {
  // Entities for HTML's own characters (renderers differ on backslash escapes there), backslashes for Markdown's.
  return oneLine(text)
    .replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"))
    .replace(/[\\`*_[\]|#!~]/g, (c) => `\\${c}`);
}

/**
 * A code span that holds any text: the fence is longer than any run of backticks
 * inside, and pipes are escaped (GFM splits table cells on `|` even in code).
 */
export function code(text: string): string {
  const t = oneLine(text).replace(/\|/g, "\\|");
  const longest = Math.max(0, ...[...t.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = t.startsWith("`") || t.endsWith("`") || t === "" ? " " : "";
  return `${fence}${pad}${t}${pad}${fence}`;
}

function oneLine(text: string): string {
  // Control characters (newlines, escapes) would end a table row or reach a terminal.
  let out = "";
  for (const ch of text.slice(0, 500)) out += ch < " " || ch === "\u007f" ? " " : ch;
  return out;
}

import type { ShellAnalysis, ShellParser } from "../../../../daemon/src/policy/shell";
import { covers } from "./argv-match";
import type { LineTrace } from "./bash-sandbox";

/** One line where bash ran a command Warden did not report as it ran. */
export interface Disagreement {
  source: string;
  line: string;
  resolved: boolean;
  problems: string[];
  /** Commands bash ran that no reported command matches. */
  missed: string[][];
  reported: string[][];
}

export interface Figures {
  compared: number;
  agreed: number;
  /** Disagreed, and Warden called the line unresolved: the policy asks, never allows. */
  disagreedRefused: number;
  /** Disagreed, and Warden called the line resolved: an allowlist bypass. Must be 0. */
  disagreedResolved: number;
  resolved: number;
  /** Lines in which bash ran at least one command (the rest show nothing to compare). */
  withCommands: number;
  commandsCompared: number;
  timedOut: number;
}

export interface Compared {
  figures: Figures;
  disagreements: Disagreement[];
}

export interface SourcedLine {
  source: string;
  line: string;
}

/** Compares Warden's analysis of each line with what bash ran for it. */
export function compareLines(parser: ShellParser, lines: readonly SourcedLine[], traces: readonly LineTrace[]): Compared {
  const figures: Figures = { compared: 0, agreed: 0, disagreedRefused: 0, disagreedResolved: 0, resolved: 0, withCommands: 0, commandsCompared: 0, timedOut: 0 };
  const disagreements: Disagreement[] = [];
  lines.forEach(({ source, line }, i) => {
    const trace = traces[i];
    if (trace === undefined) throw new Error(`no trace for line ${i}`);
    const analysis: ShellAnalysis = parser.analyze(line);
    figures.compared += 1;
    if (analysis.resolved) figures.resolved += 1;
    if (trace.timedOut) figures.timedOut += 1;
    if (trace.argvs.length > 0) figures.withCommands += 1;
    figures.commandsCompared += trace.argvs.length;
    const missed = trace.argvs.filter((argv) => !covers(analysis.commands, argv));
    if (missed.length === 0) {
      figures.agreed += 1;
      return;
    }
    if (analysis.resolved) figures.disagreedResolved += 1;
    else figures.disagreedRefused += 1;
    disagreements.push({
      source,
      line,
      resolved: analysis.resolved,
      problems: analysis.problems,
      missed,
      reported: analysis.commands.map((command) => [command.program, ...command.args]),
    });
  });
  return { figures, disagreements };
}

export function describeFigures(label: string, f: Figures): string {
  const pct = f.compared === 0 ? "n/a" : `${((100 * f.agreed) / f.compared).toFixed(2)}%`;
  return (
    `${label}: compared ${f.compared} lines (${f.commandsCompared} commands bash ran, in ${f.withCommands} lines), ` +
    `agreed ${f.agreed} (${pct}), disagreed-but-refused ${f.disagreedRefused}, disagreed-and-resolved ${f.disagreedResolved}; ` +
    `Warden resolved ${f.resolved}, bash timed out on ${f.timedOut}`
  );
}

export function addFigures(a: Figures, b: Figures): Figures {
  return {
    compared: a.compared + b.compared,
    agreed: a.agreed + b.agreed,
    disagreedRefused: a.disagreedRefused + b.disagreedRefused,
    disagreedResolved: a.disagreedResolved + b.disagreedResolved,
    resolved: a.resolved + b.resolved,
    withCommands: a.withCommands + b.withCommands,
    commandsCompared: a.commandsCompared + b.commandsCompared,
    timedOut: a.timedOut + b.timedOut,
  };
}

export function describeDisagreement(d: Disagreement): string {
  return `[${d.source}] ${JSON.stringify(d.line)}\n    bash ran ${JSON.stringify(d.missed)}\n    Warden reported ${JSON.stringify(d.reported)}${d.resolved ? "" : ` (unresolved: ${d.problems.slice(0, 2).join("; ")})`}`;
}

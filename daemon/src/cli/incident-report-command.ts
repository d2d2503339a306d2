import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { WardenError } from "../../../protocol/src/errors";
import { AuditStore } from "../audit/store";
import { collectReport } from "../incident/report/collect";
import { renderMarkdown } from "../incident/report/markdown";
import { saveReport } from "../incident/report/save";
import { isWithin } from "../policy/paths/within";
import { loadShellParser } from "../policy/shell";
import { realDirectory } from "../state/real-directory";
import { wardenVersion } from "../version";
import { EXIT } from "./exit-codes";
import { parseSince } from "./option-values";
import { CommandRunner } from "./runner";

/**
 * `warden incident report NAME`: what an agent did, from the audit log. Built here
 * from the database (read-only), not through the daemon, so it works while the
 * daemon is stopped — in an incident it may well be. A copy is kept in Warden's
 * state directory, out of every agent's reach.
 */
export function registerIncidentReportCommand(program: Command, run: CommandRunner): void {
  const incident = program.commands.find((c) => c.name() === "incident") ?? program.command("incident").description("incident response: reports of what agents did");
  run.define(
    incident
      .command("report")
      .description("what an agent touched — files, commands, pushes, requests, secrets, approvals, denials — in time order with audit seqs, and whether the log verifies")
      .argument("<name>", "the agent's name")
      .option("--workspace <dir>", "the agent's workspace (default: the current directory; it may no longer exist)")
      .option("--since <when>", "only what happened since a duration ago (15m, 2h, 7d) or a date")
      .option("--format <format>", "md (for people) or json (for tools)", "md")
      .option("-o, --output <file>", "write the report to FILE (new file, mode 0600; not inside the agent's workspace)")
      .option("--no-save", "do not keep a copy in Warden's state directory"),
    async ({ paths, out, opts, args }) => {
      const name = typeof args[0] === "string" ? args[0] : "";
      const format = String(opts["format"]);
      if (format !== "md" && format !== "json") throw new WardenError("bad_config", `--format '${format}' is not supported; use --format md or --format json`, { flag: "--format" });
      const workspace = workspaceOf(typeof opts["workspace"] === "string" ? opts["workspace"] : process.cwd());
      const since = typeof opts["since"] === "string" ? parseSince(opts["since"]) : null;
      const output = typeof opts["output"] === "string" ? checkedOutput(opts["output"], workspace) : null;
      const store = AuditStore.openForReading(paths.db);
      let report;
      try {
        report = await collectReport(store, () => store.verify(paths.headFile), { workspace, agent: name, since, generator: `warden ${wardenVersion()}` }, await loadShellParser());
      } finally {
        store.close();
      }
      const markdown = renderMarkdown(report);
      const body = format === "md" ? markdown : `${JSON.stringify(report, null, 2)}\n`;
      const saved = opts["save"] === false ? null : saveReport(paths.home, report, markdown);
      if (output !== null) fs.writeFileSync(output, body, { mode: 0o600, flag: "wx" });
      if (out.json) out.result("", { report, saved, output });
      else if (output !== null) out.result(`Wrote the report on '${name}' to ${output}.${saved !== null ? ` A copy is kept in ${saved.folder}.` : ""}`, null);
      else {
        out.write(body);
        if (saved !== null) out.info(`warden: a copy is kept in ${saved.folder}`);
      }
      if (!report.log.ok) out.info(`warden: the audit log does NOT verify (record ${report.log.firstBadSeq ?? "?"}: ${report.log.problem ?? "?"}); the report says so at the top`);
      return report.log.ok ? EXIT.ok : EXIT.chainBroken;
    },
  );
}

/** The workspace by real path; one deleted since is named as given (the log still knows it). */
function workspaceOf(value: string): string {
  return realDirectory(value) ?? path.resolve(value);
}

/**
 * Attack: a report written into the agent's own workspace, where the agent (or a
 * commit) can read what was found out about it, or change it.
 */
function checkedOutput(file: string, workspace: string): string {
  const absolute = path.resolve(file);
  const dir = realDirectory(path.dirname(absolute));
  if (dir === null) throw new WardenError("bad_config", `--output '${file}': its directory does not exist`, { flag: "--output" });
  const real = path.join(dir, path.basename(absolute));
  if (isWithin(real, workspace, false)) {
    throw new WardenError("bad_config", `--output '${file}' is inside the agent's workspace ${workspace}, where the agent can read it; write it elsewhere (a copy is kept in Warden's state directory anyway)`, { flag: "--output" });
  }
  if (fs.existsSync(real)) throw new WardenError("bad_config", `--output '${file}' already exists; choose a new file (reports never overwrite)`, { flag: "--output" });
  return real;
}

import { AuditStore } from "../audit/store";
import { WardenPaths } from "../config";
import { collectReport } from "../incident/report/collect";
import { renderMarkdown } from "../incident/report/markdown";
import { saveReport } from "../incident/report/save";
import { ShellParser } from "../policy/shell/types";
import { canonicalWorkspace } from "./agent-handlers";
import { Handlers } from "./connection";

export interface ReportHandlerContext {
  store: AuditStore;
  paths: WardenPaths;
  shell: ShellParser;
  version: string;
}

/** Incident reports for the extension; the CLI builds the same report from the database itself. */
export function createReportHandlers(ctx: ReportHandlerContext): Pick<Handlers, "incidents/report"> {
  return {
    "incidents/report": async (p) => {
      // The workspace may be gone (deleted during the incident): the log still names it.
      const workspace = canonicalWorkspace(p.workspace, false);
      const report = await collectReport(
        ctx.store,
        () => ctx.store.verify(ctx.paths.headFile),
        { workspace, agent: p.name, since: p.since ?? null, generator: `warden ${ctx.version}` },
        ctx.shell,
      );
      const markdown = renderMarkdown(report);
      return { report, markdown, saved: p.save === true ? saveReport(ctx.paths.home, report, markdown) : null };
    },
  };
}

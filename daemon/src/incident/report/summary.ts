import path from "node:path";
import { IncidentReport, ReportEntry } from "../../../../protocol/src/incident-methods";

type Summary = IncidentReport["summary"];

/**
 * What was affected, from the timeline: only what was allowed and did not fail
 * (a denied write touched nothing); denied attempts are counted on their own, once
 * per decision.
 */
export function summarise(timeline: readonly ReportEntry[]): Summary {
  const read = new Set<string>();
  const written = new Set<string>();
  const deleted = new Set<string>();
  const remotes = new Set<string>();
  const hosts = new Set<string>();
  const secrets = new Set<string>();
  const deniedSeqs = new Set<number>();
  const approvals = { asked: 0, approved: 0, denied: 0, expired: 0, pending: 0 };
  let commands = 0;
  for (const e of timeline) {
    if (e.type === "approval") {
      approvals.asked++;
      approvals[e.status]++;
      continue;
    }
    if (e.type === "identity") continue;
    if (e.type === "secret") {
      if (e.decision !== "deny") secrets.add(e.name);
      continue;
    }
    if (e.decided.decision === "deny") {
      deniedSeqs.add(e.seq);
      continue;
    }
    if (e.result?.ok === false) continue;
    switch (e.type) {
      case "file":
        (e.op === "read" ? read : e.op === "write" ? written : deleted).add(e.path);
        break;
      case "command":
        commands++;
        break;
      case "push":
        remotes.add(e.branch === null ? (e.remote ?? "(remote from git config)") : `${e.remote ?? "?"} ${e.branch}`);
        break;
      case "http":
        if (e.host !== null) hosts.add(e.host);
        break;
      case "action":
        break;
    }
  }
  const directories = new Set<string>();
  for (const file of [...written, ...deleted, ...read]) {
    const dir = path.dirname(file);
    if (dir !== "." && dir !== "/") directories.add(dir);
  }
  return {
    files: { read: sorted(read), written: sorted(written), deleted: sorted(deleted) },
    directories: sorted(directories),
    commands,
    remotes: sorted(remotes),
    hosts: sorted(hosts),
    secrets: sorted(secrets),
    approvals,
    denials: deniedSeqs.size,
  };
}

function sorted(set: Set<string>): string[] {
  return [...set].sort();
}

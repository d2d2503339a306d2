import { el } from "../dom";
import { ApprovalData } from "./types";

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** A unified diff with added and removed lines marked (as text: it is the agent's content). */
function unifiedDiff(text: string): HTMLElement {
  const pre = el("pre", { className: "diff", id: "data-diff" });
  for (const line of text.split("\n")) {
    // The "Index:" and "====" lines name the file again; the header above already does.
    if (line.startsWith("Index: ") || /^=+$/.test(line)) continue;
    const kind = line.startsWith("+++") || line.startsWith("---") ? "meta" : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : line.startsWith("@@") ? "hunk" : "ctx";
    pre.append(el("span", { className: `dl dl-${kind}`, text: `${line}\n` }));
  }
  return pre;
}

/** What the action touches, per kind: the diff of a write, the files of a deletion, the commits of a push, an HTTP request, a command. */
export function dataView(data: ApprovalData, openDiff: HTMLElement): HTMLElement {
  switch (data.type) {
    case "diff":
      return el("div", { className: "data data-diff" }, [
        el("div", { className: "data-head" }, [el("span", { text: `${data.before === null ? "New file" : "Changes to"} ${data.path}${data.truncated ? " (preview truncated)" : ""}` }), openDiff]),
        unifiedDiff(data.unified),
      ]);
    case "files": {
      const rows = data.files.map((f) => el("tr", {}, [el("td", { text: f.kind }), el("td", { className: "path", text: f.path }), el("td", { className: "num", text: bytes(f.bytes) })]));
      return el("div", { className: "data data-files", id: "data-files" }, [
        el("div", { className: "data-head", text: `Would delete ${data.totalFiles} item${data.totalFiles === 1 ? "" : "s"}, ${bytes(data.totalBytes)}${data.files.length < data.totalFiles ? ` (first ${data.files.length} listed)` : ""}` }),
        el("table", {}, [el("tbody", {}, rows)]),
      ]);
    }
    case "commits": {
      const rows = data.commits.map((c) => el("tr", {}, [el("td", { className: "sha", text: c.sha.slice(0, 10) }), el("td", { text: c.subject }), el("td", { className: "author", text: c.author })]));
      return el("div", { className: "data data-commits", id: "data-commits" }, [
        el("div", { className: `data-head${data.force ? " danger" : ""}`, text: `${data.force ? "FORCE-push" : "Push"} ${data.totalCommits} commit${data.totalCommits === 1 ? "" : "s"} to ${data.remote} ${data.branch}${data.remoteRef !== null ? ` (remote now at ${data.remoteRef.slice(0, 10)})` : " (new branch)"}` }),
        el("table", {}, [el("tbody", {}, rows)]),
      ]);
    }
    case "http":
      return el("div", { className: "data data-http", id: "data-http" }, [
        // The scheme is in the target line above; the data shows what the request is.
        el("div", { className: "data-head", text: `${data.method} ${data.host}${data.path}` }),
        el("pre", { text: data.bodySummary ?? "(no body)" }),
        // The data the request carries: which stored secrets Warden would put in (never their values).
        ...(data.secrets.length > 0
          ? [el("div", { className: "data-secrets", id: "data-secrets", text: `Carries secret${data.secrets.length === 1 ? "" : "s"} ${data.secrets.join(", ")}: put in by Warden from the keychain; the agent never sees the value.` })]
          : []),
      ]);
    case "command":
      return el("div", { className: "data data-command", id: "data-command" }, [el("div", { className: "data-head", text: `Runs in ${data.cwd || "."}` }), el("pre", { className: "command", text: data.command })]);
    case "none":
      return el("div", { className: "data data-none" });
  }
}

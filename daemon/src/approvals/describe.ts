import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createTwoFilesPatch } from "diff";
import { ApprovalData } from "../../../protocol/src/approvals";

/**
 * What an approval panel shows about the data an action touches. Shared by the
 * gate (the agent's own tools) and the broker (Warden's tools), so a human sees
 * the same context whichever path asked.
 */

/** Largest file text shown whole; longer ones are cut (and said to be). */
const MAX_TEXT = 64 * 1024;
const MAX_LISTED_FILES = 500;
const MAX_WALKED = 20_000;
const MAX_COMMITS = 200;
const GIT_TIMEOUT_MS = 5000;

/** A write or edit: before and after, and a unified diff between them. */
export function describeWrite(displayPath: string, before: string | null, after: string | null): ApprovalData {
  const cut = (t: string | null): string | null => (t === null ? null : t.length > MAX_TEXT ? t.slice(0, MAX_TEXT) : t);
  const truncated = (before?.length ?? 0) > MAX_TEXT || (after?.length ?? 0) > MAX_TEXT;
  const unified = createTwoFilesPatch(before === null ? "/dev/null" : `a/${displayPath}`, after === null ? "/dev/null" : `b/${displayPath}`, cut(before) ?? "", cut(after) ?? "");
  return { type: "diff", path: displayPath, before: cut(before), after: cut(after), unified: unified.slice(0, MAX_TEXT * 2), truncated };
}

/** Reads a file's current text for a diff; null when it does not exist or is not a regular file. */
export function currentText(absPath: string): string | null {
  try {
    // No-follow: a symlink is never followed out of the workspace here. Non-blocking, and the
    // type checked on the opened file: a FIFO swapped in cannot stall the daemon.
    const fd = fs.openSync(absPath, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
    try {
      const st = fs.fstatSync(fd);
      if (!st.isFile()) return null;
      const buf = Buffer.alloc(Math.min(st.size, MAX_TEXT + 1));
      const n = fs.readSync(fd, buf, 0, buf.length, 0);
      return buf.subarray(0, n).toString("utf8");
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return null;
  }
}

/** A deletion: every file that would go (listed up to a cap), with sizes and totals. */
export function describeDelete(absPaths: readonly string[], relativeTo: string): ApprovalData {
  const files: Array<{ path: string; bytes: number; kind: "file" | "directory" | "symlink" | "other" }> = [];
  let totalFiles = 0;
  let totalBytes = 0;
  const stack = [...absPaths];
  let walked = 0;
  while (stack.length > 0 && walked < MAX_WALKED) {
    const p = stack.pop();
    if (p === undefined) break;
    walked++;
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      continue;
    }
    const kind = st.isSymbolicLink() ? "symlink" : st.isDirectory() ? "directory" : st.isFile() ? "file" : "other";
    totalFiles++;
    totalBytes += st.isFile() ? st.size : 0;
    if (files.length < MAX_LISTED_FILES) files.push({ path: path.relative(relativeTo, p) || ".", bytes: st.isFile() ? st.size : 0, kind });
    if (kind === "directory") {
      try {
        for (const name of fs.readdirSync(p)) stack.push(path.join(p, name));
      } catch {
        // unreadable: listed as the directory alone
      }
    }
  }
  return { type: "files", files, totalFiles, totalBytes };
}

/** A push: the remote's current ref for the branch and the commits that would leave. */
export async function describePush(workspace: string, remote: string, branch: string, force: boolean): Promise<ApprovalData> {
  const remoteRef = await remoteHead(workspace, remote, branch);
  const local = (await git(workspace, ["rev-parse", "--verify", "-q", `refs/heads/${branch}`]))?.trim() || "HEAD";
  const range = remoteRef !== null && (await git(workspace, ["cat-file", "-e", `${remoteRef}^{commit}`])) !== null ? [`${remoteRef}..${local}`] : [local, "--not", `--remotes=${remote}`];
  const log = (await git(workspace, ["log", `--max-count=${MAX_COMMITS}`, "--format=%H%x1f%s%x1f%an <%ae>", ...range])) ?? "";
  const commits = log
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => {
      const [sha = "", subject = "", author = ""] = l.split("\x1f");
      return { sha, subject: subject.slice(0, 1024), author: author.slice(0, 256) };
    });
  const count = (await git(workspace, ["rev-list", "--count", ...range]))?.trim();
  return { type: "commits", remote, branch, remoteRef, commits, totalCommits: count !== undefined && /^\d+$/.test(count) ? Number(count) : commits.length, force };
}

/** The commit the remote's branch points at now (what a rollback would restore), or null. */
export async function remoteHead(workspace: string, remote: string, branch: string): Promise<string | null> {
  const out = await git(workspace, ["ls-remote", "--", remote, `refs/heads/${branch}`]);
  const sha = out?.split(/\s/)[0] ?? "";
  return /^[0-9a-f]{40,64}$/.test(sha) ? sha : null;
}

/** An HTTP request: never the body itself, only its size and type. */
/** `secrets`: the names of the stored secrets the request references (Warden injects them; the agent never sees the values). */
export function describeHttp(url: string, method: string, body: string | null, contentType: string | null, secrets: readonly string[] = []): ApprovalData {
  let host = "";
  let pathPart = url;
  try {
    const u = new URL(url);
    host = u.host;
    pathPart = `${u.pathname}${u.search}`;
  } catch {
    // an unparsable URL is shown as given; policy has already refused it if it matters
  }
  const bodySummary = body === null ? null : `${Buffer.byteLength(body)} bytes${contentType !== null ? ` of ${contentType}` : ""}`;
  return { type: "http", method: method.toUpperCase(), host, path: pathPart.slice(0, 4096), bodySummary, secrets: [...new Set(secrets)].slice(0, 64) };
}

export function describeCommand(command: string, cwd: string): ApprovalData {
  return { type: "command", command: command.slice(0, MAX_TEXT), cwd };
}

/**
 * Runs a read-only git query for context. Hooks, pagers and the `ext::` transport
 * are off, no prompt can block it, and it gives up after a few seconds: the panel
 * shows less rather than waiting on a slow remote.
 */
function git(cwd: string, args: readonly string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      "git",
      ["-c", "core.hooksPath=/dev/null", "-c", "protocol.ext.allow=never", "--no-pager", ...args],
      { cwd, timeout: GIT_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024, env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", GIT_TERMINAL_PROMPT: "0", HOME: process.env["HOME"] ?? "/" } },
      (err, stdout) => resolve(err === null ? stdout : null),
    );
  });
}

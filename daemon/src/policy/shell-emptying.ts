import fs from "node:fs";
import path from "node:path";
import { SimpleCommand } from "./shell/types";

/**
 * Files a command would leave empty. Emptying a file loses its content as surely as
 * removing it (and, unlike a removal, Warden keeps no copy), so an existing non-empty
 * file left empty is decided as a deletion as well as a write: `: > f`, `> f`,
 * `truncate -s 0 f`, `sed -i d f`. Other rewrites (`sed -i s/a/b/`) stay edits.
 */
export function emptiedTargets(cmd: SimpleCommand): string[] {
  const out: string[] = [];
  // A redirect that truncates, on a statement that writes nothing: `> f`, `: > f`, `cat /dev/null > f`, `printf '' > f`.
  if (writesNothing(cmd)) {
    for (const r of cmd.redirects) if ((r.op === ">" || r.op === ">|" || r.op === "&>") && r.target !== null) out.push(r.target);
  }
  if (cmd.programName === "truncate" && truncatesToZero(cmd.args)) out.push(...truncateOperands(cmd.args));
  const last = cmd.args[cmd.args.length - 1];
  if (cmd.programName === "cp" && cmd.args.length === 2 && cmd.args[0] === "/dev/null" && last !== undefined) out.push(last);
  // `sed -i` files are the command's writes; a script that deletes every line leaves them empty.
  if (cmd.programName === "sed" && cmd.args.some(deletesEveryLine)) out.push(...cmd.writes);
  return out;
}

/** The targets of `emptiedTargets` that exist now with content, as given (relative to `cwd`). */
export function nonEmptyNow(targets: readonly string[], cwd: string, home: string): string[] {
  return targets.filter((t) => {
    const p = t === "~" ? home : t.startsWith("~/") ? path.join(home, t.slice(2)) : path.resolve(cwd, t);
    try {
      const st = fs.statSync(p);
      return st.isFile() && st.size > 0;
    } catch {
      return false;
    }
  });
}

function writesNothing(cmd: SimpleCommand): boolean {
  const args = cmd.args.join(" ");
  if (["", ":", "true", "false"].includes(cmd.programName)) return cmd.args.length === 0;
  if (cmd.programName === "cat") return args === "/dev/null";
  if (cmd.programName === "printf") return cmd.args.length === 1 && cmd.args[0] === "";
  if (cmd.programName === "echo") return args === "-n" || args === "-n ";
  return false;
}

function truncatesToZero(args: readonly string[]): boolean {
  return args.some((a, i) => ((a === "-s" || a === "--size") && /^[<%/]?0+[KMGTPEZY]?(B|iB)?$/i.test(args[i + 1] ?? "")) || /^(-s|--size=)[<%/]?0+[KMGTPEZY]?(B|iB)?$/i.test(a));
}

function truncateOperands(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (["-s", "--size", "-r", "--reference"].includes(a)) i++;
    else if (!a.startsWith("-")) out.push(a);
  }
  return out;
}

/** A sed command that deletes every line: `d` with no address or over `1,$` (`d`, `1,$d`, `s/a/b/;d`). */
function deletesEveryLine(script: string): boolean {
  return script.split(/[;\n]/).some((part) => /^\s*([01]\s*,\s*\$\s*)?d\s*$/.test(part));
}

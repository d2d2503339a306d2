import os from "node:os";
import path from "node:path";
import { Action } from "../../../protocol/src/actions";
import { ApprovalData } from "../../../protocol/src/approvals";
import { resolveAgentPath } from "../policy/paths/resolve";
import { gitPushTargets } from "../policy/shell-decision";
import { ShellParser } from "../policy/shell/types";
import { currentText, describeCommand, describeDelete, describeHttp, describePush, describeWrite } from "./describe";

export interface GateDescription {
  data: ApprovalData;
  rollback: string;
}

const CANNOT_UNDO = "cannot be undone: the agent does this with its own tool, outside Warden's executors";

/**
 * The approval context for one of the agent's own tool calls (the gate path):
 * the diff a Write or Edit would make, the files an `rm` would remove, the commits
 * a `git push` would send. Warden does not execute these, so the rollback it can
 * offer is what git or the previous content allows.
 */
export async function describeGateAction(action: Action, toolInput: Record<string, unknown>, ctx: { workspace: string; cwd: string; shell: ShellParser }): Promise<GateDescription> {
  const resolve = (p: string): string => {
    const r = resolveAgentPath(p, { workspace: ctx.workspace, cwd: ctx.cwd, home: os.homedir() });
    return "error" in r ? path.resolve(ctx.cwd, p) : r.real;
  };
  const shown = (abs: string): string => (abs.startsWith(ctx.workspace + path.sep) ? path.relative(ctx.workspace, abs) : abs);
  switch (action.kind) {
    case "file.write": {
      const abs = resolve(action.target);
      const before = currentText(abs);
      const after = afterEdit(action.tool, toolInput, before);
      if (after === undefined && typeof toolInput["input"] === "string") {
        // Codex apply_patch: the patch itself is the diff.
        return { data: { type: "diff", path: shown(abs), before, after: null, unified: toolInput["input"].slice(0, 128 * 1024), truncated: toolInput["input"].length > 128 * 1024 }, rollback: writeRollback(before) };
      }
      return { data: describeWrite(shown(abs), before, after ?? null), rollback: writeRollback(before) };
    }
    case "file.delete":
      return { data: describeDelete([resolve(action.target)], ctx.workspace), rollback: CANNOT_UNDO };
    case "http.request":
      return { data: describeHttp(action.target, typeof action.details["method"] === "string" ? action.details["method"] : "GET", null, null), rollback: "cannot be undone: the request leaves the machine" };
    case "shell.exec":
      return describeShell(action.target, ctx, resolve);
    default:
      return { data: { type: "none" }, rollback: CANNOT_UNDO };
  }
}

/** The file's text after a Write or Edit, or undefined when the tool's input does not say. */
function afterEdit(tool: string, input: Record<string, unknown>, before: string | null): string | undefined {
  const s = (k: string): string | undefined => (typeof input[k] === "string" ? input[k] : undefined);
  if (tool === "Write") return s("content");
  if (tool === "Edit") return applyEdit(before ?? "", s("old_string"), s("new_string"), input["replace_all"] === true);
  if (tool === "MultiEdit" && Array.isArray(input["edits"])) {
    let text: string | undefined = before ?? "";
    for (const e of input["edits"]) {
      if (typeof e !== "object" || e === null || text === undefined) return undefined;
      const o: unknown = Reflect.get(e, "old_string");
      const n: unknown = Reflect.get(e, "new_string");
      text = applyEdit(text, typeof o === "string" ? o : undefined, typeof n === "string" ? n : undefined, Reflect.get(e, "replace_all") === true);
    }
    return text;
  }
  return undefined;
}

function applyEdit(text: string, oldString: string | undefined, newString: string | undefined, all: boolean): string | undefined {
  if (oldString === undefined || newString === undefined || oldString === "" || !text.includes(oldString)) return undefined;
  return all ? text.split(oldString).join(newString) : text.replace(oldString, () => newString);
}

function writeRollback(before: string | null): string {
  return before === null
    ? "delete the new file"
    : "the previous content is shown in the diff; if the file is committed, 'git checkout -- <path>' restores it";
}

async function describeShell(command: string, ctx: { workspace: string; cwd: string; shell: ShellParser }, resolve: (p: string) => string): Promise<GateDescription> {
  const analysis = ctx.shell.analyze(command);
  for (const cmd of analysis.commands) {
    if (cmd.programName === "git") {
      const targets = gitPushTargets(cmd.args);
      const first = targets === "unknown" ? undefined : targets[0];
      if (first !== undefined) {
        const data = await describePush(ctx.workspace, first.remote, first.branch, first.force);
        const old = data.type === "commits" ? data.remoteRef : null;
        return {
          data,
          rollback:
            old === null
              ? `git push ${first.remote} --delete ${first.branch} removes the new branch again`
              : `git push --force-with-lease ${first.remote} ${old}:refs/heads/${first.branch} puts the remote back at ${old.slice(0, 12)}`,
        };
      }
    }
    if (cmd.programName === "rm" || cmd.programName === "rmdir") {
      const operands = cmd.args.filter((a) => !a.startsWith("-"));
      if (operands.length > 0 && !cmd.dynamicArgs) return { data: describeDelete(operands.map(resolve), ctx.workspace), rollback: CANNOT_UNDO };
    }
  }
  return { data: describeCommand(command, ctx.cwd), rollback: "cannot be undone by Warden: the command runs in the agent's own shell" };
}

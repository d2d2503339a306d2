import { z } from "zod";
import { WardenError } from "../../../protocol/src/errors";
import { describeCommand, describePush } from "../approvals/describe";
import { defineTool } from "./define-tool";
import { locate } from "./exec-path";
import { executePush, pushRollback, remotePushUrl, resolvePushTarget } from "./git-push";
import { gitOk } from "./git-run";
import { CappedOutput } from "./output-cap";
import { BrokerServices, brokerAction, clip, scopeOf, shellQuote } from "./services";
import { BrokerTool } from "./types";

const NO_UNDO_NEEDED = "nothing to undo: it only reads";

function capped(text: string): string {
  const out = new CappedOutput();
  out.push(Buffer.from(text, "utf8"));
  return out.text();
}

/**
 * git through Warden, in the workspace's own repository only. Status and diff are
 * decided as the same command lines run by the agent's shell would be, so rules
 * about `git status` hold either way; a commit is a git.commit and a push a
 * git.push naming its remote, branch and whether it forces.
 */
export function gitTools(services: BrokerServices): BrokerTool[] {
  return [
    defineTool({
      name: "git_status",
      description: "Show the working tree status of the workspace's git repository.",
      args: z.strictObject({}),
      plan: (_a, ctx) => ({
        actions: [brokerAction("shell.exec", "git status", "git_status")],
        describe: () => ({ data: describeCommand("git status", "."), rollback: NO_UNDO_NEEDED }),
        execute: async () => {
          const text = await gitOk(ctx.workspace, ["status"]);
          return { text: capped(text), ok: true, summary: "git status" };
        },
      }),
    }),
    defineTool({
      name: "git_diff",
      description: "Show unstaged changes (or staged ones with staged: true), optionally for one path.",
      args: z.strictObject({
        staged: z.boolean().optional().describe("show what is staged for the next commit"),
        path: z.string().min(1).max(4096).optional().describe("limit the diff to this path (relative to the workspace root)"),
      }),
      plan: (a, ctx) => {
        const planned = a.path === undefined ? null : locate(a.path, scopeOf(ctx), "read");
        const line = `git diff${a.staged === true ? " --staged" : ""}${a.path !== undefined ? ` -- ${shellQuote(a.path)}` : ""}`;
        return {
          // The path is read as much as `cat` would read it.
          actions: [brokerAction("shell.exec", line, "git_diff"), ...(a.path !== undefined ? [brokerAction("file.read", a.path, "git_diff")] : [])],
          audit: { command: clip(line) },
          describe: () => ({ data: describeCommand(line, "."), rollback: NO_UNDO_NEEDED }),
          execute: async () => {
            const args = ["diff", "--no-ext-diff", "--no-textconv", "--no-color", ...(a.staged === true ? ["--staged"] : []), ...(planned !== null ? ["--", planned.real] : [])];
            const text = await gitOk(ctx.workspace, args);
            return { text: text === "" ? "(no differences)" : capped(text), ok: true, summary: line };
          },
        };
      },
    }),
    defineTool({
      name: "git_commit",
      description: "Commit what is staged, or (with paths) stage exactly those paths and commit only them.",
      args: z.strictObject({
        message: z.string().min(1).max(64 * 1024).describe("the commit message"),
        paths: z.array(z.string().min(1).max(4096)).min(1).max(1000).optional().describe("paths to stage and commit (relative to the workspace root)"),
      }),
      plan: (a, ctx) => {
        const planned = (a.paths ?? []).map((p) => locate(p, scopeOf(ctx), "read"));
        const target = `git commit -m ${shellQuote(clip(a.message.split("\n")[0] ?? "", 200))}${planned.length > 0 ? ` -- ${a.paths?.map(shellQuote).join(" ")}` : ""}`;
        return {
          actions: [brokerAction("git.commit", target, "git_commit", { message: clip(a.message, 1024), paths: a.paths ?? [] })],
          audit: { message: clip(a.message, 200), paths: planned.length },
          describe: () => ({ data: describeCommand(target, "."), rollback: "'git reset --soft HEAD~1' undoes the commit and keeps the changes" }),
          execute: async () => {
            const rels = planned.map((p) => p.real);
            if (rels.length > 0) await gitOk(ctx.workspace, ["add", "-A", "--", ...rels]);
            const out = await gitOk(ctx.workspace, ["commit", "-m", a.message, ...(rels.length > 0 ? ["--", ...rels] : [])]);
            const sha = (await gitOk(ctx.workspace, ["rev-parse", "HEAD"])).trim();
            return { text: capped(out.trim()), ok: true, summary: `committed ${sha.slice(0, 12)}`, fields: { commit: sha } };
          },
        };
      },
    }),
    defineTool({
      name: "git_push",
      description: "Push a branch (default: the current one) to a configured remote (default: its upstream, or origin). Force pushes need a policy rule that allows them.",
      args: z.strictObject({
        remote: z.string().min(1).max(256).optional().describe("a configured remote's name"),
        branch: z.string().min(1).max(256).optional().describe("the local branch, pushed to the branch of the same name"),
        force: z.boolean().optional().describe("overwrite the remote branch (leased on its current commit)"),
      }),
      plan: async (a, ctx) => {
        const target = await resolvePushTarget(ctx.workspace, a);
        const line = `git push${target.force ? " --force" : ""} ${target.remote} ${target.branch}`;
        // A secret bound as this remote's git credential is a second action: its use is decided too.
        // It carries `force` as well, since the force check below reads whichever action decided.
        const credential = services.secrets.planGit(ctx.caller, ctx.workspace, target.remote, await remotePushUrl(ctx.workspace, target.remote));
        return {
          actions: [
            brokerAction("git.push", line, "git_push", { remote: target.remote, branch: target.branch, force: target.force }),
            ...(credential !== null ? [brokerAction("secret.use", credential.name, "git_push", { name: credential.name, remote: target.remote, force: target.force })] : []),
          ],
          audit: { remote: target.remote, branch: target.branch, force: target.force },
          describe: async () => {
            const data = await describePush(ctx.workspace, target.remote, target.branch, target.force);
            return { data, rollback: pushRollback(target.remote, target.branch, data.type === "commits" ? data.remoteRef : null) };
          },
          execute: async (decided) => {
            // Attack: a force push carried out under a decision that was about a plain one.
            if (target.force && decided.action?.details["force"] !== true) throw new WardenError("forbidden", "the decision did not cover a force push");
            const sock = process.env["SSH_AUTH_SOCK"];
            // The user's SSH agent reaches git push alone (never run_command): the daemon pushes as the user.
            const open = credential === null ? undefined : () => services.secrets.openGit(ctx.caller, ctx.workspace, credential, decided.seq);
            const pushed = await executePush(ctx.workspace, target, sock !== undefined ? { SSH_AUTH_SOCK: sock } : {}, open);
            const range = `${pushed.oldRef?.slice(0, 12) ?? "(new branch)"}..${pushed.newRef.slice(0, 12)}`;
            return {
              text: `pushed ${pushed.branch} to ${pushed.remote}: ${range}\nto undo: ${pushRollback(pushed.remote, pushed.branch, pushed.oldRef)}\n${capped(pushed.output)}`,
              ok: true,
              summary: `pushed ${pushed.remote} ${pushed.branch} ${range}${target.force ? " (force)" : ""}`,
              fields: { push: { remote: pushed.remote, branch: pushed.branch, oldRef: pushed.oldRef, newRef: pushed.newRef, force: target.force } },
            };
          },
        };
      },
    }),
  ];
}

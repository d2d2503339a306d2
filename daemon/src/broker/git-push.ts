import { WardenError } from "../../../protocol/src/errors";
import { gitOk, runGit } from "./git-run";
import { GitCredentialSession } from "../secrets/git-credential";

export interface PushTarget {
  remote: string;
  branch: string;
  force: boolean;
}

export interface PushOutcome {
  remote: string;
  branch: string;
  /** The remote branch before the push (null: it did not exist): what a rollback restores. */
  oldRef: string | null;
  newRef: string;
  output: string;
}

const SHA = /^[0-9a-f]{40,64}$/;

/**
 * The remote and branch a push goes to, made explicit before policy sees it: the
 * current branch and its upstream remote (or origin) when the agent names none.
 * Only configured remotes are pushed to, so a rule about `origin` means the remote
 * the repository calls origin, never a URL the agent made up.
 */
export async function resolvePushTarget(workspace: string, args: { remote?: string | undefined; branch?: string | undefined; force?: boolean | undefined }): Promise<PushTarget> {
  const branch = args.branch ?? (await currentBranch(workspace));
  // Attack: a name starting with "-" read by git as an option (--receive-pack=…, --exec=…).
  if (branch.startsWith("-") || (await runGit(workspace, ["check-ref-format", "--branch", branch])).code !== 0) {
    throw new WardenError("invalid_params", `branch '${branch.slice(0, 200)}' is not a valid branch name`);
  }
  const upstream = args.remote === undefined ? (await runGit(workspace, ["config", "--get", `branch.${branch}.remote`])).stdout.trim() : "";
  const remote = args.remote ?? (upstream !== "" && upstream !== "." ? upstream : "origin");
  const remotes = (await gitOk(workspace, ["remote"])).split("\n").map((r) => r.trim());
  // Attack: pushing to a URL or option smuggled in as the remote name.
  if (remote.startsWith("-") || !remotes.includes(remote)) {
    throw new WardenError("invalid_params", `remote '${remote.slice(0, 200)}' is not a configured remote of this repository (remotes: ${remotes.filter((r) => r !== "").join(", ") || "none"})`);
  }
  return { remote, branch, force: args.force === true };
}

async function currentBranch(workspace: string): Promise<string> {
  const r = await runGit(workspace, ["symbolic-ref", "--short", "-q", "HEAD"]);
  const name = r.stdout.trim();
  if (r.code !== 0 || name === "") throw new WardenError("invalid_params", "HEAD is detached; name the branch to push");
  return name;
}

/** The commit the remote's branch points at now, or null when it has no such branch. */
export async function remoteRef(workspace: string, remote: string, branch: string, env: Record<string, string> = {}): Promise<string | null> {
  const out = await gitOk(workspace, ["ls-remote", remote, `refs/heads/${branch}`], { env });
  const sha = out.split(/\s/)[0] ?? "";
  return SHA.test(sha) ? sha : null;
}

/**
 * Pushes one branch to one remote, recording where the remote was before so the
 * push can be undone. A force push is leased on that recorded ref: if someone
 * else moved the branch since, nothing of theirs is overwritten.
 */
export async function executePush(workspace: string, target: PushTarget, env: Record<string, string> = {}, credential?: () => Promise<GitCredentialSession>): Promise<PushOutcome> {
  // A bound secret reaches git through Warden's credential helper, for this push only.
  const session = credential === undefined ? null : await credential();
  try {
    return await push(workspace, target, { ...env, ...(session?.env ?? {}) });
  } finally {
    await session?.close();
  }
}

async function push(workspace: string, target: PushTarget, env: Record<string, string>): Promise<PushOutcome> {
  const ref = `refs/heads/${target.branch}`;
  const newRef = (await gitOk(workspace, ["rev-parse", "--verify", "-q", `${ref}^{commit}`])).trim();
  if (!SHA.test(newRef)) throw new WardenError("not_found", `there is no local branch '${target.branch}'`);
  const oldRef = await remoteRef(workspace, target.remote, target.branch, env);
  const lease = target.force ? [`--force-with-lease=${ref}:${oldRef ?? ""}`] : [];
  // Tags and submodules stay home: what leaves is exactly the commits the human was shown.
  const r = await runGit(workspace, ["-c", "push.followTags=false", "push", "--porcelain", "--no-recurse-submodules", ...lease, target.remote, `${ref}:${ref}`], { env });
  const output = `${r.stdout}${r.stderr}`.trim();
  if (r.code !== 0) throw new WardenError("conflict", `git push ${target.remote} ${target.branch} was rejected: ${output.slice(0, 2000)}`);
  return { remote: target.remote, branch: target.branch, oldRef, newRef, output };
}

/** The URL a push to `remote` goes to (its pushurl, else its url). */
export async function remotePushUrl(workspace: string, remote: string): Promise<string> {
  return (await gitOk(workspace, ["remote", "get-url", "--push", remote])).trim();
}

/** How a push is undone, for the approval panel and the agent. */
export function pushRollback(remote: string, branch: string, oldRef: string | null): string {
  return oldRef === null
    ? `git push ${remote} --delete ${branch} removes the new branch again`
    : `git push --force-with-lease=refs/heads/${branch} ${remote} ${oldRef}:refs/heads/${branch} puts the remote back at ${oldRef.slice(0, 12)}`;
}

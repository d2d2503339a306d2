import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Harness, harness, payloadOf } from "./test-support";

const RULES = `[
  { "id": "read-all", "action": "file.read", "decision": "allow" },
  { "id": "write-all", "action": "file.write", "decision": "allow" },
  { "id": "git-read", "action": "shell.exec", "commands": [{ "program": "git", "subcommand": ["status", "diff"] }], "decision": "allow" },
  { "id": "commit", "action": "git.commit", "decision": "allow" },
  { "id": "push-main", "action": "git.push", "remotes": ["origin"], "branches": ["main", "feature"], "decision": "allow" },
  { "id": "force-feature", "action": "git.push", "remotes": ["origin"], "branches": ["feature"], "force": true, "decision": "allow" }
]`;

describe("broker git tools against a local bare remote", () => {
  let h: Harness;
  let remote = "";
  const call = (tool: string, args: Record<string, unknown> = {}) => h.broker.call(h.caller, h.workspace, tool, args);
  const git = (cwd: string, ...args: string[]) => execFileSync("git", ["-C", cwd, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  const remoteRef = (branch: string) => {
    try {
      return git(remote, "rev-parse", `refs/heads/${branch}`);
    } catch {
      return null;
    }
  };

  before(async () => {
    h = await harness(RULES, "ask");
    remote = path.join(h.root, "remote.git");
    execFileSync("git", ["init", "-q", "--bare", "-b", "main", remote]);
    git(h.workspace, "init", "-q", "-b", "main");
    git(h.workspace, "config", "user.name", "Test");
    git(h.workspace, "config", "user.email", "test@example.com");
    git(h.workspace, "remote", "add", "origin", remote);
  });
  after(() => h.close());

  test("status, diff and commit go through the broker", async () => {
    fs.writeFileSync(path.join(h.workspace, "a.txt"), "one\n");
    const status = await call("git_status");
    assert.equal(status.isError, false, status.text);
    assert.match(status.text, /a\.txt/);
    const commit = await call("git_commit", { message: "first", paths: ["a.txt"] });
    assert.equal(commit.isError, false, commit.text);
    const sha = payloadOf(h.records("action.result").find((x) => x.seq === commit.seq))["commit"];
    assert.equal(sha, git(h.workspace, "rev-parse", "HEAD"));
    fs.writeFileSync(path.join(h.workspace, "a.txt"), "two\n");
    const diff = await call("git_diff", { path: "a.txt" });
    assert.match(diff.text, /-one\n\+two/);
  });

  test("attack: a repository's hooks do not run through Warden", async () => {
    const marker = path.join(h.root, "hook-ran");
    const hook = path.join(h.workspace, ".git", "hooks", "pre-commit");
    fs.writeFileSync(hook, `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(h.workspace, ".git", "hooks", "pre-push"), `#!/bin/sh\ntouch ${marker}\n`, { mode: 0o755 });
    const commit = await call("git_commit", { message: "second", paths: ["a.txt"] });
    assert.equal(commit.isError, false, commit.text);
    assert.equal(fs.existsSync(marker), false, "the pre-commit hook did not run");
  });

  test("a push records the remote's previous ref and the new one, so it can be rolled back", async () => {
    const first = await call("git_push", { branch: "main" });
    assert.equal(first.isError, false, first.text);
    const head = git(h.workspace, "rev-parse", "HEAD");
    assert.equal(remoteRef("main"), head);
    assert.deepEqual(payloadOf(h.records("action.result").find((x) => x.seq === first.seq))["push"], { remote: "origin", branch: "main", oldRef: null, newRef: head, force: false });
    assert.equal(fs.existsSync(path.join(h.root, "hook-ran")), false, "the pre-push hook did not run");

    fs.writeFileSync(path.join(h.workspace, "b.txt"), "b\n");
    await call("git_commit", { message: "third", paths: ["b.txt"] });
    const second = await call("git_push", {});
    assert.equal(second.isError, false, second.text);
    const push = payloadOf(h.records("action.result").find((x) => x.seq === second.seq))["push"];
    assert.deepEqual(push, { remote: "origin", branch: "main", oldRef: head, newRef: git(h.workspace, "rev-parse", "HEAD"), force: false });
    assert.match(second.text, new RegExp(`to undo: git push --force-with-lease=refs/heads/main origin ${head}:refs/heads/main`));
  });

  test("attack: a force push is refused unless a rule with force: true covers it", async () => {
    const before = remoteRef("main");
    git(h.workspace, "commit", "-q", "--amend", "-m", "rewritten history");
    h.mediator.answer = () => false;
    const forced = await call("git_push", { branch: "main", force: true });
    assert.equal(forced.isError, true);
    assert.match(forced.text, /denied/);
    assert.equal(remoteRef("main"), before, "the remote is untouched");
    // Without force, git itself refuses to rewrite the remote.
    const plain = await call("git_push", { branch: "main" });
    assert.equal(plain.isError, true);
    assert.match(plain.text, /rejected/);
    assert.equal(remoteRef("main"), before);
    git(h.workspace, "reset", "-q", "--hard", before ?? "HEAD");
  });

  test("a force push a rule allows is leased on the ref it replaces, and recorded", async () => {
    git(h.workspace, "checkout", "-q", "-b", "feature");
    fs.writeFileSync(path.join(h.workspace, "f.txt"), "f1\n");
    await call("git_commit", { message: "f1", paths: ["f.txt"] });
    assert.equal((await call("git_push", {})).isError, false);
    const old = remoteRef("feature");
    git(h.workspace, "commit", "-q", "--amend", "-m", "f1 amended");
    const forced = await call("git_push", { force: true });
    assert.equal(forced.isError, false, forced.text);
    assert.equal(remoteRef("feature"), git(h.workspace, "rev-parse", "HEAD"));
    const push = payloadOf(h.records("action.result").find((x) => x.seq === forced.seq))["push"];
    assert.deepEqual(push, { remote: "origin", branch: "feature", oldRef: old, newRef: git(h.workspace, "rev-parse", "HEAD"), force: true });
  });

  test("attack: a remote that is not configured, or looks like an option, is refused before policy", async () => {
    for (const remoteName of ["--receive-pack=touch /tmp/x", "https://evil.example/repo.git", "ext::sh -c touch% /tmp/x"]) {
      const r = await call("git_push", { remote: remoteName, branch: "main" });
      assert.equal(r.isError, true);
      assert.match(r.text, /not a configured remote/);
    }
    const badBranch = await call("git_push", { branch: "--delete" });
    assert.match(badBranch.text, /not a valid branch name/);
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { hooksPathValues } from "./hooks-path";
import { protectedReason, type ProtectionContext } from "./protected";
import { resolveAgentPath } from "./resolve";

/**
 * Issue 17, class 4: hooks a repository runs from somewhere other than .git/hooks
 * (core.hooksPath, hook managers' files) are protected like .git/hooks.
 */
describe("git hooks outside .git/hooks", () => {
  let tmp: string;
  const context = (ws: string): ProtectionContext => ({ workspace: path.join(tmp, ws), wardenHome: path.join(tmp, "state"), home: path.join(tmp, "home") });
  const reason = (ws: string, input: string): string | null => {
    const ctx = context(ws);
    const resolved = resolveAgentPath(input, { workspace: ctx.workspace, home: ctx.home });
    if ("error" in resolved) assert.fail(resolved.error);
    return protectedReason(resolved, ctx);
  };

  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-hookspath-")));
    for (const d of ["custom/.git", "custom/tools/hooks", "plain/.git", "plain/tools/hooks", "wt-main/.git/worktrees/w1", "linked", "home", "state"]) fs.mkdirSync(path.join(tmp, d), { recursive: true });
    fs.writeFileSync(path.join(tmp, "custom/.git/config"), '[core]\n\tbare = false\n[remote "origin"]\n\thooksPath = not-this\n[core]\n\tHooksPath = "tools/hooks" # set by the team\n');
    fs.writeFileSync(path.join(tmp, "plain/.git/config"), "[core]\n\tbare = false\n");
    // A linked worktree: its .git file points at a git directory whose common dir holds the config.
    fs.writeFileSync(path.join(tmp, "linked/.git"), `gitdir: ${path.join(tmp, "wt-main/.git/worktrees/w1")}\n`);
    fs.writeFileSync(path.join(tmp, "wt-main/.git/worktrees/w1/commondir"), "../..\n");
    fs.writeFileSync(path.join(tmp, "wt-main/.git/config"), "[core]\n\thooksPath = ci/hooks\n");
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test("attack: writing into the configured hooks path; benign twin: the same path where git does not run hooks from", () => {
    assert.match(reason("custom", "tools/hooks/pre-commit") ?? "", /core\.hooksPath/);
    assert.match(reason("custom", "tools/hooks") ?? "", /core\.hooksPath/);
    assert.equal(reason("custom", "tools/build.js"), null);
    assert.equal(reason("plain", "tools/hooks/pre-commit"), null);
    assert.match(reason("linked", "ci/hooks/pre-push") ?? "", /core\.hooksPath/);
    assert.equal(reason("linked", "ci/build.sh"), null);
  });

  test("attack: hook managers' directories and configs anywhere; benign twin: look-alike names", () => {
    for (const input of [".husky/pre-commit", ".husky/_/h", "packages/web/.husky/pre-push", "lefthook.yml", ".lefthook.yaml", "lefthook-local.yml", ".lefthook/pre-commit/x.sh", ".pre-commit-config.yaml", ".simple-git-hooks.json", "simple-git-hooks.cjs", ".huskyrc", ".githooks/pre-commit", ".git-hooks/commit-msg"]) {
      assert.ok(reason("plain", input) !== null, `${input} should be protected`);
    }
    for (const input of ["husky.md", "docs/lefthook.md", "src/hooks/useHook.ts", "pre-commit-notes.txt", "githooks.md"]) assert.equal(reason("plain", input), null, input);
  });

  test("git config syntax: sections and keys case-insensitive, quotes and comments; other sections ignored", () => {
    assert.deepEqual(hooksPathValues('[CORE]\n  hookspath = ".husky/_"\n'), [".husky/_"]);
    assert.deepEqual(hooksPathValues("[core] hooksPath = a ; comment\n"), ["a"]);
    assert.deepEqual(hooksPathValues('[core "x"]\nhooksPath = b\n[alias]\nhooksPath = c\n'), []);
  });
});

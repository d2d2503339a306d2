import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { ProtectionContext } from "./protected";
import { protectedContentReason } from "./protected-content";
import { resolveAgentPath } from "./resolve";

describe("protected content (delete and rename of directories)", () => {
  let tmp: string;
  let ctx: ProtectionContext;

  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-content-")));
    const dirs = ["ws/.github/hooks", "ws/ci/.github/workflows", "ws/pkgs/lib/.git/objects", "ws/pkgs/other/src", "ws/many", "ws/linked"];
    for (const dir of [...dirs, "home/.config/git", "home/.config/other", "state"]) fs.mkdirSync(path.join(tmp, dir), { recursive: true });
    fs.writeFileSync(path.join(tmp, "ws/.github/hooks/warden.json"), "{}");
    for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(tmp, `ws/many/f${i}.txt`), "");
    fs.symlinkSync("../.github", path.join(tmp, "ws/linked/gh"));
    fs.symlinkSync(path.join(tmp, "home"), path.join(tmp, "ws/home-link"));
    ctx = { workspace: path.join(tmp, "ws"), wardenHome: path.join(tmp, "state"), home: path.join(tmp, "home") };
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  // Deletes and renames resolve with followFinal:false: the link, not its target, goes.
  const reasonFor = (input: string, maxEntries?: number): string | null => {
    const resolved = resolveAgentPath(input, { workspace: ctx.workspace, home: ctx.home, followFinal: false });
    if ("error" in resolved) assert.fail(`'${input}' gave an error: ${resolved.error}`);
    return protectedContentReason(resolved, ctx, maxEntries);
  };

  test("attack: rm -r .github takes .github/hooks/ with it; benign: a .github with only workflows", () => {
    assert.match(reasonFor(".github") ?? "", /^contains agent hooks \(\.github\/hooks\/\)/);
    assert.equal(reasonFor("ci"), null);
  });

  test("attack: deleting a folder that holds a nested repository's .git; benign: a sibling folder without one", () => {
    assert.match(reasonFor("pkgs") ?? "", /contains git repository entry \(\.git\)/);
    assert.equal(reasonFor("pkgs/other"), null);
  });

  test("attack: moving ~/.config moves ~/.config/git/; benign: ~/.config/other", () => {
    assert.match(reasonFor("~/.config") ?? "", /contains git user config/);
    assert.equal(reasonFor("~/.config/other"), null);
  });

  test("attack: deleting a directory that holds Warden's home or the workspace", () => {
    assert.match(reasonFor(tmp) ?? "", /^contains (Warden's own state|the workspace)/);
    assert.match(reasonFor(`${tmp}/ws/..`) ?? "", /^contains/);
  });

  test("a symlink inside the tree is removed, not followed; deleting a link to home removes only the link", () => {
    assert.equal(reasonFor("linked"), null);
    assert.equal(reasonFor("home-link"), null);
  });

  test("a tree too large to check is refused; the same tree under the limit is not", () => {
    assert.match(reasonFor("many", 10) ?? "", /more than 10 entries/);
    assert.equal(reasonFor("many", 100), null);
  });

  test("a protected path itself is refused with its own reason", () => {
    assert.match(reasonFor(".github/hooks") ?? "", /^agent hooks/);
    assert.match(reasonFor(".") ?? "", /workspace root/);
  });
});

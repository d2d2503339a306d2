import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { MAX_SYMLINK_HOPS, resolveAgentPath, type ResolvedPath, type ResolveOptions } from "./resolve";
import { isWithin } from "./within";

// Layout (tmp is a real path, so expected values need no realpath of their own):
//   tmp/ws/            workspace: src/a.ts, docs/, a.txt
//   tmp/ws-evil/       sibling whose name starts with the workspace's
//   tmp/outside/       secret.txt, sub/
//   tmp/home/          the agent's ~
describe("resolveAgentPath", () => {
  let tmp: string;
  let ws: string;
  let outside: string;
  let home: string;

  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-resolve-")));
    ws = path.join(tmp, "ws");
    outside = path.join(tmp, "outside");
    home = path.join(tmp, "home");
    for (const dir of ["ws/src", "ws/docs", "ws-evil", "outside/sub", "home"]) fs.mkdirSync(path.join(tmp, dir), { recursive: true });
    fs.writeFileSync(path.join(ws, "src/a.ts"), "");
    fs.writeFileSync(path.join(ws, "a.txt"), "");
    fs.writeFileSync(path.join(outside, "secret.txt"), "");
    const link = (target: string, at: string): void => fs.symlinkSync(target, path.join(tmp, at));
    link("/etc", "ws/out");
    link("src", "ws/src-link");
    link(path.join(outside, "planted.sh"), "ws/dangling-abs");
    link("../outside/nope/deeper", "ws/dangling-rel");
    link("src/new.ts", "ws/dangling-in");
    link(path.join(outside, "sub"), "ws/deep");
    link(path.join(ws, "src"), "outside/back");
    link("docs", "ws/docs-link");
    link("loop-b", "ws/loop-a");
    link("loop-a", "ws/loop-b");
    link("self", "ws/self");
    fs.mkdirSync(path.join(ws, "chain"));
    link("../src", "ws/chain/l0");
    link(path.join(outside, "sub"), "ws/cwd-link");
    link("ws", "ws-link");
    link(outside, "ws/to-outside");
    link(path.join(ws, "a.txt"), "outside/bait");
    for (let i = 1; i <= MAX_SYMLINK_HOPS; i++) link(`l${i - 1}`, `ws/chain/l${i}`);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const resolve = (input: string, options: Partial<ResolveOptions> = {}): ResolvedPath => {
    const result = resolveAgentPath(input, { workspace: ws, home, ...options });
    if ("error" in result) assert.fail(`'${input}' gave an error: ${result.error}`);
    return result;
  };
  const refused = (input: string, pattern: RegExp, options: Partial<ResolveOptions> = {}): void => {
    const result = resolveAgentPath(input, { workspace: ws, home, ...options });
    assert.ok("error" in result, `'${input}' should be refused, got ${JSON.stringify(result)}`);
    assert.match(result.error, pattern);
  };

  test("a plain relative file inside the workspace", () => {
    assert.deepEqual(resolve("src/a.ts"), {
      input: "src/a.ts",
      absolute: path.join(ws, "src/a.ts"),
      real: path.join(ws, "src/a.ts"),
      exists: true,
      inWorkspace: true,
      relative: "src/a.ts",
      viaSymlink: false,
    });
    assert.equal(resolve(".").relative, ".");
    assert.equal(resolve(path.join(ws, "docs") + "/").relative, "docs");
  });

  test("attack: a symlink out of the workspace (ln -s /etc out; out/passwd) is outside", () => {
    const r = resolve("out/passwd");
    assert.equal(r.inWorkspace, false);
    assert.equal(r.relative, null);
    assert.equal(r.real, path.join(fs.realpathSync("/etc"), "passwd"));
    assert.equal(r.absolute, path.join(ws, "out/passwd"), "the lexical form still looks inside");
    assert.equal(r.viaSymlink, true);
  });

  test("benign twin: a symlink that stays inside the workspace is inside", () => {
    const r = resolve("src-link/a.ts");
    assert.equal(r.inWorkspace, true);
    assert.equal(r.relative, "src/a.ts");
    assert.equal(r.viaSymlink, true);
  });

  test("attack: a dangling symlink pointing outside resolves to its target (a write would create it there)", () => {
    const abs = resolve("dangling-abs");
    assert.deepEqual([abs.real, abs.exists, abs.inWorkspace], [path.join(outside, "planted.sh"), false, false]);
    const rel = resolve("dangling-rel/x");
    assert.deepEqual([rel.real, rel.exists, rel.inWorkspace], [path.join(outside, "nope/deeper/x"), false, false]);
  });

  test("benign twin: a dangling symlink pointing inside is inside", () => {
    const r = resolve("dangling-in");
    assert.deepEqual([r.relative, r.exists, r.inWorkspace], ["src/new.ts", false, true]);
  });

  test("attack: '..' traversal (src/../../etc/passwd) is outside; benign src/../a.txt is inside", () => {
    assert.equal(resolve("src/../../etc/passwd").inWorkspace, false);
    assert.equal(resolve("src/../../etc/passwd").real, path.join(tmp, "etc/passwd"));
    assert.equal(resolve("../../../../../../../../../../etc/passwd").real, "/etc/passwd");
    assert.equal(resolve("src/../a.txt").relative, "a.txt");
  });

  test("attack: '..' after a symlinked directory goes to the parent of the link TARGET, as the kernel does", () => {
    const r = resolve("deep/../secret.txt");
    assert.equal(r.absolute, path.join(ws, "secret.txt"), "lexically this looks inside");
    assert.equal(r.real, path.join(outside, "secret.txt"));
    assert.equal(r.inWorkspace, false);
    assert.equal(fs.realpathSync.native(`${ws}/deep/../secret.txt`), r.real, "the OS agrees");
  });

  test("benign twin: '..' after a link from outside into the workspace lands inside, though the text looks outside", () => {
    const r = resolve(`${outside}/back/../a.txt`);
    assert.deepEqual([r.relative, r.inWorkspace], ["a.txt", true]);
    assert.equal(fs.realpathSync.native(`${outside}/back/../a.txt`), r.real);
  });

  test("attack: a sibling sharing the workspace's name as a prefix (ws-evil) is outside", () => {
    const r = resolve(path.join(tmp, "ws-evil/x"));
    assert.equal(r.inWorkspace, false);
    assert.equal(isWithin(path.join(tmp, "ws-evil"), ws, false), false);
    assert.equal(isWithin(path.join(tmp, "ws/x"), ws, false), true);
  });

  test("~ and ~/ expand to home; ~user, ~+ and ~- are refused; a ~ later in the path is a plain name", () => {
    assert.equal(resolve("~").real, home);
    assert.equal(resolve("~/notes/a.md").real, path.join(home, "notes/a.md"));
    assert.equal(resolve("~/notes/a.md").inWorkspace, false);
    assert.equal(resolve("~/../ws/a.txt").relative, "a.txt");
    refused("~root/.ssh/authorized_keys", /~user form/);
    refused("~+/x", /~user form/);
    refused("~-", /~user form/);
    assert.equal(resolve("src/~").relative, "src/~");
    assert.equal(resolve("~", { home: "/" }).real, "/");
    refused("~/x", /home directory 'rel' is not an absolute path/, { home: "rel" });
  });

  test("attack: NUL bytes, empty input, oversized input and names are refused", () => {
    refused("src/a.ts\0.png", /NUL/);
    refused("", /empty/);
    refused("a".repeat(4097), /4096/);
    refused("a/".repeat(2048) + "b", /4096/);
    refused("x".repeat(256), /255 bytes/);
    assert.equal(resolve("a/".repeat(2047) + "b").exists, false, "4096 bytes exactly is accepted");
  });

  test("percent-encoding is not decoded: '..%2f' is a literal name", () => {
    const r = resolve("..%2f..%2fetc%2fpasswd");
    assert.deepEqual([r.relative, r.inWorkspace, r.exists], ["..%2f..%2fetc%2fpasswd", true, false]);
    assert.equal(resolve("%2e%2e/%2e%2e/etc/passwd").relative, "%2e%2e/%2e%2e/etc/passwd");
  });

  test("non-existent nested targets resolve through the nearest existing parent, symlinks included", () => {
    const r = resolve("docs-link/new/dir/file.txt");
    assert.deepEqual([r.real, r.exists, r.inWorkspace, r.viaSymlink], [path.join(ws, "docs/new/dir/file.txt"), false, true, true]);
    const out = resolve("out/new/passwd");
    assert.deepEqual([out.inWorkspace, out.exists], [false, false]);
  });

  test("'..' after a name that does not exist is refused (the kernel gives ENOENT there)", () => {
    refused("missing/../a.txt", /does not exist/);
    refused("dangling-rel/../../x", /does not exist/);
  });

  test("a name after a file is refused (ENOTDIR), trailing slash and '..' included", () => {
    refused("src/a.ts/x", /not a directory/);
    refused("src/a.ts/", /not a directory/);
    refused("src/a.ts/../a.ts", /not a directory/);
  });

  test("attack: a symlink loop is an error, not a hang", () => {
    refused("loop-a/x", /too many symlinks/);
    refused("self", /too many symlinks/);
  });

  test(`a chain of ${MAX_SYMLINK_HOPS} symlinks resolves; one more is an error`, () => {
    assert.equal(resolve(`chain/l${MAX_SYMLINK_HOPS - 1}/a.ts`).relative, "src/a.ts");
    refused(`chain/l${MAX_SYMLINK_HOPS}/a.ts`, /too many symlinks/);
    // The kernel draws the line in the same place.
    fs.realpathSync.native(path.join(ws, `chain/l${MAX_SYMLINK_HOPS - 1}/a.ts`));
    assert.throws(() => fs.realpathSync.native(path.join(ws, `chain/l${MAX_SYMLINK_HOPS}/a.ts`)), /ELOOP/);
  });

  test("a relative cwd is taken from the workspace; '..' from it climbs from its real path", () => {
    assert.equal(resolve("../docs/x", { cwd: "src" }).relative, "docs/x");
    assert.equal(resolve("../../outside/secret.txt", { cwd: "src" }).inWorkspace, false);
    assert.equal(resolve("secret.txt", { cwd: outside }).real, path.join(outside, "secret.txt"));
    const r = resolve("../secret.txt", { cwd: "cwd-link" });
    assert.deepEqual([r.real, r.inWorkspace, r.viaSymlink], [path.join(outside, "secret.txt"), false, true]);
    assert.equal(r.absolute, path.join(ws, "secret.txt"));
    refused("x", /working directory .* does not exist/, { cwd: "no-such-dir" });
  });

  test("the workspace reached through a symlink is the workspace", () => {
    const viaLink = resolve(path.join(tmp, "ws-link/src/a.ts"));
    assert.deepEqual([viaLink.relative, viaLink.inWorkspace, viaLink.viaSymlink], ["src/a.ts", true, true]);
    // A caller that passes the link as the workspace still gets real-path answers.
    const linkedWorkspace = resolve("src/a.ts", { workspace: path.join(tmp, "ws-link") });
    assert.deepEqual([linkedWorkspace.real, linkedWorkspace.inWorkspace], [path.join(ws, "src/a.ts"), true]);
    refused("x", /does not exist/, { workspace: path.join(tmp, "gone") });
    refused("x", /not an absolute path/, { workspace: "relative/ws" });
  });

  test("followFinal:false (delete, rename) acts on the link itself; a trailing slash still follows", () => {
    const own = resolve("to-outside", { followFinal: false });
    assert.deepEqual([own.real, own.inWorkspace, own.exists, own.viaSymlink], [path.join(ws, "to-outside"), true, true, true]);
    assert.equal(resolve("to-outside").inWorkspace, false);
    assert.equal(resolve("to-outside/", { followFinal: false }).inWorkspace, false);
    assert.equal(resolve("to-outside/secret.txt", { followFinal: false }).inWorkspace, false);
  });

  test("attack: a link from outside pointing in, deleted without following, is outside (what is removed is out there)", () => {
    assert.equal(resolve(path.join(outside, "bait")).inWorkspace, true);
    assert.equal(resolve(path.join(outside, "bait"), { followFinal: false }).inWorkspace, false);
  });

  test("every existing result agrees with fs.realpathSync", () => {
    for (const input of ["src-link/a.ts", "out/passwd", "deep/../secret.txt", "docs-link", "~/../ws/src", "cwd-link/.."]) {
      const r = resolve(input);
      assert.equal(r.exists, true, input);
      // Concatenated, not path.resolve'd: the OS must see the '..' where the agent put it.
      assert.equal(r.real, fs.realpathSync.native(input.startsWith("~") ? home + input.slice(1) : `${ws}/${input}`), input);
    }
  });
});

// gitignore(5) semantics the walker relies on, pattern by pattern.
import assert from "node:assert/strict";
import { test } from "node:test";
import { isIgnored, parseGitignore, type IgnoreFile } from "./gitignore";

function ignored(patterns: string, rel: string, dir = false, base = ""): boolean {
  const files: IgnoreFile[] = [{ base, rules: parseGitignore(patterns) }];
  return isIgnored(rel, dir, files);
}

test("a name without a slash matches at any depth; with one it is anchored", () => {
  assert.ok(ignored("debug.log", "debug.log"));
  assert.ok(ignored("debug.log", "a/b/debug.log"));
  assert.ok(ignored("/debug.log", "debug.log"));
  assert.ok(!ignored("/debug.log", "a/debug.log"));
  assert.ok(ignored("doc/frotz", "doc/frotz"));
  assert.ok(!ignored("doc/frotz", "a/doc/frotz"));
});

test("wildcards never cross a slash; ** does", () => {
  assert.ok(ignored("*.log", "x/y.log"));
  assert.ok(!ignored("a/*.log", "a/b/c.log"));
  assert.ok(ignored("a/**/c.log", "a/c.log"));
  assert.ok(ignored("a/**/c.log", "a/b/x/c.log"));
  assert.ok(ignored("**/foo", "x/y/foo"));
  assert.ok(ignored("abc/**", "abc/x/y"));
  assert.ok(!ignored("abc/**", "abc", true));
  assert.ok(ignored("fo?.txt", "foo.txt"));
  assert.ok(!ignored("fo?.txt", "fo/.txt"));
  assert.ok(ignored("[a-c]x", "bx"));
  assert.ok(!ignored("[!a-c]x", "bx"));
  assert.ok(!ignored("[a/]x", "/x"));
});

test("trailing slash matches directories only", () => {
  assert.ok(ignored("build/", "build", true));
  assert.ok(!ignored("build/", "build", false));
  assert.ok(ignored("build/", "src/build", true));
});

test("negation re-includes; the last matching line wins", () => {
  assert.ok(!ignored("*.log\n!keep.log", "keep.log"));
  assert.ok(ignored("!keep.log\n*.log", "keep.log"));
});

test("comments, blanks, escapes and trailing spaces", () => {
  assert.ok(!ignored("# a comment\n\n", "# a comment"));
  assert.ok(ignored("\\#file", "#file"));
  assert.ok(ignored("\\!important", "!important"));
  assert.ok(ignored("name   ", "name"));
  assert.ok(ignored("name\\ ", "name "));
  // A malformed class is skipped, not a crash.
  assert.ok(!ignored("[abc", "a"));
});

test("deeper ignore files override shallower ones; patterns are relative to their file", () => {
  const files: IgnoreFile[] = [
    { base: "", rules: parseGitignore("*.env") },
    { base: "app", rules: parseGitignore("!local.env\n/dist") },
  ];
  assert.ok(isIgnored("x.env", false, files));
  assert.ok(!isIgnored("app/local.env", false, files));
  assert.ok(isIgnored("app/dist", true, files));
  assert.ok(!isIgnored("dist", true, files));
  // An ancestor's file above the scan root: the root's path below it comes first.
  assert.ok(isIgnored("secret.txt", false, [{ base: "", prefix: "repo/sub/", rules: parseGitignore("/repo/sub/secret.txt") }]));
});

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { awkProgramRisks } from "./awk";

describe("awk program risks", () => {
  test("field printing, comparisons and sums are harmless", () => {
    for (const program of ["{print $1}", "$3 > 100 {print $1}", "NR>7 { sum += $9; } END { print sum; }", '{ print "a > b" }', "a || b { print }"]) {
      assert.deepEqual(awkProgramRisks(program), [], program);
    }
  });

  test("attack: system() runs a shell command", () => {
    assert.deepEqual(awkProgramRisks('BEGIN{system("id")}'), ["awk system()"]);
    assert.deepEqual(awkProgramRisks('BEGIN{ system ("id") }'), ["awk system()"]);
  });

  test("attack: pipes to and from commands run them", () => {
    assert.deepEqual(awkProgramRisks('BEGIN{"id" | getline x; print x}'), ["awk command | getline"]);
    assert.deepEqual(awkProgramRisks('{ print $0 | "sh" }'), ["awk print | command"]);
    assert.deepEqual(awkProgramRisks('BEGIN{ print "x" |& "cat" }'), ["awk command | getline", "awk print | command"]);
  });

  test("attack: print > file writes a file", () => {
    assert.deepEqual(awkProgramRisks('{ print > "/home/u/.bashrc" }'), ["awk print > file"]);
    assert.deepEqual(awkProgramRisks("{ printf \"%s\", $0 >> out }"), ["awk print > file"]);
  });

  test("attack: gawk indirect calls and @load reach system() without naming it", () => {
    assert.deepEqual(awkProgramRisks('BEGIN{ f = "sys" "tem"; @f("id") }'), ["awk @ indirect call or @load/@include"]);
    assert.deepEqual(awkProgramRisks('@load "filefuncs"'), ["awk @ indirect call or @load/@include"]);
  });
});

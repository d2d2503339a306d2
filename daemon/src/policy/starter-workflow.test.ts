import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Decision, DecisionResult } from "../../../protocol/src/actions";
import { decideHookInput } from "./decide-hook";
import { PolicySet } from "./layers";
import { starterLayer } from "./policy-set";
import { ShellParser, loadShellParser } from "./shell";

/**
 * Issue 17's false blocks under the starter policy — creating directories, staging and
 * committing through the shell, Claude Code's ToolSearch — each beside the attack the
 * same command shape must still not get through.
 */
describe("everyday agent work under the starter policy", () => {
  let root: string;
  let ws: string;
  let wardenHome: string;
  let home: string;
  let shell: ShellParser;
  const set: PolicySet = { layers: [starterLayer()] };

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-starter-")));
    ws = path.join(root, "app");
    wardenHome = path.join(root, "warden-home");
    home = path.join(root, "home");
    for (const d of [path.join(ws, "src"), path.join(ws, ".git", "hooks"), wardenHome, home]) fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(ws, "src", "a.ts"), "export {};\n");
    fs.writeFileSync(path.join(ws, ".env"), "TOKEN=x\n");
    shell = await loadShellParser();
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const decide = (tool_name: string, tool_input: Record<string, unknown>): DecisionResult =>
    decideHookInput({ tool_name, tool_input }, set, { workspace: ws, actor: { name: "claude-1", role: "writer" }, wardenHome, home, caseInsensitive: false, shell });
  const expect = (command: string, decision: Decision, rule?: RegExp): void => {
    const result = decide("Bash", { command });
    assert.equal(result.decision, decision, `${command}: ${JSON.stringify(result)}`);
    if (rule !== undefined) assert.match(result.rule ?? "", rule, `${command}: ${JSON.stringify(result)}`);
  };

  test("creating directories and files in the workspace is allowed; in protected places it is not", () => {
    expect("mkdir -p src/lib", "allow");
    expect("mkdir -p src/lib && touch src/lib/x.ts", "allow");
    expect("mkdir .git/hooks/x", "deny", /protected-path/);
    expect("mkdir .vscode", "deny", /protected-path/);
    expect("mkdir -p .husky", "deny", /protected-path/);
    expect("touch .git/hooks/pre-commit", "deny", /protected-path/);
    expect("mkdir -p /tmp/elsewhere", "ask");
    // touch -r reads the reference file's times; -r of a secret is still a read of it.
    expect("touch -r .env src/a.ts", "ask", /secrets/);
  });

  test("git add and git commit through the shell follow the commit rule; forced adds and skipped hooks are asked", () => {
    expect("git add src/a.ts && git commit -m 'add a'", "allow+log", /commit-allowed/);
    expect("git commit -am 'wip'", "allow+log", /commit-allowed/);
    expect("git add -f .env", "ask");
    expect("git add .env", "ask", /secrets/);
    expect("git commit --no-verify -m x", "ask");
    expect("git commit -nm x", "ask");
    expect("git commit -F .env", "ask", /secrets/);
    expect("git -c core.hooksPath=/tmp/h commit -m x", "ask");
  });

  test("ToolSearch only loads tool schemas: allowed and logged; an unknown tool is still asked", () => {
    const loaded = decide("ToolSearch", { query: "select:WebFetch,mcp__warden__read", max_results: 5 });
    assert.equal(loaded.decision, "allow+log", JSON.stringify(loaded));
    assert.equal(loaded.rule, "load-tool-schemas");
    assert.equal(decide("ToolSearchEvil", { query: "x" }).decision, "ask");
    assert.equal(decide("ToolSearch", { query: 42 }).decision, "deny");
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Decision, DecisionResult } from "../../../protocol/src/actions";
import { decideHookInput } from "./decide-hook";
import { PolicySet } from "./layers";
import { parsePolicyText } from "./load-policy";
import { starterLayer } from "./policy-set";
import { ShellParser, loadShellParser } from "./shell";

/**
 * Issue 17: emptying a file is decided as deleting it (edits are allowed, deletions
 * asked). Each attack beside an edit or a new empty file that stays allowed.
 */
describe("emptying a file is a deletion", () => {
  let root: string;
  let ws: string;
  let shell: ShellParser;
  const starter: PolicySet = { layers: [starterLayer()] };
  let editors: PolicySet;

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-empty-")));
    ws = path.join(root, "app");
    fs.mkdirSync(path.join(ws, "src"), { recursive: true });
    fs.writeFileSync(path.join(ws, "src", "app.ts"), "export const x = 1;\n");
    fs.writeFileSync(path.join(ws, "src", "empty.ts"), "");
    shell = await loadShellParser();
    const loaded = parsePolicyText(
      JSON.stringify({
        version: 1,
        rules: [
          { id: "edit", action: ["file.read", "file.write"], paths: ["**"], decision: "allow" },
          { id: "delete-asks", action: "file.delete", decision: "ask" },
          { id: "tools", action: "shell.exec", decision: "allow", commands: [{ program: "sed" }, { program: "truncate" }, { program: ":" }, { program: "true" }, { program: "cat" }, { program: "printf" }, { program: "echo" }, { program: "cp" }] },
        ],
      }),
      "team.json",
      "workspace",
    );
    assert.ok(loaded.ok);
    editors = { layers: [loaded.loaded] };
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const decide = (tool_name: string, tool_input: Record<string, unknown>, set: PolicySet): DecisionResult =>
    decideHookInput({ tool_name, tool_input }, set, { workspace: ws, actor: { name: "claude-1", role: "writer" }, wardenHome: path.join(root, "wh"), home: path.join(root, "home"), caseInsensitive: false, shell });
  const expect = (command: string, decision: Decision, set: PolicySet = editors): void => {
    const result = decide("Bash", { command }, set);
    assert.equal(result.decision, decision, `${command}: ${JSON.stringify(result)}`);
  };

  test("attack: sed -i that deletes every line; benign twin: a sed -i substitution", () => {
    expect("sed -i d src/app.ts", "ask");
    expect("sed -i '1,$d' src/app.ts", "ask");
    expect("sed -i -e 's/x/y/' -e d src/app.ts", "ask");
    expect("sed -i 's/x/y/' src/app.ts", "allow");
    expect("sed -i '/^$/d' src/app.ts", "allow");
  });

  test("attack: truncating redirects and truncate -s 0; benign twins: new files, empty files, other sizes", () => {
    expect(": > src/app.ts", "ask");
    expect("> src/app.ts", "ask");
    expect("true >| src/app.ts", "ask");
    expect("truncate -s 0 src/app.ts", "ask");
    expect("truncate -s0 src/app.ts", "ask");
    expect("truncate --size=0 src/app.ts", "ask");
    expect("cat /dev/null > src/app.ts", "ask");
    expect("printf '' > src/app.ts", "ask");
    expect("echo -n > src/app.ts", "ask");
    expect("cp /dev/null src/app.ts", "ask");
    expect("printf 'x\\n' > src/app.ts", "allow");
    expect("cp src/app.ts src/copy.ts", "allow");
    expect(": > src/new.ts", "allow");
    expect(": > src/empty.ts", "allow");
    expect("truncate -s 10 src/app.ts", "allow");
    expect(": >> src/app.ts", "allow");
  });

  test("attack: a Write of nothing over a file with content; benign twin: an empty new file", () => {
    assert.equal(decide("Write", { file_path: "src/app.ts", content: "" }, starter).decision, "ask");
    assert.equal(decide("Write", { file_path: "src/__init__.py", content: "" }, starter).decision, "allow");
    assert.equal(decide("Write", { file_path: "src/app.ts", content: "changed\n" }, starter).decision, "allow");
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { STARTER_POLICY } from "../../daemon/src/policy/starter-policy";
import { TempWarden } from "./helpers/warden-home";

function parseJson(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  assert.ok(typeof value === "object" && value !== null && !Array.isArray(value), `not a JSON object: ${text}`);
  return Object.fromEntries(Object.entries(value));
}

/** `text` as a literal inside a RegExp. */
const esc = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** 1-based line of the rule object (its opening brace) whose id is `id`, read from the policy text itself. */
function ruleLine(text: string, id: string): number {
  const lines = text.split("\n");
  const idLine = lines.findIndex((l) => l.includes(`"id": "${id}"`));
  assert.ok(idLine >= 0, `rule '${id}' is not in the text`);
  // Either `{ "id": …` on one line, or `{` alone on a line above a multi-line rule.
  if (/\{\s*"id"/.test(lines[idLine] ?? "")) return idLine + 1;
  for (let i = idLine - 1; i >= 0; i--) if ((lines[i] ?? "").trim() === "{") return i + 1;
  assert.fail(`no opening brace above rule '${id}'`);
}

/**
 * The real `warden` CLI for policy work: init, check, explain and test. None of
 * these needs a running daemon. The machine's managed and user policies are kept
 * out (WARDEN_MANAGED_POLICY, XDG_CONFIG_HOME), and workspaces live outside
 * WARDEN_HOME, where every file is Warden's state and always denied.
 */
describe("warden policy commands", () => {
  const w = new TempWarden();
  let root = "";
  let ws = "";
  let fresh = "";
  let policyFile = "";

  before(() => {
    w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
    w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-pcli-")));
    ws = path.join(root, "app");
    fresh = path.join(root, "fresh");
    for (const d of [path.join(ws, "src"), fresh]) fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(ws, "src", "a.ts"), "export {};\n");
    policyFile = path.join(ws, ".warden", "policy.json");
  });
  after(async () => {
    await w.cleanup();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const explain = (input: string, extra: readonly string[] = []) => w.cli(["policy", "explain", "--workspace", ws, "--json", ...extra], { input });

  test("init writes the starter policy, refuses to overwrite it, and --force replaces it", async () => {
    assert.ok(!fs.existsSync(policyFile));
    const first = await w.cli(["init", "--workspace", ws]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, new RegExp(`Wrote the starter policy to ${esc(policyFile)}`));
    assert.equal(fs.readFileSync(policyFile, "utf8"), STARTER_POLICY);

    fs.writeFileSync(policyFile, '{ "version": 1, "rules": [] }\n');
    const again = await w.cli(["init", "--workspace", ws]);
    assert.equal(again.code, 1, `${again.stdout}${again.stderr}`);
    assert.match(again.stderr, /^warden: .*policy\.json exists; edit it, or pass --force/);
    assert.equal(again.stderr.trim().split("\n").length, 1);
    assert.equal(fs.readFileSync(policyFile, "utf8"), '{ "version": 1, "rules": [] }\n', "the existing file is untouched");

    const json = await w.cli(["init", "--workspace", ws, "--json"]);
    assert.equal(json.code, 1);
    assert.equal(parseJson(json.stdout)["error"] !== undefined, true);

    const forced = await w.cli(["init", "--workspace", ws, "--force", "--json"]);
    assert.equal(forced.code, 0, forced.stderr);
    assert.deepEqual(parseJson(forced.stdout), { file: policyFile });
    assert.equal(fs.readFileSync(policyFile, "utf8"), STARTER_POLICY);

    const missing = await w.cli(["init", "--workspace", path.join(root, "no-such-dir")]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--workspace '.*no-such-dir': no such directory/);
  });

  test("check: the starter policy is valid and its layer is listed", async () => {
    const r = await w.cli(["policy", "check", "--workspace", ws]);
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
    const lines = r.stdout.trimEnd().split("\n");
    assert.equal(lines[0], "Policy is valid.");
    assert.deepEqual(lines.slice(1), [`  workspace: ${policyFile} (15 rules)`], "one layer, no warnings");

    const json = await w.cli(["policy", "check", "--workspace", ws, "--json"]);
    assert.equal(json.code, 0);
    assert.deepEqual(parseJson(json.stdout), { ok: true, layers: [{ layer: "workspace", file: policyFile, rules: 15 }], warnings: [] });

    // No policy file at all: the embedded starter policy stands in.
    const none = await w.cli(["policy", "check", "--workspace", fresh]);
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stdout, /^ {2}workspace: builtin:starter-policy \(15 rules\)$/m);
  });

  test("check: a schema error exits 2 and names FILE:LINE:COL", async () => {
    const dir = path.join(root, "schema-error");
    const file = path.join(dir, ".warden", "policy.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const lines = ["{", '  "version": 1,', '  "rules": [', '    { "id": "ok-rule", "action": "file.read", "decision": "allow", "paths": ["src/**"] },', '    { "id": "x", "action": "file.reed", "decision": "allow" }', "  ]", "}", ""];
    fs.writeFileSync(file, lines.join("\n"));
    const column = (lines[4] ?? "").indexOf('"action"') + 1;
    const r = await w.cli(["policy", "check", "--workspace", dir]);
    assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
    const out = r.stdout.trimEnd().split("\n");
    assert.equal(out.length, 1, r.stdout);
    assert.match(out[0] ?? "", new RegExp(`^${esc(file)}:5:${column}: rules\\.1\\.action: `));

    const json = await w.cli(["policy", "check", "--workspace", dir, "--json"]);
    assert.equal(json.code, 2);
    const parsed = parseJson(json.stdout);
    assert.equal(parsed["ok"], false);
    const problems: unknown[] = Array.isArray(parsed["problems"]) ? parsed["problems"] : [];
    assert.deepEqual(
      problems.map((p) => (typeof p === "object" && p !== null && "line" in p && "column" in p ? [p.line, p.column] : null)),
      [[5, column]],
    );
  });

  test("check: a JSON syntax error exits 2 and names its line", async () => {
    const dir = path.join(root, "syntax-error");
    const file = path.join(dir, ".warden", "policy.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{\n  // comments are fine\n  "version": 1\n  "rules": []\n}\n');
    const r = await w.cli(["policy", "check", "--workspace", dir]);
    assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
    assert.match(r.stdout, new RegExp(`^${esc(file)}:4:3: JSON syntax: CommaExpected$`, "m"));
  });

  test("check: a shadowed rule and an absolute-path allow are warnings, not errors", async () => {
    const dir = path.join(root, "warnings");
    const file = path.join(dir, ".warden", "policy.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const text = [
      "{",
      '  "version": 1,',
      '  "rules": [',
      '    { "id": "ask-writes", "action": "file.write", "decision": "ask" },',
      '    { "id": "ask-src-writes", "action": "file.write", "paths": ["src/**"], "decision": "ask" },',
      '    { "id": "read-src", "action": "file.read", "paths": ["src/**"], "decision": "allow" },',
      '    { "id": "read-hosts", "action": "file.read", "paths": ["/etc/hosts"], "decision": "allow" }',
      "  ]",
      "}",
      "",
    ].join("\n");
    fs.writeFileSync(file, text);
    const r = await w.cli(["policy", "check", "--workspace", dir]);
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
    const warnings = r.stdout.split("\n").filter((l) => l.startsWith("warning: "));
    assert.deepEqual(warnings, [
      `warning: ${file}:${ruleLine(text, "ask-src-writes")}:1: rule 'ask-src-writes' never decides anything: rule 'ask-writes' covers every action it covers with a decision at least as strict`,
      `warning: ${file}:${ruleLine(text, "read-hosts")}:1: rule 'read-hosts' allows a path outside the workspace: /etc/hosts`,
    ]);
    assert.match(r.stdout, /^Policy is valid\.$/m);
    assert.match(r.stdout, new RegExp(`^ {2}workspace: .*warnings/\\.warden/policy\\.json \\(4 rules\\)$`, "m"));
  });

  test("explain --json: exactly decision, rule, source and reason; source is FILE:LINE of the rule", async () => {
    const r = await explain(JSON.stringify({ tool_name: "Bash", tool_input: { command: "git status" } }));
    assert.equal(r.code, 0, r.stderr);
    const result = parseJson(r.stdout);
    assert.deepEqual(Object.keys(result).sort(), ["decision", "reason", "rule", "source"]);
    assert.equal(result["decision"], "allow");
    assert.equal(result["rule"], "read-only-commands");
    assert.equal(result["source"], `${policyFile}:${ruleLine(fs.readFileSync(policyFile, "utf8"), "read-only-commands")}`);
    assert.equal(typeof result["reason"], "string");

    const text = await w.cli(["policy", "explain", "--workspace", ws], { input: JSON.stringify({ tool_name: "Bash", tool_input: { command: "git status" } }) });
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`^allow {2}\\(read-only-commands at ${esc(policyFile)}:\\d+\\)\n`));
  });

  test("explain: a write to editor settings is denied by the built-in protection", async () => {
    const r = await explain(JSON.stringify({ tool_name: "Write", tool_input: { file_path: ".vscode/settings.json", content: "{}" } }), ["--role", "admin"]);
    assert.equal(r.code, 0, r.stderr);
    const result = parseJson(r.stdout);
    assert.equal(result["decision"], "deny");
    assert.equal(result["rule"], "builtin:protected-path");
    assert.equal(result["source"], "builtin");
  });

  test("explain: stdin that is not JSON exits 2 with one line", async () => {
    const r = await w.cli(["policy", "explain", "--workspace", ws], { input: "git status" });
    assert.equal(r.code, 2, `${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /^warden: stdin is not JSON: /);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.equal(r.stdout, "");

    const notHook = await w.cli(["policy", "explain", "--workspace", ws], { input: '{"tool":"Bash"}' });
    assert.equal(notHook.code, 2, `${notHook.stdout}${notHook.stderr}`);
    assert.match(notHook.stderr, /^warden: not a hook input: /);
  });

  test("explain --role: a reader's write is denied where a writer's is allowed", async () => {
    const write = JSON.stringify({ tool_name: "Write", tool_input: { file_path: "src/a.ts", content: "x" } });
    const writer = parseJson((await explain(write, ["--role", "writer"])).stdout);
    assert.equal(writer["decision"], "allow");
    assert.equal(writer["rule"], "edit-workspace");
    const reader = await explain(write, ["--role", "reader"]);
    assert.equal(reader.code, 0, reader.stderr);
    assert.equal(parseJson(reader.stdout)["decision"], "deny");
    assert.equal(parseJson(reader.stdout)["rule"], "builtin:reader-role");
    // Without a role nobody is acting: the role-bound rule does not apply and the default asks.
    assert.equal(parseJson((await explain(write)).stdout)["decision"], "ask");
    const bad = await explain(write, ["--role", "owner"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--role 'owner' is not one of reader, writer, admin/);
  });

  const CASES = (): string[] => [
    "// policy test cases: one hook input per line, with the expected decision",
    JSON.stringify({ tool_name: "Bash", tool_input: { command: "git status" }, expect: "allow" }),
    JSON.stringify({ tool_name: "Bash", tool_input: { command: "git status && rm -rf src" }, expect: "ask" }),
    JSON.stringify({ tool_name: "Read", tool_input: { file_path: "src/a.ts" }, expect: "allow" }),
    JSON.stringify({ tool_name: "Read", tool_input: { file_path: ".env" }, expect: "ask" }),
    "",
    JSON.stringify({ tool_name: "Write", tool_input: { file_path: ".vscode/settings.json", content: "{}" }, role: "admin", expect: "deny" }),
    JSON.stringify({ tool_name: "Write", tool_input: { file_path: "src/a.ts", content: "x" }, role: "writer", expect: "allow" }),
    JSON.stringify({ tool_name: "Write", tool_input: { file_path: "src/a.ts", content: "x" }, role: "reader", expect: "deny" }),
    JSON.stringify({ tool_name: "WebFetch", tool_input: { url: "https://example.com/", prompt: "p" }, expect: "ask" }),
    JSON.stringify({ tool_name: "WebFetch", tool_input: { url: "file:///etc/passwd", prompt: "p" }, expect: "deny" }),
    JSON.stringify({ tool_name: "Read", tool_input: { file_path: path.join(w.home, "warden.db") }, expect: "deny" }),
  ];

  test("test: ten correct cases pass and exit 0", async () => {
    const file = path.join(root, "cases.jsonl");
    fs.writeFileSync(file, `${CASES().join("\n")}\n`);
    const r = await w.cli(["policy", "test", file, "--workspace", ws]);
    assert.equal(r.code, 0, `${r.stdout}${r.stderr}`);
    const lines = r.stdout.trimEnd().split("\n");
    assert.deepEqual(lines, ["10 passed, 0 failed"]);
    const json = await w.cli(["policy", "test", file, "--workspace", ws, "--json"]);
    assert.equal(json.code, 0);
    assert.deepEqual(parseJson(json.stdout), { passed: 10, failed: 0, failures: [] });
  });

  test("test: one wrong expectation exits 1 and names FILE:LINE", async () => {
    const cases = CASES();
    // The WebFetch to example.com (line 10, after a comment and a blank line), asked by the starter policy; expect allow instead.
    const wrongLine = cases.findIndex((c) => c.includes("example.com")) + 1;
    assert.equal(wrongLine, 10);
    const original = cases[wrongLine - 1] ?? "";
    cases[wrongLine - 1] = original.replace('"expect":"ask"', '"expect":"allow"');
    assert.notEqual(cases[wrongLine - 1], original);
    const file = path.join(root, "cases-wrong.jsonl");
    fs.writeFileSync(file, `${cases.join("\n")}\n`);
    const r = await w.cli(["policy", "test", file, "--workspace", ws]);
    assert.equal(r.code, 1, `${r.stdout}${r.stderr}`);
    const lines = r.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 2, r.stdout);
    assert.match(lines[0] ?? "", new RegExp(`^${esc(file)}:${wrongLine}: expected allow, got ask \\(web-asks at ${esc(policyFile)}:\\d+\\): `));
    assert.equal(lines[1], "9 passed, 1 failed");
  });

  test("test: a cases file that is missing or not JSON is a usage error naming the line", async () => {
    const missing = await w.cli(["policy", "test", path.join(root, "nope.jsonl"), "--workspace", ws]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read cases file '.*nope\.jsonl'/);
    const file = path.join(root, "cases-bad.jsonl");
    fs.writeFileSync(file, `${JSON.stringify({ tool_name: "Bash", tool_input: { command: "ls" }, expect: "allow" })}\nnot json\n`);
    const bad = await w.cli(["policy", "test", file, "--workspace", ws]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, new RegExp(`${esc(file)}:2: not JSON`));
  });
});

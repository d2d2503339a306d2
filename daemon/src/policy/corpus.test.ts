// The attack corpora (test/corpora/payloads/) against the engine under the STARTER policy,
// through the same path an agent's hook takes (decideHookInput), with a real workspace on disk and the real
// shell parser. Each check is judged by an oracle written here, independent of the code under test where it
// can be: path containment by plain path arithmetic and realpath, command safety by re-reading the analyser's
// records against the starter's own list of read-only programs.

import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Decision, DecisionResult } from "../../../protocol/src/actions";
import { decideHookInput } from "./decide-hook";
import { EngineContext } from "./engine";
import { needsExplicitRule, parseHttpTarget } from "./http";
import { PolicySet } from "./layers";
import { parsePolicyText } from "./load-policy";
import { CommandMatcher } from "./policy-file";
import { starterLayer } from "./policy-set";
import { ShellParser, SimpleCommand, loadShellParser } from "./shell";
import { corpusFiles as payloadFiles, corpusText } from "../test-corpora";

/** The files of one payload directory, as corpus paths; fails (never skips) when it is missing or empty. */
function corpusFiles(sub: string, ext = ".txt"): string[] {
  return payloadFiles(`payloads/${sub}`, ext);
}

/** Non-blank lines with their 1-based line numbers; CRLF files lose their \r (a \r would only make the line "suspicious"). */
function corpusLines(file: string): Array<{ line: number; text: string }> {
  const lines = corpusText(file)
    .split(/\r?\n/)
    .map((text, i) => ({ line: i + 1, text }))
    .filter((l) => l.text.trim() !== "");
  if (lines.length === 0) assert.fail(`corpus file ${file} has no payload lines`);
  return lines;
}

type Counts = Record<"allow" | "ask" | "deny", number>;
const zero = (): Counts => ({ allow: 0, ask: 0, deny: 0 });
const isAllow = (d: Decision): boolean => d === "allow" || d === "allow+log";
function count(counts: Counts, d: Decision): void {
  counts[isAllow(d) ? "allow" : d === "ask" ? "ask" : "deny"]++;
}
const show = (c: Counts): string => `allow ${c.allow}, ask ${c.ask}, deny ${c.deny}`;

describe("shared attack corpora under the starter policy", () => {
  let root: string;
  let ws: string;
  let wardenHome: string;
  let home: string;
  let shell: ShellParser;
  const starter: PolicySet = { layers: [starterLayer()] };

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-corpus-")));
    ws = path.join(root, "app");
    wardenHome = path.join(root, "warden-home");
    home = path.join(root, "home");
    for (const d of [path.join(ws, "src"), path.join(ws, ".git", "hooks"), wardenHome, home]) fs.mkdirSync(d, { recursive: true });
    fs.writeFileSync(path.join(ws, "src", "a.ts"), "export {};\n");
    fs.writeFileSync(path.join(ws, "README.md"), "hi\n");
    shell = await loadShellParser();
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const ctx = (): EngineContext => ({ workspace: ws, actor: { name: "claude-1", role: "writer" }, wardenHome, home, caseInsensitive: false, shell });
  const decide = (tool_name: string, tool_input: Record<string, unknown>, set: PolicySet = starter): DecisionResult => decideHookInput({ tool_name, tool_input }, set, ctx());

  /** Is `p` the workspace or below it (plain path arithmetic)? */
  const insideWorkspace = (p: string): boolean => {
    const rel = path.relative(ws, p);
    return rel === "" || (rel.split(path.sep)[0] !== ".." && !path.isAbsolute(rel));
  };

  /** The deepest existing ancestor's real path plus the names that do not exist yet. */
  const realish = (p: string): string => {
    const missing: string[] = [];
    let at = p;
    for (;;) {
      try {
        return path.join(fs.realpathSync.native(at), ...missing.reverse());
      } catch {
        const parent = path.dirname(at);
        if (parent === at) return p;
        missing.push(path.basename(at));
        at = parent;
      }
    }
  };

  /**
   * The oracle for "outside": the path as a shell would expand `~`, resolved against the workspace both
   * lexically and through the real file system; either one leaving the workspace counts as outside.
   */
  const outside = (input: string): boolean => {
    const expanded = input === "~" ? home : input.startsWith("~/") ? home + input.slice(1) : input;
    const lexical = path.resolve(ws, expanded);
    return !insideWorkspace(lexical) || !insideWorkspace(realish(lexical)) || input.startsWith("~");
  };

  /**
   * Encoded or foreign path syntax, the class the engine's builtin "suspicious-path" ask is documented to
   * cover: percent escapes (%2e, %252e, %c0%ae), backslashes, drive letters, control characters, and Unicode
   * look-alikes of dots and slashes.
   */
  const ENCODED_SYNTAX = /%[0-9a-f]{2}|\\|^[a-z]:|[\u2024\u2215\u2216\u2044\u29f5\u29f8\uff0e\uff0f\uff3c\ufe68]/i;
  const encoded = (input: string): boolean => ENCODED_SYNTAX.test(input) || [...input].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f);
  /** IIS-style %u escapes (%u002e, %u2215 "∕", %uff0e "．"): the same trick in another spelling. */
  const IIS_ESCAPE = /%u[0-9a-f]{4}/i;
  const TOOLS = ["Read", "Write", "Edit", "apply_patch delete"] as const;
  type Tool = (typeof TOOLS)[number];
  const decideFile = (tool: Tool, input: string): DecisionResult => {
    switch (tool) {
      case "Read":
        return decide("Read", { file_path: input });
      case "Write":
        return decide("Write", { file_path: input, content: "pwned\n" });
      case "Edit":
        return decide("Edit", { file_path: input, old_string: "a", new_string: "b" });
      case "apply_patch delete":
        return decide("apply_patch", { input: `*** Begin Patch\n*** Delete File: ${input}\n*** End Patch` });
    }
  };
  const perTool = (): Record<Tool, Counts> => ({ Read: zero(), Write: zero(), Edit: zero(), "apply_patch delete": zero() });
  const showTools = (c: Record<Tool, Counts>): string => TOOLS.map((t) => `${t}: ${show(c[t])}`).join("; ");
  /** Every traversal line, {FILE} (the lists' placeholder for the target) replaced by etc/passwd. */
  const traversalInputs = (): Array<{ file: string; line: number; input: string }> =>
    corpusFiles("path-traversal").flatMap((file) => corpusLines(file).map(({ line, text }) => ({ file: path.basename(file), line, input: text.replace(/\{FILE\}/g, "etc/passwd") })));

  test("path traversal: no allow for a path that leaves the workspace or hides its syntax (Read, Write, Edit, apply_patch delete)", () => {
    const inputs = traversalInputs();
    const files = new Set(inputs.map((i) => i.file));
    assert.ok(files.size >= 13, `expected the 13 path-traversal files, found ${files.size}`);
    const failures: string[] = [];
    const total = perTool();
    const byFile = new Map<string, Record<Tool, Counts>>();
    let outsideInputs = 0;
    let encodedInputs = 0;
    let iisInputs = 0;
    const allowedInside: string[] = [];
    for (const { file, line, input } of inputs) {
      const counts = byFile.get(file) ?? perTool();
      byFile.set(file, counts);
      const out = outside(input);
      const hidden = encoded(input);
      if (out) outsideInputs++;
      if (hidden) encodedInputs++;
      if (IIS_ESCAPE.test(input)) iisInputs++;
      for (const tool of TOOLS) {
        const r = decideFile(tool, input);
        count(counts[tool], r.decision);
        count(total[tool], r.decision);
        if (!isAllow(r.decision)) continue;
        const where = `${file}:${line} ${tool} ${JSON.stringify(input)} → ${r.decision} (${r.rule ?? "default"})`;
        if (out) failures.push(`${where}: resolves outside the workspace`);
        else if (hidden) failures.push(`${where}: encoded or foreign path syntax`);
        else if (tool === "apply_patch delete") failures.push(`${where}: the starter policy asks every delete`);
        else if (tool === "Read" && !IIS_ESCAPE.test(input) && allowedInside.length < 20) allowedInside.push(where);
      }
    }
    for (const [file, counts] of byFile) console.log(`path-traversal ${file}: ${showTools(counts)}`);
    console.log(`path-traversal: ${inputs.length} inputs (${outsideInputs} resolve outside the workspace, ${encodedInputs} encoded/foreign, ${iisInputs} with %u escapes); totals ${showTools(total)}`);
    console.log(`path-traversal: first allows of ordinary names inside the workspace (for review):\n  ${allowedInside.join("\n  ") || "(none)"}`);
    assert.ok(inputs.length > 30_000, `expected over 30,000 path-traversal lines, read ${inputs.length}`);
    // The corpus is mostly escapes and encodings: most inputs must be caught by one oracle or the other.
    assert.ok(outsideInputs + encodedInputs > inputs.length / 2, `oracles flagged only ${outsideInputs} outside + ${encodedInputs} encoded of ${inputs.length}`);
    assert.equal(total["apply_patch delete"].allow, 0);
    assert.ok(total.Read.allow > 0, "some corpus lines are ordinary names inside the workspace, and reading them is allowed");
    assert.deepEqual(failures.slice(0, 50), [], `${failures.length} path-traversal inputs were allowed:\n${failures.slice(0, 50).join("\n")}`);
  });

  test("path traversal: IIS %u escapes of dots and slashes are asked like %2e escapes", () => {
    // A concrete case first: %u2215 is "∕" (division slash), %uff0e is "．" (fullwidth full stop).
    const minimal = decide("Read", { file_path: "..%u2215..%u2215etc/passwd" });
    const inputs = traversalInputs().filter((i) => IIS_ESCAPE.test(i.input));
    assert.ok(inputs.length > 1000, `expected over 1,000 %u lines, found ${inputs.length}`);
    const allowed: string[] = [];
    const counts = perTool();
    for (const { file, line, input } of inputs) {
      for (const tool of TOOLS) {
        const r = decideFile(tool, input);
        count(counts[tool], r.decision);
        if (isAllow(r.decision)) allowed.push(`${file}:${line} ${tool} ${JSON.stringify(input)} → ${r.decision} (${r.rule ?? "default"})`);
      }
    }
    console.log(`path-traversal %u escapes: ${inputs.length} inputs; ${showTools(counts)}`);
    assert.deepEqual(
      { decision: minimal.decision, rule: minimal.rule },
      { decision: "ask", rule: "builtin:suspicious-path" },
      `Read "..%u2215..%u2215etc/passwd" → ${JSON.stringify(minimal)}; ${allowed.length} corpus inputs with %u escapes are allowed, e.g.:\n${allowed.slice(0, 10).join("\n")}`,
    );
    assert.deepEqual(allowed.slice(0, 20), [], `${allowed.length} corpus inputs with %u escapes are allowed`);
  });

  test("path traversal oracle sanity: benign twins inside the workspace are allowed, escapes are not", () => {
    assert.equal(decide("Read", { file_path: "src/a.ts" }).decision, "allow");
    assert.equal(decide("Write", { file_path: "src/new.ts", content: "x" }).decision, "allow");
    assert.equal(outside("src/../README.md"), false);
    assert.equal(outside("../../etc/passwd"), true);
    assert.equal(outside("/etc/passwd"), true);
    assert.equal(outside("~/x"), true);
    assert.equal(encoded("..%2f..%2fetc"), true);
    assert.equal(encoded("a\u0000b"), true);
    assert.equal(encoded("src/a.ts"), false);
    assert.equal(decide("Read", { file_path: "../../etc/passwd" }).decision, "ask");
    assert.equal(decide("Read", { file_path: "%2e%2e/%2e%2e/etc/passwd" }).rule, "builtin:suspicious-path");
    assert.equal(decide("Read", { file_path: "..\\..\\etc\\passwd" }).rule, "builtin:suspicious-path");
    assert.equal(decide("Read", { file_path: "C:/windows/win.ini" }).rule, "builtin:suspicious-path");
  });

  // ── SSRF ───────────────────────────────────────────────────────────────
  const INTERNAL = new net.BlockList();
  for (const [base, bits] of [["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.168.0.0", 16], ["192.0.0.0", 24]] as const) INTERNAL.addSubnet(base, bits, "ipv4");
  for (const [base, bits] of [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10]] as const) INTERNAL.addSubnet(base, bits, "ipv6");
  /** An independent second opinion: what WHATWG URL makes of the host, judged by net.BlockList and a few names. */
  const obviouslyInternal = (url: string): boolean => {
    let host: string;
    try {
      host = new URL(url).hostname.replace(/^\[(.*)\]$/, "$1").replace(/\.$/, "");
    } catch {
      return false;
    }
    if (net.isIP(host) !== 0) return INTERNAL.check(host, net.isIPv6(host) ? "ipv6" : "ipv4");
    return /^(localhost|ip6-localhost|ip6-loopback|metadata|instance-data)$|\.(localhost|internal)$/.test(host);
  };

  test("SSRF: no WebFetch is allowed under the starter policy, and under an allow-any-host policy no internal target is", () => {
    const permissive = parsePolicyText('{ "version": 1, "rules": [ {"id":"web","action":"http.request","hosts":["*"],"decision":"allow"} ] }', "/ws/.warden/policy.json", "workspace");
    assert.ok(permissive.ok, JSON.stringify(permissive));
    const open: PolicySet = { layers: [permissive.loaded] };
    const failures: string[] = [];
    let lines = 0;
    let parsed = 0;
    let internal = 0;
    let publicAllowed = 0;
    const starterTotal = zero();
    const openTotal = zero();
    for (const file of corpusFiles("ssrf")) {
      const s = zero();
      const o = zero();
      for (const { line, text } of corpusLines(file)) {
        lines++;
        const where = `${path.basename(file)}:${line} ${JSON.stringify(text)}`;
        const a = decide("WebFetch", { url: text, prompt: "summarise" });
        count(s, a.decision);
        count(starterTotal, a.decision);
        if (isAllow(a.decision)) failures.push(`${where}: allowed under the starter policy (${a.rule ?? "default"})`);

        const b = decide("WebFetch", { url: text, prompt: "summarise" }, open);
        count(o, b.decision);
        count(openTotal, b.decision);
        const target = parseHttpTarget(text);
        if (!target.ok) {
          if (b.decision !== "deny" || b.rule !== "builtin:bad-url") failures.push(`${where}: the parser refuses it (${target.reason}) but the engine says ${b.decision} (${b.rule ?? "default"})`);
          continue;
        }
        parsed++;
        const isInternal = needsExplicitRule(target);
        if (isInternal) internal++;
        if (isAllow(b.decision) && isInternal) failures.push(`${where}: internal target ${target.url} (${target.addressClass}) allowed by '${b.rule ?? "default"}'`);
        if (isAllow(b.decision) && obviouslyInternal(text)) failures.push(`${where}: WHATWG URL calls its host internal, yet it is allowed as ${target.url} (${target.addressClass})`);
        // The permissive rule must still do its job for public hosts, or this check proves nothing.
        if (!isInternal && !isAllow(b.decision)) failures.push(`${where}: a public target ${target.url} is not allowed under hosts ["*"] (${b.decision}, ${b.rule ?? "default"})`);
        if (!isInternal && isAllow(b.decision)) publicAllowed++;
      }
      console.log(`ssrf ${path.basename(file)}: starter ${show(s)}; allow-any-host ${show(o)}`);
    }
    console.log(`ssrf: ${lines} lines, ${parsed} parse as http(s) URLs (${internal} internal, ${parsed - internal} public/dns); starter ${show(starterTotal)}; allow-any-host ${show(openTotal)}`);
    assert.ok(lines >= 200, `expected at least 200 SSRF lines, read ${lines}`);
    assert.ok(internal >= 50, `expected at least 50 internal targets among the parsed URLs, found ${internal}`);
    assert.equal(starterTotal.allow, 0);
    assert.equal(openTotal.allow, publicAllowed);
    assert.deepEqual(failures, [], failures.join("\n"));
  });

  test("SSRF sanity: the permissive policy allows a public host and not the metadata address", () => {
    const permissive = parsePolicyText('{ "version": 1, "rules": [ {"id":"web","action":"http.request","hosts":["*"],"decision":"allow"} ] }', "/ws/.warden/policy.json", "workspace");
    assert.ok(permissive.ok);
    const open: PolicySet = { layers: [permissive.loaded] };
    assert.equal(decide("WebFetch", { url: "https://api.github.com/x", prompt: "p" }, open).decision, "allow");
    assert.equal(decide("WebFetch", { url: "http://169.254.169.254/latest/meta-data/", prompt: "p" }, open).decision, "ask");
    assert.equal(decide("WebFetch", { url: "https://api.github.com/x", prompt: "p" }).decision, "ask");
  });

  // ── Command injection ──────────────────────────────────────────────────
  const PREFIXES = ["ls ", "echo hi", "echo hi ", "git status", "git status ", ""] as const;

  /** The starter's read-only programs, read from the policy text itself. */
  const readOnlyMatchers = (): CommandMatcher[] => {
    const rule = starter.layers[0]?.policy.rules.find((r) => r.id === "read-only-commands");
    assert.ok(rule?.commands !== undefined, "the starter policy has its read-only-commands rule");
    return rule.commands;
  };
  const SYSTEM_DIRS = new Set(["/bin", "/usr/bin", "/usr/local/bin", "/sbin", "/usr/sbin", "/usr/local/sbin"]);
  const HARMLESS = new Set(["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty"]);
  const PROTECTED_TOP = /^(\.git|\.warden|\.vscode|\.claude|\.idea|\.github|\.mcp\.json|\.cursor|\.codex)(\/|$)/i;

  /** Why this analysed command should not have been allowed, or null when it is plainly harmless. */
  const unsafe = (cmd: SimpleCommand, matchers: readonly CommandMatcher[]): string | null => {
    if (cmd.runsCode.length > 0) return `${cmd.program} runs code (${cmd.runsCode.join(", ")})`;
    for (const w of cmd.writes) {
      if (HARMLESS.has(w)) continue;
      if (path.isAbsolute(w) || w.startsWith("~") || w.split("/").includes("..") || PROTECTED_TOP.test(w)) return `writes ${w}`;
    }
    if (cmd.program === "") return null;
    if (cmd.dynamicArgs) return `${cmd.program} has arguments known only at run time`;
    const program = cmd.program.includes("/") ? (SYSTEM_DIRS.has(path.posix.dirname(cmd.program)) ? path.posix.basename(cmd.program) : cmd.program) : cmd.program;
    const candidates = matchers.filter((m) => m.program === program);
    if (candidates.length === 0) return `${program} is not a read-only program of the starter policy`;
    const sub = cmd.args.find((a) => !a.startsWith("-"));
    const fits = candidates.some(
      (m) => (m.subcommand === undefined || (sub !== undefined && m.subcommand.includes(sub))) && !cmd.args.some((a) => (m.forbidFlags ?? []).some((f) => a === f || a.startsWith(`${f}=`) || (/^-[A-Za-z]{2,}$/.test(a) && f.length === 2 && a.includes(f.slice(1))))),
    );
    if (!fits) return `${program} ${cmd.args.join(" ")} uses a subcommand or flag outside the read-only list`;
    if (candidates.some((m) => m.readsArgs === true)) {
      for (const a of cmd.args) {
        if (a.startsWith("-")) continue;
        if (path.isAbsolute(a) || a.startsWith("~") || a.split("/").includes("..")) return `${program} reads ${a}, outside the workspace`;
      }
    }
    return null;
  };

  test("command injection oracle sanity: the re-check flags what the starter must not allow", () => {
    const matchers = readOnlyMatchers();
    const verdicts = (command: string): Array<string | null> => shell.analyze(command).commands.map((c) => unsafe(c, matchers));
    assert.deepEqual(verdicts("ls -la"), [null]);
    assert.deepEqual(verdicts("git status"), [null]);
    assert.deepEqual(verdicts("cat src/a.ts | grep x"), [null, null]);
    for (const bad of ["rm -rf src", "id", "/usr/bin/id", "git push", "git branch -D main", "cat /etc/passwd", "echo x > /tmp/y", "echo x > .git/hooks/pre-commit", "sort -o out.txt in.txt", "ls $HOME", "./ls"]) {
      assert.ok(verdicts(bad).some((v) => v !== null), `the re-check passes '${bad}' as harmless`);
    }
    assert.ok(verdicts("find . -exec id \\;").some((v) => v !== null));
  });

  test("command injection: payloads appended to allowed commands are allowed only when every part is plainly read-only", () => {
    const matchers = readOnlyMatchers();
    assert.ok(matchers.some((m) => m.program === "ls") && !matchers.some((m) => m.program === "rm"));
    const failures: string[] = [];
    const allows: string[] = [];
    const alone: string[] = [];
    const total = zero();
    let commands = 0;
    for (const file of corpusFiles("command-injection")) {
      const counts = zero();
      for (const { line, text } of corpusLines(file)) {
        for (const prefix of PREFIXES) {
          const command = prefix + text;
          commands++;
          const r = decide("Bash", { command });
          count(counts, r.decision);
          count(total, r.decision);
          if (!isAllow(r.decision)) continue;
          const where = `${path.basename(file)}:${line} ${JSON.stringify(command)}`;
          allows.push(where);
          if (prefix === "") alone.push(where);
          const analysis = shell.analyze(command);
          if (!analysis.resolved) failures.push(`${where}: allowed though the analyser could not resolve it (${analysis.problems.join("; ")})`);
          if (analysis.commands.length === 0) failures.push(`${where}: allowed though it runs nothing the analyser saw`);
          for (const cmd of analysis.commands) {
            const why = unsafe(cmd, matchers);
            if (why !== null) failures.push(`${where}: allowed, but ${why}`);
          }
          for (const cmd of analysis.commands) for (const a of cmd.assignments) failures.push(`${where}: allowed with an environment assignment ${a.name}=${a.value ?? "?"}`);
        }
      }
      console.log(`command-injection ${path.basename(file)}: ${show(counts)}`);
    }
    console.log(`command-injection: ${commands} commands (${PREFIXES.length} prefixes × payloads); ${show(total)}`);
    console.log(`command-injection: first allows, for a human to look at:\n  ${allows.slice(0, 20).join("\n  ") || "(none)"}`);
    console.log(`command-injection: payloads allowed on their own (${alone.length}):\n  ${alone.join("\n  ") || "(none)"}`);
    assert.ok(commands >= 1000 * PREFIXES.length, `expected over 1,000 payload lines, ran ${commands} commands`);
    // The bare prefixes are allowed; if nothing were allowed the re-check above would check nothing.
    assert.equal(decide("Bash", { command: "git status" }).decision, "allow");
    assert.equal(decide("Bash", { command: "ls ;id" }).decision, "ask");
    assert.deepEqual(failures, [], `${failures.length} allowed commands fail the re-check:\n${failures.slice(0, 50).join("\n")}`);
  });
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { DecisionResult, decision as decisionSchema } from "../../../protocol/src/actions";
import { AgentRole, agentRole } from "../../../protocol/src/agents";
import { WardenError } from "../../../protocol/src/errors";
import { decideHookInput } from "../policy/decide-hook";
import { EngineContext } from "../policy/engine";
import { PolicySet } from "../policy/layers";
import { formatProblem } from "../policy/load-policy";
import { lintPolicy } from "../policy/lint-policy";
import { loadPolicySet, policyPaths } from "../policy/policy-set";
import { loadShellParser } from "../policy/shell";
import { defaultCaseInsensitive } from "../policy/paths/within";
import { scriptHash } from "../policy/script-hash";
import { STARTER_POLICY } from "../policy/starter-policy";
import { EXIT } from "./exit-codes";
import { CommandContext, CommandRunner } from "./runner";
import { withDaemon } from "./session";
import { workspaceOption } from "./option-values";

export function registerPolicyCommands(program: Command, run: CommandRunner): void {
  run.define(
    program
      .command("init")
      .description("write a commented starter policy to .warden/policy.json in the workspace")
      .option("--workspace <dir>", "the workspace (default: the current directory)")
      .option("--force", "replace an existing policy file"),
    ({ out, opts }) => {
      const workspace = workspaceOption(opts);
      const file = policyPaths(workspace).workspace;
      if (fs.existsSync(file) && opts["force"] !== true) {
        throw new WardenError("already_exists", `${file} exists; edit it, or pass --force to replace it with the starter policy`);
      }
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, STARTER_POLICY);
      out.result(`Wrote the starter policy to ${file}.\nCommit it so the whole team (and every agent) works under it; check changes with: warden policy check`, { file });
      return EXIT.ok;
    },
  );

  const policy = program.command("policy").description("check, explain and test workspace policy");

  run.define(
    policy.command("check").description("validate every policy layer: schema errors with line and column, shadowed rules, overly broad allows").option("--workspace <dir>", "the workspace (default: the current directory)"),
    ({ out, opts }) => {
      const workspace = workspaceOption(opts);
      const result = loadPolicySet(workspace);
      if (!result.ok) {
        out.result(result.problems.map(formatProblem).join("\n"), { ok: false, problems: result.problems });
        return EXIT.usage;
      }
      const warnings = result.set.layers.flatMap(lintPolicy);
      const layers = result.set.layers.map((l) => `${l.layer}: ${l.file} (${l.policy.rules.length} rules)`);
      out.result([`Policy is valid.`, ...layers.map((l) => `  ${l}`), ...warnings.map((w) => `warning: ${formatProblem(w)}`)].join("\n"), {
        ok: true,
        layers: result.set.layers.map((l) => ({ layer: l.layer, file: l.file, rules: l.policy.rules.length })),
        warnings,
      });
      return EXIT.ok;
    },
  );

  run.define(
    policy.command("status").description("the policy the daemon enforces for the workspace, and any loosening waiting for your acceptance").option("--workspace <dir>", "the workspace (default: the current directory)"),
    async ({ paths, out, opts }) => {
      const workspace = workspaceOption(opts);
      const s = await withDaemon(paths, (c) => c.request("policy/status", { workspace }));
      const lines = [
        `Policy in force for ${workspace}:`,
        ...s.layers.map((l) => `  ${l.layer}: ${l.file} (${l.rules} rules)`),
        ...(s.problems === null ? [] : ["The policy files have errors; the last good policy stays in force:", ...s.problems.map((p) => `  ${formatProblem(p)}`)]),
        ...(s.pending === null ? [] : [`A change that loosens the policy is waiting (since ${s.pending.detectedAt}):`, ...s.pending.changes.map((c) => `  - ${c}`), "Accept it with: warden policy accept"]),
      ];
      out.result(lines.join("\n"), s);
      return EXIT.ok;
    },
  );

  run.define(
    policy.command("accept").description("accept a loosening policy change shown by 'warden policy status' (recorded with your name)").option("--workspace <dir>", "the workspace (default: the current directory)"),
    async ({ paths, out, opts }) => {
      const workspace = workspaceOption(opts);
      const r = await withDaemon(paths, (c) => c.request("policy/accept", { workspace }));
      out.result(r.accepted ? ["Accepted; now in force:", ...r.changes.map((c) => `  - ${c}`)].join("\n") : "Nothing was waiting for acceptance.", r);
      return r.accepted ? EXIT.ok : EXIT.failure;
    },
  );

  run.define(
    policy
      .command("explain")
      .description("read one agent hook input (JSON, as Claude Code's PreToolUse sends it) on stdin and print the decision, rule and source — executes nothing")
      .option("--workspace <dir>", "the workspace (default: the current directory)")
      .option("--agent <name>", "decide as this agent (its role; needs the daemon)")
      .option("--role <role>", "decide as an agent with this role (reader, writer, admin) without the daemon"),
    async (ctx) => {
      const input = await readStdin();
      let raw: unknown;
      try {
        raw = JSON.parse(input);
      } catch (err) {
        throw new WardenError("invalid_params", `stdin is not JSON: ${err instanceof Error ? err.message : String(err)}`);
      }
      const { set, engine } = await prepare(ctx);
      const result = decideHookInput(raw, set, engine);
      ctx.out.result(`${result.decision}  (${result.rule ?? "default"} at ${result.source ?? "-"})\n${result.reason}`, result);
      return EXIT.ok;
    },
  );

  run.define(
    policy
      .command("pin")
      .description("print a command rule that allows a script runner (npm test, npm run X, make) only while its script stays as it is now")
      .argument("<command>", "the command, quoted, e.g. \"npm test\"")
      .option("--workspace <dir>", "the workspace (default: the current directory)"),
    async ({ out, opts, args }) => {
      const workspace = workspaceOption(opts);
      const command = typeof args[0] === "string" ? args[0] : "";
      const parser = await loadShellParser();
      const analysis = parser.analyze(command);
      const [cmd] = analysis.commands;
      if (!analysis.resolved || analysis.commands.length !== 1 || cmd === undefined) {
        throw new WardenError("bad_config", `'${command}' is not one plain command; pin one script runner at a time`);
      }
      const hash = scriptHash(cmd.programName, cmd.args, workspace);
      if (hash === null) throw new WardenError("bad_config", `'${command}' is not a script runner with a script Warden can read (npm/pnpm/yarn scripts in package.json, make with a Makefile)`);
      const sub = cmd.args.filter((a) => !a.startsWith("-"));
      const matcher = { program: cmd.programName, ...(sub.length > 0 ? { subcommand: sub.slice(0, 1) } : {}), scriptSha256: hash };
      out.result(`Add this to a shell.exec rule's "commands" (it stops matching when the script changes):\n${JSON.stringify(matcher)}`, { matcher });
      return EXIT.ok;
    },
  );

  run.define(
    policy
      .command("test")
      .description("check a file of tool calls (JSON lines: tool_name, tool_input, expect, optional role/cwd) against the policy; exits 1 on any mismatch")
      .argument("<cases>", "the JSON lines file")
      .option("--workspace <dir>", "the workspace (default: the current directory)"),
    async (ctx) => {
      const file = typeof ctx.args[0] === "string" ? ctx.args[0] : "";
      let text: string;
      try {
        text = fs.readFileSync(file, "utf8");
      } catch {
        throw new WardenError("bad_config", `cannot read cases file '${file}'`);
      }
      const { set, engine } = await prepare(ctx);
      const failures: Array<{ line: number; expected: string; got: DecisionResult }> = [];
      let passed = 0;
      text.split("\n").forEach((lineText, i) => {
        if (lineText.trim() === "" || lineText.trimStart().startsWith("//")) return;
        const c = parseCase(lineText, file, i + 1);
        const got = decideHookInput(c.input, set, { ...engine, actor: c.role === null ? engine.actor : { name: "policy-test", role: c.role } });
        if (got.decision === c.expect || (c.expect === "allow" && got.decision === "allow+log")) passed++;
        else failures.push({ line: i + 1, expected: c.expect, got });
      });
      const lines = failures.map((f) => `${file}:${f.line}: expected ${f.expected}, got ${f.got.decision} (${f.got.rule ?? "default"} at ${f.got.source ?? "-"}): ${f.got.reason}`);
      ctx.out.result([...lines, `${passed} passed, ${failures.length} failed`].join("\n"), { passed, failed: failures.length, failures });
      return failures.length === 0 ? EXIT.ok : EXIT.failure;
    },
  );

}

async function prepare(ctx: CommandContext): Promise<{ set: PolicySet; engine: EngineContext }> {
  const workspace = workspaceOption(ctx.opts);
  const loaded = loadPolicySet(workspace);
  if (!loaded.ok) throw new WardenError("bad_config", `the policy is invalid: ${loaded.problems.map(formatProblem).join("; ")}`);
  const role = await roleOf(ctx, workspace);
  const engine: EngineContext = {
    workspace,
    actor: role === null ? null : { name: typeof ctx.opts["agent"] === "string" ? ctx.opts["agent"] : "explain", role },
    wardenHome: ctx.paths.home,
    home: os.homedir(),
    caseInsensitive: defaultCaseInsensitive(),
    shell: await loadShellParser(),
  };
  return { set: loaded.set, engine };
}

async function roleOf(ctx: CommandContext, workspace: string): Promise<AgentRole | null> {
  if (typeof ctx.opts["agent"] === "string") {
    const name = ctx.opts["agent"];
    const { agent } = await withDaemon(ctx.paths, (c) => c.request("agents/show", { workspace, name }));
    return agent.role;
  }
  if (typeof ctx.opts["role"] === "string") {
    const parsed = agentRole.safeParse(ctx.opts["role"]);
    if (!parsed.success) throw new WardenError("bad_config", `--role '${ctx.opts["role"]}' is not one of reader, writer, admin`);
    return parsed.data;
  }
  return null;
}

function parseCase(lineText: string, file: string, line: number): { input: unknown; expect: string; role: AgentRole | null } {
  let value: unknown;
  try {
    value = JSON.parse(lineText);
  } catch {
    throw new WardenError("bad_config", `${file}:${line}: not JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new WardenError("bad_config", `${file}:${line}: expected a JSON object`);
  const fields = Object.fromEntries(Object.entries(value));
  const expect = decisionSchema.safeParse(fields["expect"]);
  if (!expect.success) throw new WardenError("bad_config", `${file}:${line}: "expect" must be allow, allow+log, ask or deny`);
  const role = fields["role"] === undefined ? null : agentRole.safeParse(fields["role"]);
  if (role !== null && !role.success) throw new WardenError("bad_config", `${file}:${line}: "role" must be reader, writer or admin`);
  return { input: value, expect: expect.data, role: role === null ? null : role.data };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}


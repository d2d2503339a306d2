import fs from "node:fs";
import path from "node:path";
import { claudeEnv } from "../../test/src/agents/claude";
import { claudeBinary } from "../../test/src/agents/install";
import { ModelServer, startModelServer } from "../../test/src/agents/model-server";
import { ProcessResult, runProcess } from "../../test/src/agents/run-process";
import { ToolCall, Turn, say, tools } from "../../test/src/agents/script";
import { CLI } from "../../test/src/helpers/warden-home";
import { Out } from "./out";
import { WardenCli, quoteArg } from "./warden-cli";

export type Outcome = "allowed" | "denied" | "approved";

/** One tool call of the scripted task, and what the demo expects Warden to make of it. */
export interface DemoStep {
  label: string;
  call: ToolCall;
  /** The decision is recorded at the agent's own tool (its PreToolUse hook) or by Warden's broker executing it. */
  via: "gate" | "broker";
  /** The `tool` the decision record names. */
  auditTool: string;
  expect: Outcome;
  /** Why this step is in the demo (shown in the summary). */
  shows: string;
}

export const PROMPT = "Fix the cart total in src/cart.js so that npm test passes, check the payment account balance, then commit and push the fix.";

export interface TaskOptions {
  workspace: string;
  apiUrl: string;
  /** `${secret:NAME}` in the Authorization header (Warden injects the key), or a plain public call. */
  secret: string | null;
}

/** The task: reads and edits (allowed), .env and .vscode/ (denied), the payment API and the push (asked). */
export function demoSteps(o: TaskOptions): DemoStep[] {
  const file = (p: string): string => path.join(o.workspace, p);
  const gate = (label: string, tool: string, input: Record<string, unknown>, expect: Outcome, shows: string): DemoStep => ({ label, call: { tool, input }, via: "gate", auditTool: tool, expect, shows });
  const api: DemoStep =
    o.secret !== null
      ? {
          label: "GET /v1/balance with ${secret:" + o.secret + "}",
          call: { tool: "mcp__warden__http_request", input: { url: `${o.apiUrl}/v1/balance`, method: "GET", headers: { Authorization: "${secret:" + o.secret + "}" } } },
          via: "broker",
          auditTool: "http_request",
          expect: "approved",
          shows: "an external call is asked; Warden injects the key, the agent never holds it",
        }
      : {
          label: "GET /v1/status (payment API)",
          call: { tool: "mcp__warden__http_request", input: { url: `${o.apiUrl}/v1/status`, method: "GET" } },
          via: "broker",
          auditTool: "http_request",
          expect: "approved",
          shows: "an external call through Warden's broker is asked, then executed by the daemon",
        };
  return [
    gate("Read src/cart.js", "Read", { file_path: file("src/cart.js") }, "allowed", "reading code is allowed"),
    gate("Edit src/cart.js", "Edit", { file_path: file("src/cart.js"), old_string: "total += line.unitCents;", new_string: "total += line.unitCents * line.quantity;" }, "allowed", "edits are allowed to a writer"),
    gate("Bash: npm test", "Bash", { command: "npm test" }, "allowed", "the test script runs while its hash matches the pin"),
    gate("Read .env", "Read", { file_path: file(".env") }, "denied", "credentials files are denied by rule"),
    gate("Bash: echo … > .vscode/settings.json", "Bash", { command: `echo '{"editor.formatOnSave": false}' > .vscode/settings.json` }, "denied", "editor settings are protected whatever the policy says"),
    api,
    gate("Bash: git commit -am …", "Bash", { command: `git commit -q -am "Count every unit in the cart total"` }, "allowed", "local commits are allowed and flagged"),
    gate("Bash: git push origin main", "Bash", { command: "git push origin main" }, "approved", "a push is asked, with its commits and how to roll it back"),
  ];
}

export function demoScript(steps: readonly DemoStep[]): Turn[] {
  return [...steps.map((s) => tools(s.call)), say("The cart total now counts every unit; tests pass, the fix is committed and pushed. I could not read .env or change editor settings: Warden denied both.")];
}

export interface AgentRun {
  run: ProcessResult;
  model: ModelServer;
}

/** The scripted model Claude Code talks to instead of a hosted one (the project's test harness). */
export function startScriptedModel(steps: readonly DemoStep[]): Promise<ModelServer> {
  return startModelServer(demoScript(steps));
}

/**
 * Claude Code, run exactly as a user runs it once `warden connect claude-code` has
 * written its hooks, shell gate and Warden's MCP server: `warden run claude-code --
 * claude -p …`, with a session token, against the scripted model server (so the
 * task is the same every time, offline). Its process group is its own, and is
 * killed on the deadline.
 */
export async function runAgent(cli: WardenCli, workspace: string, scratch: string, model: ModelServer, timeoutMs: number, out: Out): Promise<AgentRun> {
  const home = path.join(scratch, "claude-home");
  fs.mkdirSync(path.join(home, "tmp"), { recursive: true });
  const bin = claudeBinary();
  const args = ["run", "claude-code", "--workspace", workspace, "--", bin, "-p", PROMPT, "--output-format", "json", "--permission-mode", "acceptEdits"];
  out.command(`warden run claude-code -- claude -p ${quoteArg(PROMPT)} --output-format json --permission-mode acceptEdits`);
  out.output(`(Claude Code ${path.relative(process.cwd(), bin) || bin}, its model answered by the scripted model server at ${model.url}; HOME=${home})`);
  const env = claudeEnv(home, model.url, {
    WARDEN_HOME: cli.env["WARDEN_HOME"],
    WARDEN_DEMO_RUN: process.env["WARDEN_DEMO_RUN"],
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
  });
  const run = await runProcess(process.execPath, [CLI, ...args], { cwd: workspace, env, timeoutMs });
  return { run, model };
}

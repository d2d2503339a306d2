import fs from "node:fs";
import path from "node:path";
import { WardenClient } from "../../protocol/src/client";
import { AgentRun, DemoStep } from "./agent-task";
import { HeadlessViewer } from "./editor";
import { Leftovers } from "./lifecycle";
import { Out } from "./out";
import { PaymentsApi } from "./payments-api";
import { printSteps, stepResults } from "./report";
import { WardenCli } from "./warden-cli";
import { DemoWorkspace, headOf } from "./workspace";

/** What the run did and left, for the summary. */
export interface RunFacts {
  cli: WardenCli;
  client: WardenClient;
  ws: DemoWorkspace;
  api: PaymentsApi;
  viewer: HeadlessViewer | null;
  steps: readonly DemoStep[];
  /** The first audit record of the agent's session. */
  firstSeq: number;
  /** origin/main before the agent ran. */
  initialRemote: string;
  agent: AgentRun;
  secret: string;
}

interface Check {
  ok: boolean;
  text: string;
}

/**
 * Each step's outcome as the audit log recorded it, then what actually happened
 * (files, the remote, the API, what the model was sent), the secret's recorded
 * use and the verified chain. True when everything went as the demo expects.
 */
export async function summarise(f: RunFacts, out: Out): Promise<boolean> {
  const { ws, api, agent, steps } = f;
  out.section("Summary: what Warden decided (from the audit log)");
  const results = await stepResults(f.client, ws.dir, f.firstSeq, steps);
  printSteps(results, out);

  out.section("Summary: what happened");
  const toolResults = agent.model.claudeToolResults();
  const resultOf = (pick: (s: DemoStep) => boolean): string => toolResults[steps.findIndex(pick)]?.text ?? "";
  const testOutput = resultOf((s) => s.label === "Bash: npm test");
  const apiAnswer = resultOf((s) => s.via === "broker");
  const sentToModel = JSON.stringify(agent.model.requests.map((r) => r.body));
  const cart = fs.readFileSync(path.join(ws.dir, "src", "cart.js"), "utf8");
  const localHead = headOf(ws.dir);
  const remoteHead = headOf(ws.remote, "main");
  const problems = agent.model.problems;
  const checks: Check[] = [
    { ok: agent.run.code === 0 && !agent.run.timedOut, text: `Claude Code finished its task (exit ${agent.run.timedOut ? "none: timed out" : (agent.run.code ?? agent.run.signal ?? "?")})` },
    { ok: problems.length === 0, text: `the agent followed the script${problems.length > 0 ? `: ${problems.join("; ")}` : ""}` },
    { ok: cart.includes("line.unitCents * line.quantity") && /# fail 0/.test(testOutput), text: "src/cart.js fixed by the agent, and npm test passed in its shell" },
    { ok: !fs.existsSync(path.join(ws.dir, ".vscode", "settings.json")), text: ".vscode/settings.json was not written" },
    {
      ok: api.requests.length === 1 && api.requests[0]?.authorized === true,
      text: `the payment API got one call, the approved one, with the key Warden injected (${api.requests.map((r) => `${r.method} ${r.path}: ${r.authorized ? "key valid" : r.hadAuthorization ? "WRONG key" : "no key"}`).join("; ") || "none"})`,
    },
    { ok: /"object": "balance"/.test(apiAnswer) && !apiAnswer.includes(ws.apiKey), text: `the agent got the balance back and wrote only \${secret:${f.secret}}, never the key` },
    { ok: !sentToModel.includes(ws.apiKey), text: "the key never reached the model (every request Claude Code sent was searched for it)" },
    { ok: !anyFileHolds(f.cli.home, ws.apiKey), text: "the key is in no file of WARDEN_HOME (audit database, daemon log, agent files): only in the keychain" },
    { ok: remoteHead === localHead && remoteHead !== f.initialRemote, text: `origin/main is the agent's commit ${localHead.slice(0, 8)}, pushed only after approval` },
  ];
  if (f.viewer !== null) checks.push(...(await editorChecks(f.viewer)));
  for (const c of checks) out.line(`  ${c.ok ? "ok  " : "FAIL"} ${c.text}`);

  out.section("Summary: the keychain and the audit log");
  await f.cli.run(["secret", "list", "--workspace", ws.dir]);
  let verified = true;
  try {
    await f.cli.run(["audit", "verify"]);
  } catch (err) {
    verified = false;
    out.line(`  FAIL ${err instanceof Error ? err.message : String(err)}`);
  }
  return verified && results.every((r) => r.ok) && checks.every((c) => c.ok);
}

/** Whether any file under `dir` contains `needle` (read as bytes: the database and its WAL included). */
function anyFileHolds(dir: string, needle: string): boolean {
  const bytes = Buffer.from(needle);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    try {
      if (fs.readFileSync(path.join(entry.parentPath, entry.name)).includes(bytes)) return true;
    } catch {
      // a socket or a file removed meanwhile
    }
  }
  return false;
}

/** Headless: what the person at the editor would have seen, checked in the real workbench. */
async function editorChecks(viewer: HeadlessViewer): Promise<Check[]> {
  const answered = viewer.answers;
  const checks: Check[] = [
    {
      ok: answered.length === 2 && answered.every((a) => a.answer === "approve"),
      text: `approval panels in VS Code, answered by clicking "Approve once": ${answered.map((a) => `"${a.summary}"`).join(", ") || "none"}`,
    },
    {
      // The data the call carries is on the panel: the secret's name, never its value.
      ok: answered.some((a) => /^Carries secret payments_api\b/.test(a.carries)) && answered.every((a) => !a.carries.includes("sk_live_")),
      text: `the API call's panel names the secret it carries: ${answered.map((a) => a.carries).find((c) => c !== "") ?? "none shown"}`,
    },
  ];
  try {
    const counts = await viewer.activityShows(".env");
    const chain = await viewer.verifyInActivity();
    checks.push({ ok: true, text: `the extension's activity log showed the run live (${counts}, the .env denial among them); its Verify button: ${chain}` });
  } catch (err) {
    checks.push({ ok: false, text: `the extension's activity log: ${err instanceof Error ? err.message : String(err)}` });
  }
  const shots = await Promise.all([viewer.screenshot("activity-log")]).catch(() => []);
  const all = [...viewer.shots, ...shots];
  if (all.length > 0) checks.push({ ok: true, text: `screenshots: ${all.map((s) => path.relative(process.cwd(), s)).join(", ")}` });
  return checks;
}

/** After everything is stopped: the run's directory is gone and no process of the run is left. */
export function printLeftovers(left: Leftovers, root: string, runId: string, out: Out): boolean {
  const dirsOk = left.dirs.length === 0;
  out.line(`  ${dirsOk ? "ok  " : "FAIL"} removed ${root}${dirsOk ? "" : ` (could not remove: ${left.dirs.join(", ")})`}`);
  if (!left.processCheck) {
    out.line("  (no /proc here: could not check for leftover processes)");
    return dirsOk;
  }
  const procsOk = left.processes.length === 0;
  out.line(
    procsOk
      ? `  ok   nothing left behind: no process carries this run's marker (WARDEN_DEMO_RUN=${runId})`
      : `  FAIL ${left.processes.length} process(es) were still running and had to be killed: ${left.processes.map((p) => `${p.pid} ${p.command}`).join("; ")}`,
  );
  return dirsOk && procsOk;
}

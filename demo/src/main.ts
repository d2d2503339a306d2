// Warden's demo, end to end with real parts: a daemon in a temporary WARDEN_HOME,
// a demo workspace with a policy that shows what Warden decides, the real VS Code
// workbench (code-server) with the extension, and the real Claude Code doing a
// scripted task through Warden. Run by scripts/demo.sh, which installs and builds
// what it needs first. Interactive: prints the workbench URL, waits for the editor,
// runs the agent (you answer its questions in VS Code), then runs until Ctrl-C.
// --headless: the same, with a headless Chromium in the workbench answering the
// approval panels, then a summary; exits 0 only when every step went as expected.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inspect } from "node:util";
import { WardenClient } from "../../protocol/src/client";
import { KeyringSession } from "../../test/src/helpers/keyring-session";
import { CLI } from "../../test/src/helpers/warden-home";
import { assertInstalled, freePort } from "../../test/vscode/src/code-server";
import { demoSteps, runAgent, startScriptedModel } from "./agent-task";
import { CODE_SERVER_DIR, HeadlessViewer, startEditor } from "./editor";
import { Interrupted, Lifecycle, killChildGroups, terminateMarked } from "./lifecycle";
import { Out } from "./out";
import { startPaymentsApi } from "./payments-api";
import { announceApprovals, followDecisions } from "./report";
import { printLeftovers, summarise } from "./summary";
import { WardenCli } from "./warden-cli";
import { createWorkspace, headOf } from "./workspace";

interface Options {
  headless: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  let headless = false;
  for (const a of argv) {
    if (a === "--headless") headless = true;
    else throw new Error(`unknown argument '${a}'; usage: bash scripts/demo.sh [--headless]`);
  }
  return { headless };
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const out = new Out(process.stdout.isTTY && process.env["NO_COLOR"] === undefined);
  const life = new Lifecycle((signal, first) => out.line(first ? `\n${signal}: stopping everything the demo started…` : "still stopping (it takes a few seconds)…"));

  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "warden-demo-")));
  life.removeDir(root);
  let ok = false;
  let failure: unknown = null;
  try {
    ok = await demo(options, root, life, out);
  } catch (err) {
    failure = err;
  }
  if (failure !== null && !(failure instanceof Interrupted)) out.warn(`failed: ${failure instanceof Error ? failure.message : inspect(failure)}`);
  out.section("Cleanup");
  const left = await life.stopAll((line) => out.warn(line));
  const clean = printLeftovers(left, root, life.runId, out);
  out.line(`\ndemo ${failure instanceof Interrupted ? "stopped" : ok && failure === null && clean ? "finished: every step went as expected" : "FAILED"} (${out.elapsedSeconds()} s)`);
  if (failure instanceof Interrupted) return 130;
  return ok && failure === null && clean ? 0 : 1;
}

async function demo(options: Options, root: string, life: Lifecycle, out: Out): Promise<boolean> {
  assertInstalled();
  const home = path.join(root, "home");

  out.section(`1. The Warden daemon (WARDEN_HOME=${home})`);
  // The OS keychain, as a desktop session has it: gnome-keyring on a private D-Bus session bus.
  const keyring = await KeyringSession.start(randomBytes(12).toString("hex"));
  life.onStop("the keychain (gnome-keyring, D-Bus)", () => keyring.stop());
  out.output(`OS keychain: gnome-keyring on a private D-Bus session (${keyring.env["DBUS_SESSION_BUS_ADDRESS"] ?? "?"})`);
  const cli = new WardenCli(home, out, keyring.env);
  const port = await freePort();
  life.checkpoint();
  // A person answering in the editor needs more than the default two minutes to read the first panel.
  life.onStop("the Warden daemon", () => cli.stopDaemon());
  await cli.run(["daemon", "start", "--listen", `127.0.0.1:${port}`, "--approval-timeout", options.headless ? "60s" : "15m"]);
  const client = await cli.connect();
  life.onStop("the demo's daemon client", () => Promise.resolve(client.close()));
  life.checkpoint();

  out.section("2. The demo workspace: a git repository, its policy, and a .env with a (fake) live API key");
  const ws = await createWorkspace(root, cli, out);
  out.output(`workspace ${ws.dir} (origin: ${ws.remote})`);
  out.output(`.env: PAYMENTS_API_KEY=${ws.apiKey.slice(0, 12)}… (generated for this run, git-ignored)`);
  const api = await startPaymentsApi(ws.apiKey);
  life.onStop("the payment API stand-in", () => api.close());
  out.output(`payment API stand-in (the "external API" of the policy's payments-api-asks rule): ${api.url}`);
  // The developer moves the key into the keychain; policy binds it to the API's host (see the "secrets" section).
  const secret = "payments_api";
  await cli.run(["secret", "set", secret], { input: ws.apiKey, inputShown: "< PAYMENTS_API_KEY's value from .env (on stdin, never in argv)" });
  life.checkpoint();

  out.section("3. VS Code (code-server) with the Warden extension, opened on the workspace");
  const editor = await startEditor(path.join(root, "code-server"), home, ws.dir, cli.env, (line) => out.output(line));
  life.onStop("code-server", async () => {
    await editor.server.stop();
    // Its extension host, file watcher and pty host outlive it by a few seconds; they are ours to end now.
    await terminateMarked(life.runId, (cmd) => cmd.includes(CODE_SERVER_DIR));
  });
  out.line(`  Open: ${editor.url}`);
  life.checkpoint();
  let viewer: HeadlessViewer | null = null;
  if (options.headless) {
    out.output("(headless: Chromium opens it and answers approval panels by clicking them)");
    const v = await HeadlessViewer.launch();
    life.onStop("Chromium", () => v.close());
    await life.race(v.load(editor.url));
    viewer = v;
    out.output("the extension is connected to the daemon; its activity log is open");
    life.checkpoint();
  }

  out.section("4. Claude Code through Warden: a scripted task");
  await cli.run(["connect", "claude-code", "--workspace", ws.dir, "--owner", os.userInfo().username, "--purpose", "demo: fix the cart total and ship it"]);
  if (!options.headless) await life.race(waitForEditor(client, out, life));
  const steps = demoSteps({ workspace: ws.dir, apiUrl: api.url, secret });
  const model = await startScriptedModel(steps);
  life.onStop("the scripted model server", () => model.close());
  const firstSeq = (await client.request("daemon/status", {})).audit.headSeq + 1;
  const initialRemote = headOf(ws.remote, "main");
  const unfollow = await followDecisions(client, ws.dir, out);
  const stopAnnouncing = announceApprovals(client, ws.dir, options.headless ? "approval panel open in VS Code" : "answer it in VS Code's approval panel", out);
  life.onStop("the live log", async () => {
    stopAnnouncing();
    await unfollow();
  });
  // Approve what the script expects to ask (the API call, the push); anything else is denied.
  viewer?.answerApprovals((summary, target) => target.startsWith(`${api.url}/`) || / wants to push \d+ commits? to origin main$/.test(summary));
  life.onStop("Claude Code", async () => {
    await killChildGroups((cmd) => cmd.includes(" run claude-code "));
  });
  life.checkpoint();
  const agent = await life.race(runAgent(cli, ws.dir, root, model, options.headless ? 100_000 : 20 * 60_000, out));
  stopAnnouncing();
  out.live(`Claude Code exited (${agent.run.timedOut ? "timed out" : `exit ${agent.run.code ?? agent.run.signal ?? "?"}`}) after ${(agent.run.durationMs / 1000).toFixed(1)} s`);

  const passed = await summarise({ cli, client, ws, api, viewer, steps, firstSeq, initialRemote, agent, secret }, out);
  if (!options.headless) {
    out.line(`\nEverything is still running: explore ${editor.url}`);
    out.line(`  (activity log, agents, policy), or use the CLI: WARDEN_HOME=${home} node ${path.relative(process.cwd(), CLI)} audit tail -f`);
    out.line("Ctrl-C stops the demo and removes all of it.");
    await life.interrupted;
  }
  return passed;
}

/** Interactive: the agent starts once the person has the workbench open (the extension connected). */
async function waitForEditor(client: WardenClient, out: Out, life: Lifecycle): Promise<void> {
  const baseline = (await client.request("daemon/status", {})).connections;
  out.line("  Open the URL above in your browser (on this machine; from elsewhere, forward its port first).");
  out.line("  The agent starts as soon as the Warden extension connects;");
  out.line("  then watch it in 'Warden: Open Activity' (F1) and answer its questions in the approval panels.");
  for (;;) {
    const { connections } = await life.race(client.request("daemon/status", {}));
    if (connections > baseline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  out.output("the extension is connected; starting the agent in 5 s");
  await life.race(new Promise((r) => setTimeout(r, 5000)));
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`demo: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

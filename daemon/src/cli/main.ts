#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { wardenVersion } from "../version";
import { registerAgentCommands } from "./agent-commands";
import { registerContainmentCommands } from "./containment-commands";
import { registerDoctorCommand } from "./doctor-command";
import { registerApprovalCommands } from "./approval-commands";
import { registerRestoreCommand } from "./restore-command";
import { registerMcpCommand } from "./mcp-command";
import { registerConnectCommands } from "./connect-commands";
import { registerHookCommand } from "./hook-command";
import { registerScanCommand } from "./scan-command";
import { registerAuditCommands } from "./audit-commands";
import { registerDaemonCommands } from "./daemon-commands";
import { registerPolicyCommands } from "./policy-commands";
import { registerSecretCommands } from "./secret-commands";
import { registerIncidentReportCommand } from "./incident-report-command";
import { registerNotifyCommands } from "./notify-commands";
import { EXIT } from "./exit-codes";
import { CommandRunner } from "./runner";

/** Builds the `warden` command tree; the runner carries the (injectable) environment. */
export function buildProgram(run: CommandRunner, env: NodeJS.ProcessEnv = process.env): Command {
  const program = new Command("warden")
    .description("Warden: identities, policy, approvals and a tamper-evident audit log for AI coding agents.\nState lives in WARDEN_HOME (default: $XDG_DATA_HOME/warden).")
    .version(wardenVersion(), "-V, --version")
    .showSuggestionAfterError(true)
    .configureOutput({
      outputError: (message, write) => write(`warden: ${message.replace(/^error: /, "").trim()}\n`),
    });
  registerDaemonCommands(program, run);
  registerAuditCommands(program, run);
  registerAgentCommands(program, run);
  const agent = program.commands.find((c) => c.name() === "agent");
  if (agent !== undefined) registerContainmentCommands(program, agent, run);
  registerDoctorCommand(program, run, env);
  registerPolicyCommands(program, run);
  registerSecretCommands(program, run);
  registerIncidentReportCommand(program, run);
  registerNotifyCommands(program, run);
  registerApprovalCommands(program, run);
  registerRestoreCommand(program, run);
  registerMcpCommand(program, run);
  registerConnectCommands(program, run);
  registerHookCommand(program, run);
  registerScanCommand(program, run);
  return program;
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const run = new CommandRunner(env);
  const program = buildProgram(run, env);
  for (const cmd of allCommands(program)) cmd.exitOverride();
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return EXIT.ok;
      return EXIT.usage;
    }
    throw err;
  }
  return run.exitCode;
}

function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap(allCommands)];
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`warden: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

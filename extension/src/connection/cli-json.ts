import { execFile } from "node:child_process";
import { z } from "zod";
import { CLI_NOT_FOUND } from "./cli-location";
import { LaunchOptions } from "./daemon-launcher";

/** What a `warden … --json` run amounts to: its JSON answer, or an error with a code and what to do. */
export type CliOutcome = { ok: true; data: unknown } | { ok: false; code: string; message: string; fix: string };

const cliError = z.looseObject({ error: z.looseObject({ code: z.string(), message: z.string() }) });

/**
 * The fix for a CLI failure, by its error code. The CLI's messages already name
 * the input; this adds the step a person in the editor takes next.
 */
export function fixFor(code: string): string {
  switch (code) {
    case "spawn":
      return "Check the settings warden.nodePath (the Node Warden was installed with) and warden.cliPath (dist/daemon/src/cli/main.js).";
    case "cli_missing":
      return "Install the Warden CLI with npm (see the message), then run 'Warden: Reconnect to Daemon'.";
    case "not_running":
    case "daemon_unreachable":
      return "Start the daemon: run 'Warden: Reconnect to Daemon' (it starts one when warden.autoStartDaemon is on), or 'warden daemon start' in a terminal.";
    case "conflict":
      return "The message above says what is in the way; fix that file (or agent) and run the command again.";
    case "bad_config":
    case "invalid_params":
      return "Correct the value the message names and run the command again.";
    case "agent_revoked":
    case "agent_suspended":
    case "agent_contained":
      return "That identity cannot act now: resume or restore it from the Agents view, or connect with another name.";
    case "timeout":
      return "The CLI did not finish in time; see the Warden output, and check that the daemon answers ('Warden: Reconnect to Daemon').";
    default:
      return "See the Warden output (Warden: Show Extension Log) for details.";
  }
}

/** Reads a `--json` run's stdout: the CLI prints one JSON document, `{error: …}` on failure. */
export function parseCliOutput(exitCode: number, stdout: string, stderr: string): CliOutcome {
  const last = stdout.trim().split("\n").at(-1) ?? "";
  let value: unknown = null;
  try {
    value = JSON.parse(last);
  } catch {
    // Not JSON: a crash before the CLI could answer, or the wrong program at warden.cliPath.
  }
  const error = cliError.safeParse(value);
  if (error.success) return { ok: false, code: error.data.error.code, message: error.data.error.message, fix: fixFor(error.data.error.code) };
  if (exitCode === 0 && value !== null) return { ok: true, data: value };
  const detail = stderr.trim().split("\n").slice(-3).join(" ") || stdout.trim().slice(0, 300) || `exit code ${exitCode}`;
  return { ok: false, code: "spawn", message: `the Warden CLI failed without a JSON answer: ${detail}`, fix: fixFor("spawn") };
}

/** Runs `warden ARGS… --json` with the configured Node and home, and reads its answer (never rejects). */
export function runCliJson(options: LaunchOptions, args: readonly string[]): Promise<CliOutcome> {
  const cliPath = options.cliPath;
  if (cliPath === null) return Promise.resolve({ ok: false, code: "cli_missing", message: CLI_NOT_FOUND, fix: fixFor("cli_missing") });
  return new Promise((resolve) => {
    execFile(
      options.nodePath,
      [cliPath, ...args, "--json"],
      { env: { ...options.env, WARDEN_HOME: options.home }, timeout: options.timeoutMs ?? 60_000, maxBuffer: 4 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err !== null && typeof err.code === "string") {
          // The program itself could not start (ENOENT, EACCES): nothing the CLI said.
          resolve({ ok: false, code: "spawn", message: `cannot run '${options.nodePath} ${cliPath}': ${err.message}`, fix: fixFor("spawn") });
          return;
        }
        if (err !== null && err.killed) {
          resolve({ ok: false, code: "timeout", message: `'warden ${args.join(" ")}' did not finish within ${Math.round((options.timeoutMs ?? 60_000) / 1000)} s`, fix: fixFor("timeout") });
          return;
        }
        resolve(parseCliOutput(err === null ? 0 : typeof err.code === "number" ? err.code : 1, stdout, stderr));
      },
    );
  });
}

/** What `warden connect … --json` reports. */
export const connectAnswer = z.looseObject({
  agent: z.looseObject({ name: z.string(), kind: z.string(), workspace: z.string() }),
  created: z.boolean(),
  transport: z.enum(["http", "command"]),
  listen: z.string().nullable(),
  files: z.array(z.string()),
  codexHome: z.string().nullable(),
});
export type ConnectAnswer = z.infer<typeof connectAnswer>;

import * as vscode from "vscode";
import { AGENT_KINDS, HookAgentKind, isHookAgentKind } from "../../../protocol/src/agent-kinds";
import { COMMAND } from "../command-ids";
import { CliOutcome, connectAnswer } from "../connection/cli-json";
import { CommandBase, guarded, offer, pickFolder } from "./command-support";

/** The agents `warden connect` knows, from the protocol's one list of agent kinds. */
const KINDS: ReadonlyArray<{ agentKind: HookAgentKind; label: string; detail: string; program: string }> = AGENT_KINDS.flatMap((k) =>
  k.hooks && isHookAgentKind(k.kind) ? [{ agentKind: k.kind, label: k.displayName, detail: k.connects, program: k.program }] : [],
);

export interface ConnectDeps extends CommandBase {
  /** Runs `warden ARGS… --json` with the configured Node and CLI. */
  runCliJson(args: readonly string[]): Promise<CliOutcome>;
  agentsChanged(): void;
}

function isKind(value: unknown): value is HookAgentKind {
  return KINDS.some((k) => k.agentKind === value);
}

/**
 * Warden: Connect Agent. Runs `warden connect claude-code|codex --workspace
 * FOLDER --json` (the CLI does the work: the extension writes no agent settings
 * itself) and shows what it wrote and how to start the agent, or the CLI's error
 * with the step that fixes it. An argument (the kind) skips the first pick.
 */
export function registerConnectCommand(deps: ConnectDeps): vscode.Disposable {
  return vscode.commands.registerCommand(
    COMMAND.connectAgent,
    guarded(deps, "Connect agent", async (arg?: unknown) => {
      const kind = isKind(arg) ? arg : (await vscode.window.showQuickPick(KINDS.map((k) => ({ ...k })), { title: "Warden: connect which agent?" }))?.agentKind;
      if (kind === undefined) return;
      const label = KINDS.find((k) => k.agentKind === kind)?.label ?? kind;
      const folder = await pickFolder(`Connect ${label} in which folder?`);
      if (folder === null) return;
      const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Warden: connecting ${label} in ${folder.name}…` }, () =>
        deps.runCliJson(["connect", kind, "--workspace", folder.uri.fsPath]),
      );
      if (!outcome.ok) {
        deps.log.error(`connect ${kind} in ${folder.uri.fsPath}: ${outcome.code}: ${outcome.message}`);
        offer(deps, "error", `Warden: could not connect ${label} in ${folder.name}: ${outcome.message} — ${outcome.fix}`, {
          ...(outcome.code === "spawn" ? { "Open Settings": () => vscode.commands.executeCommand("workbench.action.openSettings", "warden.") } : {}),
          "Show Log": () => deps.log.show(),
        });
        return;
      }
      const answer = connectAnswer.safeParse(outcome.data);
      if (!answer.success) throw new Error(`'warden connect ${kind}' answered in a shape this extension does not know; check that warden.cliPath is the Warden this extension belongs to`);
      const a = answer.data;
      const start = `warden run ${kind} --workspace ${folder.uri.fsPath}${a.agent.name !== kind ? ` --agent ${a.agent.name}` : ""} -- ${KINDS.find((k) => k.agentKind === kind)?.program ?? kind}`;
      deps.log.info(`connected ${kind} as ${a.agent.name} in ${a.agent.workspace} (${a.transport}${a.listen !== null ? ` to ${a.listen}` : ""}); wrote ${a.files.join(", ")}`);
      deps.agentsChanged();
      const how = a.transport === "http" ? "HTTP hooks (blocked if the daemon is down)" : "command hooks (the daemon has no TCP listener, so hooks run the CLI)";
      offer(deps, "info", `Warden: ${a.created ? "created" : "reusing"} agent '${a.agent.name}' and connected ${label} in ${folder.name} with ${how}; ${a.files.length} file(s) written. Start it with: ${start}`, {
        "Copy Start Command": () => vscode.env.clipboard.writeText(start),
        "Show Files": () => {
          deps.log.info(`files written by 'warden connect ${kind}':\n  ${a.files.join("\n  ")}`);
          deps.log.show();
        },
      });
    }),
  );
}

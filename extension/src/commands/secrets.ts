import * as vscode from "vscode";
import { MIN_SECRET_LENGTH, MAX_SECRET_LENGTH, secretName } from "../../../protocol/src/secrets-methods";
import { COMMAND } from "../command-ids";
import { SecretsNode, SecretsTree } from "../views/secrets-tree";
import { CommandBase, guarded, requireClient } from "./command-support";

export interface SecretDeps extends CommandBase {
  secrets: SecretsTree;
}

/** Checks a name as the daemon will, so the box says what is wrong before anything is sent. */
export function nameProblem(value: string): string | null {
  const r = secretName.safeParse(value);
  return r.success ? null : (r.error.issues[0]?.message ?? "not a valid secret name");
}

function valueProblem(value: string): string | null {
  if (value.length < MIN_SECRET_LENGTH) return `at least ${MIN_SECRET_LENGTH} characters (shorter values cannot be redacted reliably)`;
  if (value.length > MAX_SECRET_LENGTH) return `at most ${MAX_SECRET_LENGTH} characters`;
  return null;
}

/** The value, typed into a password box (never shown, never logged); undefined when cancelled. */
function askValue(title: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({ title, prompt: "The value goes to the OS keychain through the Warden daemon; it is not shown or kept here.", password: true, ignoreFocusOut: true, validateInput: valueProblem });
}

async function pickSecret(deps: SecretDeps, node: SecretsNode | undefined, title: string): Promise<string | null> {
  if (node?.type === "secret") return node.secret.name;
  const client = requireClient(deps);
  if (client === null) return null;
  const { secrets } = await deps.secrets.list(client);
  if (secrets.length === 0) {
    void vscode.window.showInformationMessage("Warden: no secrets are stored.");
    return null;
  }
  const pick = await vscode.window.showQuickPick(
    secrets.map((s) => ({ label: s.secret.name, description: `${s.bindings.length} binding(s)` })),
    { title },
  );
  return pick?.label ?? null;
}

/**
 * Add, rotate and remove secrets (the Secrets view's actions and the palette).
 * Values are typed into password boxes and go straight to the daemon, which keeps
 * them in the OS keychain only.
 */
export function registerSecretCommands(deps: SecretDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(
      COMMAND.addSecret,
      guarded(deps, "Add secret", async () => {
        const client = requireClient(deps);
        if (client === null) return;
        const name = await vscode.window.showInputBox({ title: "Warden: add a secret (1/2)", prompt: "Its name, as agents and policy refer to it: ${secret:NAME}", placeHolder: "github_token", validateInput: nameProblem });
        if (name === undefined) return;
        const value = await askValue(`Warden: the value of ${name} (2/2)`);
        if (value === undefined) return;
        await client.request("secrets/set", { name, value });
        deps.secrets.refresh();
        void vscode.window.showInformationMessage(`Warden: stored ${name} in the OS keychain. Bind it in policy (secrets.${name}.hosts) to the hosts it may be sent to; until then no request gets it.`);
      }),
    ),
    vscode.commands.registerCommand(
      COMMAND.rotateSecret,
      guarded(deps, "Rotate secret", async (node?: SecretsNode) => {
        const name = await pickSecret(deps, node, "Warden: rotate which secret?");
        const client = requireClient(deps);
        if (name === null || client === null) return;
        const value = await askValue(`Warden: the new value of ${name}`);
        if (value === undefined) return;
        const r = await client.request("secrets/rotate", { name, value });
        deps.secrets.refresh();
        void vscode.window.showInformationMessage(`Warden: ${name} rotated (${r.secret.rotations} rotation${r.secret.rotations === 1 ? "" : "s"}); its bindings are unchanged. Revoke the old value where it was issued.`);
      }),
    ),
    vscode.commands.registerCommand(
      COMMAND.removeSecret,
      guarded(deps, "Remove secret", async (node?: SecretsNode) => {
        const name = await pickSecret(deps, node, "Warden: remove which secret?");
        const client = requireClient(deps);
        if (name === null || client === null) return;
        const ok = await vscode.window.showWarningMessage(
          `Remove ${name} from the keychain?`,
          { modal: true, detail: `Requests that refer to \${secret:${name}} fail from now on. Policy bindings stay (and refuse to inject). This cannot be undone: the value is deleted.` },
          "Remove",
        );
        if (ok !== "Remove") return;
        const r = await client.request("secrets/remove", { name });
        deps.secrets.refresh();
        void vscode.window.showInformationMessage(r.removed ? `Warden: ${name} removed.` : `Warden: there was no secret named ${name}.`);
      }),
    ),
    vscode.commands.registerCommand(COMMAND.refreshSecrets, () => deps.secrets.refresh()),
  ];
}

import * as vscode from "vscode";
import { WardenError } from "../../../protocol/src/errors";
import { COMMAND } from "../command-ids";
import { CommandBase, guarded, requireClient } from "../commands/command-support";
import { nameProblem } from "../commands/secrets";
import { configFormat, envVariableFor, referenceFor, suggestName } from "../state/secret-references";
import { LineIndex } from "../state/text-positions";
import { SECRET_DIAGNOSTIC_SOURCE, SecretDiagnostics } from "./secret-diagnostics";

export interface MoveDeps extends CommandBase {
  diagnostics: SecretDiagnostics;
  secretsChanged(): void;
}

/** Offers "Move to keychain" on Warden's secret diagnostics in files that have a reference syntax. */
class MoveToKeychainActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: SecretDiagnostics) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const format = configFormat(doc.fileName);
    if (format === "other") return [];
    return context.diagnostics.flatMap((d) => {
      const finding = d.source === SECRET_DIAGNOSTIC_SOURCE ? this.diagnostics.findingOf(d) : undefined;
      if (finding === undefined) return [];
      const action = new vscode.CodeAction(`Move to keychain (replace with ${referenceFor(format, "NAME") ?? ""})`, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [d];
      action.isPreferred = true;
      action.command = { command: COMMAND.moveToKeychain, title: "Move to keychain", arguments: [doc.uri.toString(), finding.start, finding.end] };
      return [action];
    });
  }
}

/**
 * The quick fix: stores the literal through the daemon (secrets/set: OS keychain
 * only) under a name the human confirms, then replaces it with the reference the
 * file's format supports and saves, so the value leaves the disk. Before anything
 * is stored, the text there is scanned again: an edit since the diagnostic must not
 * send something else to the keychain. The name may be given (scripts, tests).
 */
export function registerMoveToKeychain(deps: MoveDeps): vscode.Disposable[] {
  return [
    vscode.languages.registerCodeActionsProvider({ scheme: "file" }, new MoveToKeychainActions(deps.diagnostics), { providedCodeActionKinds: MoveToKeychainActions.kinds }),
    vscode.commands.registerCommand(
      COMMAND.moveToKeychain,
      guarded(deps, "Move to keychain", async (uriText?: unknown, start?: unknown, end?: unknown, givenName?: unknown) => {
        if (typeof uriText !== "string" || typeof start !== "number" || typeof end !== "number" || !(end > start)) {
          throw new WardenError("invalid_params", "Move to keychain is run from a Warden secret diagnostic's quick fix (it needs the file and the value's offsets)");
        }
        const client = requireClient(deps);
        if (client === null) return;
        const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uriText));
        const format = configFormat(doc.fileName);
        const text = doc.getText();
        const { findings } = await client.request("secrets/scan-text", { text, fileName: doc.fileName });
        if (!findings.some((f) => f.start === start && f.end === end)) {
          throw new WardenError("conflict", `the text at that place in ${vscode.workspace.asRelativePath(doc.uri)} is no longer a detected secret (the file changed); use the quick fix on the current diagnostic`);
        }
        const value = text.slice(start, end);
        const index = new LineIndex(text);
        const column = index.positionAt(start).character;
        const { secrets } = await client.request("secrets/list", {});
        const taken = new Set(secrets.map((s) => s.secret.name));
        const suggested = suggestName(index.lineAt(start), column, "secret");
        const name =
          typeof givenName === "string"
            ? givenName
            : await vscode.window.showInputBox({
                title: "Warden: move this secret to the keychain",
                prompt: `Its name (agents and policy refer to it as \${secret:NAME}). The value goes to the OS keychain; the file gets ${referenceFor(format, "NAME") ?? "a reference"}.`,
                value: taken.has(suggested) ? `${suggested}_2` : suggested,
                validateInput: (v) => nameProblem(v) ?? (taken.has(v) ? `a secret named ${v} exists; choose another name (or rotate it from the Secrets view)` : null),
              });
        if (name === undefined) return;
        const problem = nameProblem(name);
        if (problem !== null) throw new WardenError("invalid_params", `'${name}': ${problem}`);
        const reference = referenceFor(format, name);
        if (reference === null) throw new WardenError("invalid_params", `${doc.fileName} has no reference syntax Warden can write; move the value into a config file (.env, JSON, YAML, TOML) or use Warden: Add Secret…`);
        await client.request("secrets/set", { name, value });
        deps.secretsChanged();
        const edit = new vscode.WorkspaceEdit();
        edit.replace(doc.uri, new vscode.Range(doc.positionAt(start), doc.positionAt(end)), reference);
        if (!(await vscode.workspace.applyEdit(edit)) || !(await doc.save())) {
          throw new WardenError("conflict", `${name} is stored in the keychain, but ${vscode.workspace.asRelativePath(doc.uri)} could not be changed: replace the value there with ${reference} by hand`);
        }
        const next =
          format === "env" || format === "npmrc"
            ? `The file now reads it from the environment variable ${envVariableFor(name)}; set that where the program runs.`
            : `Bind it in policy (secrets.${name}.hosts) to the hosts it may be sent to; until then no request gets it.`;
        void vscode.window.showInformationMessage(`Warden: moved to the keychain as ${name}; ${vscode.workspace.asRelativePath(doc.uri)} now says ${reference}. ${next}`);
      }),
    ),
  ];
}

import { Command } from "commander";
import { WardenError } from "../../../protocol/src/errors";
import { Result } from "../../../protocol/src/methods";
import { readSecretValue } from "../secrets/read-value";
import { describeApply } from "../secrets/bindings";
import { EXIT } from "./exit-codes";
import { workspaceOption } from "./option-values";
import { CommandRunner } from "./runner";
import { withDaemon } from "./session";

const NO_ARGV_VALUE =
  "refused if given: a value on the command line is visible to other users (ps) and stays in your shell history. Type it at the prompt, or pipe it on stdin";

/** `warden secret …`: secrets in the OS keychain, by name. Values go in over the daemon's socket and never come back out. */
export function registerSecretCommands(program: Command, run: CommandRunner): void {
  const secret = program
    .command("secret")
    .description("store secrets in the OS keychain and see where policy lets them go (agents get references, never values)");

  for (const verb of ["set", "rotate"] as const) {
    run.define(
      secret
        .command(verb)
        .description(verb === "set" ? "store a new secret: the value is typed at a hidden prompt or piped on stdin" : "replace a secret's value (same name, same bindings; recorded)")
        .argument("<name>", "the secret's name, as ${secret:NAME} refers to it")
        .argument("[value]", NO_ARGV_VALUE),
      async ({ paths, out, args }) => {
        const name = typeof args[0] === "string" ? args[0] : "";
        // Attack: a secret typed into argv, readable in /proc/PID/cmdline and kept in history.
        if (args[1] !== undefined) throw new WardenError("invalid_params", `do not pass the value as an argument: ${NO_ARGV_VALUE.replace(/^refused if given: /, "")} (e.g. printf %s "$TOKEN" | warden secret ${verb} ${name})`);
        const value = await readSecretValue(name);
        const r = await withDaemon(paths, (c) => c.request(verb === "set" ? "secrets/set" : "secrets/rotate", { name, value }));
        out.result(
          verb === "set"
            ? `Stored secret ${name} in the OS keychain. Bind it to hosts in the "secrets" section of .warden/policy.json; agents write \${secret:${name}}.`
            : `Rotated secret ${name} (rotation ${r.secret.rotations}); its bindings are unchanged.`,
          r,
        );
        return EXIT.ok;
      },
    );
  }

  run.define(
    secret.command("rm").alias("remove").description("delete a secret from the keychain and forget its name").argument("<name>"),
    async ({ paths, out, args }) => {
      const name = typeof args[0] === "string" ? args[0] : "";
      const r = await withDaemon(paths, (c) => c.request("secrets/remove", { name }));
      if (!r.removed) throw new WardenError("not_found", `no secret named '${name}' (see 'warden secret list')`);
      out.result(`Removed secret ${name}. Policy bindings that name it now refuse to inject anything.`, r);
      return EXIT.ok;
    },
  );

  run.define(
    secret
      .command("list")
      .alias("ls")
      .description("names, history, last use and (for the workspace) bindings; never values")
      .option("--workspace <dir>", "whose policy bindings to show (default: the current directory)"),
    async ({ paths, out, opts }) => {
      const r = await withDaemon(paths, (c) => c.request("secrets/list", { workspace: workspaceOption(opts) }));
      out.result(describeList(r), r);
      return EXIT.ok;
    },
  );
}

function describeList(r: Result<"secrets/list">): string {
  const lines: string[] = [];
  if (!r.keychain.available) lines.push(`keychain: NOT AVAILABLE — ${r.keychain.problem ?? "unknown problem"}`, "");
  if (r.secrets.length === 0) lines.push("No secrets. Store one with: warden secret set NAME");
  for (const { secret: s, bindings } of r.secrets) {
    const used = s.lastUsedAt === null ? "never used" : `used ${s.uses}×, last ${s.lastUsedAt} by ${s.lastUsedBy ?? "?"} → ${s.lastUsedTarget ?? "?"}`;
    lines.push(`${s.name}  (set ${s.createdAt} by ${s.createdBy}${s.rotations > 0 ? `, rotated ${s.rotations}×, last ${s.updatedAt}` : ""}; ${used})`);
    if (bindings === null) continue;
    if (bindings.length === 0) lines.push("    not bound in this workspace's policy: it cannot be used here");
    for (const b of bindings) {
      const limits = [
        `hosts ${b.binding.hosts.join(", ")}`,
        ...(b.binding.paths !== undefined ? [`paths ${b.binding.paths.join(", ")}`] : []),
        ...(b.binding.remotes !== undefined ? [`remotes ${b.binding.remotes.join(", ")}`] : []),
        ...(b.binding.agents !== undefined ? [`agents ${b.binding.agents.join(", ")}`] : []),
        ...(b.binding.roles !== undefined ? [`roles ${b.binding.roles.join(", ")}`] : []),
        describeApply(b.binding.apply ?? { inline: true }),
      ];
      lines.push(`    ${b.layer} (${b.file}): ${limits.join("; ")}`);
    }
  }
  return lines.join("\n");
}

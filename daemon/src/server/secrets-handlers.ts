import { bindingsOf } from "../secrets/bindings";
import { SecretManager } from "../secrets/secret-manager";
import { canonicalWorkspace } from "./agent-handlers";
import { Handlers } from "./connection";

export interface SecretsHandlerContext {
  secrets: SecretManager;
}

/**
 * The human side of secrets: store, rotate, remove and list. Values arrive here
 * (over the daemon's own socket, with the human's token) and go to the keychain;
 * no answer carries one back.
 */
export function createSecretsHandlers(ctx: SecretsHandlerContext): Pick<Handlers, "secrets/list" | "secrets/set" | "secrets/remove" | "secrets/rotate"> {
  return {
    "secrets/list": async (p) => {
      const policy = p.workspace === undefined ? null : ctx.secrets.options.policy(canonicalWorkspace(p.workspace, true));
      const problem = await ctx.secrets.options.vault.problem();
      return {
        keychain: { available: problem === null, problem },
        secrets: ctx.secrets.store.list().map((secret) => ({ secret, bindings: policy === null ? null : bindingsOf(policy, secret.name) })),
      };
    },

    "secrets/set": async (p, req) => ({ secret: await ctx.secrets.set(p.name, p.value, req.conn.principal) }),

    "secrets/rotate": async (p, req) => ({ secret: await ctx.secrets.rotate(p.name, p.value, req.conn.principal) }),

    "secrets/remove": async (p, req) => ({ removed: await ctx.secrets.remove(p.name, req.conn.principal) }),
  };
}

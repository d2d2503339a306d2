import { z } from "zod";
import { agentName, agentRole, workspacePath } from "./agents";

/**
 * Secrets: values kept in the OS keychain, referred to by name (`${secret:NAME}`),
 * bound by policy to where they may be sent. Nothing here ever carries a value
 * back out of the daemon; only `secrets/set` and `secrets/rotate` carry one in.
 */

/** A secret's name: what `${secret:NAME}` and policy bindings refer to. */
export const secretName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, "a secret name is a letter followed by up to 63 letters, digits, '_' or '-' (e.g. github_token)");

/**
 * Shortest value accepted. Every value is redacted wherever it shows up, and a
 * shorter one would also match ordinary text (and so garble it) while being
 * easy to guess anyway.
 */
export const MIN_SECRET_LENGTH = 8;
/** Longest value accepted (a PEM private key fits several times over). */
export const MAX_SECRET_LENGTH = 16 * 1024;

export const secretValue = z
  .string()
  .min(MIN_SECRET_LENGTH, `a secret value must be at least ${MIN_SECRET_LENGTH} characters: shorter ones cannot be redacted reliably`)
  .max(MAX_SECRET_LENGTH, `a secret value must be at most ${MAX_SECRET_LENGTH} characters`);

const list = <T extends z.ZodType>(item: T) => z.array(item).min(1);

/** How the daemon puts a value into what it sends. */
export const secretApply = z.union([
  z
    .strictObject({ inline: z.literal(true) })
    .describe("the reference is replaced by the value where it stands: a header value, the URL's path or query, or the body (URL-encoded in the URL)"),
  z
    .strictObject({
      header: z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/, "expected a header name"),
      template: z
        .string()
        .max(1024)
        .refine((t) => t.split("${value}").length === 2, "the template must contain ${value} exactly once")
        .optional()
        .describe('what the header is set to, e.g. "Bearer ${value}" (default "${value}")'),
    })
    .describe('only as the whole value of this header: the agent writes "Authorization": "${secret:NAME}" and Warden sends the template filled in'),
  z
    .strictObject({ basic: z.strictObject({ user: z.string().min(1).max(256).regex(/^[^:\r\n]*$/, "a Basic user name cannot hold ':' or line breaks") }) })
    .describe('HTTP Basic: the agent writes "Authorization": "${secret:NAME}" and Warden sends Basic base64(user:value)'),
  z
    .strictObject({ gitCredential: z.strictObject({ username: z.string().min(1).max(256).regex(/^[^\r\n\0]*$/, "no line breaks") }) })
    .describe("git push over HTTPS: Warden's credential helper answers with this username and the value, for the bound hosts and remotes only"),
]);
export type SecretApply = z.infer<typeof secretApply>;

/**
 * Where one secret may go, in one policy layer. Every field narrows. Where several
 * layers bind the same secret, a use must pass every one of them (and they must
 * agree on `apply`); a layer that has a `secrets` section refuses every secret it
 * does not name; a layer without one leaves secrets to the others.
 */
export const secretBinding = z
  .strictObject({
    description: z.string().max(1024).optional(),
    hosts: list(
      z
        .string()
        .min(1)
        .max(253)
        .regex(/^(\*\.)?[A-Za-z0-9.:[\]-]+$/, 'expected a host name, an IP literal, or "*.example.com" for its subdomains ("*" alone is not allowed)'),
    ).describe('hosts it may be sent to; "*.example.com" covers subdomains, never an internal address'),
    schemes: list(z.enum(["http", "https"])).optional().describe('default ["https"]: a value never crosses the network in clear text unless http is listed'),
    ports: list(z.int().min(1).max(65535)).optional(),
    paths: list(z.string().startsWith("/")).optional().describe("URL path globs (for a git push: the remote URL's path)"),
    remotes: list(z.string().min(1)).optional().describe("for gitCredential: git remotes (names or URL globs) it answers for"),
    apply: secretApply.optional().describe("how the value is put in (default { \"inline\": true })"),
    agents: list(agentName).optional().describe("only for these agents"),
    roles: list(agentRole).optional().describe("only for agents with these roles"),
  })
  .describe("where one secret may be sent, and how");
export type SecretBinding = z.infer<typeof secretBinding>;

/** The policy file's `secrets` section: binding by name, with a name error that says what a name is. */
export const secretsSection = z.record(z.string(), secretBinding).superRefine((section, ctx) => {
  for (const name of Object.keys(section)) {
    const checked = secretName.safeParse(name);
    if (!checked.success) ctx.addIssue({ code: "custom", path: [name], message: checked.error.issues[0]?.message ?? "not a secret name" });
  }
});

/** A secret as listed: name, history and bindings, never the value. */
export const secretInfo = z.strictObject({
  name: secretName,
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
  /** When the value was last set (creation or rotation). */
  updatedAt: z.iso.datetime(),
  rotations: z.int().nonnegative(),
  lastUsedAt: z.iso.datetime().nullable(),
  lastUsedBy: z.string().nullable(),
  /** Where it was last sent, with references in place of values (a URL or a git remote). */
  lastUsedTarget: z.string().nullable(),
  uses: z.int().nonnegative(),
});
export type SecretInfo = z.infer<typeof secretInfo>;

/** One layer's binding of a secret, as `secrets/list` shows it for a workspace. */
export const secretBindingInfo = z.strictObject({
  layer: z.enum(["managed", "workspace", "user"]),
  file: z.string(),
  binding: secretBinding,
});

/** Whether the daemon can reach the OS keychain now, and if not, why and what to do. */
export const keychainStatus = z.strictObject({ available: z.boolean(), problem: z.string().nullable() });

export const secretsMethods = {
  /**
   * Human (CLI `warden secret list`, extension's secrets view): names, history and,
   * for a workspace, the bindings in force. Never a value.
   */
  "secrets/list": {
    params: z.strictObject({ workspace: workspacePath.optional() }),
    result: z.strictObject({
      keychain: keychainStatus,
      secrets: z.array(z.strictObject({ secret: secretInfo, bindings: z.array(secretBindingInfo).nullable() })),
    }),
  },
  /**
   * Human (CLI `warden secret set`, the extension's "move to keychain" quick fix):
   * store a new secret. The value goes to the OS keychain only; a name that exists
   * is refused (rotate it instead).
   */
  "secrets/set": {
    params: z.strictObject({ name: secretName, value: secretValue }),
    result: z.strictObject({ secret: secretInfo }),
  },
  /** Human: delete a secret from the keychain and forget its name; bindings in policy stay and refuse to inject. */
  "secrets/remove": {
    params: z.strictObject({ name: secretName }),
    result: z.strictObject({ removed: z.boolean() }),
  },
  /** Human: replace a secret's value, keeping its name and bindings (recorded as secret.rotated). */
  "secrets/rotate": {
    params: z.strictObject({ name: secretName, value: secretValue }),
    result: z.strictObject({ secret: secretInfo }),
  },
} as const;

export const SECRETS_ACCESS = {
  "secrets/list": "human",
  "secrets/set": "human",
  "secrets/remove": "human",
  "secrets/rotate": "human",
} as const;

import { z } from "zod";
import { SANDBOX_MODES } from "../../../protocol/src/sandbox";
import { actionKind, decision } from "../../../protocol/src/actions";
import { agentName, agentRole, durationText } from "../../../protocol/src/agents";
import { notifyPolicy } from "../notify/notify-policy";
import { secretsSection } from "../../../protocol/src/secrets-methods";

/**
 * The policy file format (`.warden/policy.json`, JSON with comments), declared
 * once: the loader validates with it and `schema/policy.schema.json` (for editors)
 * is generated from it.
 */

const list = <T extends z.ZodType>(item: T) => z.array(item).min(1);

/** A shell command a rule addresses, by program and subcommand, never by string prefix. */
export const commandMatcher = z.strictObject({
  program: z.string().min(1).max(256).describe("program name as run (basename), e.g. \"git\"; \"*\" for any"),
  subcommand: list(z.string().min(1)).optional().describe("first argument that is not an option, e.g. [\"status\", \"log\"] for git"),
  forbidFlags: list(z.string().min(1)).optional().describe("the rule does not match when any of these options is present (e.g. [\"-exec\", \"-delete\"] for find)"),
  readsArgs: z.boolean().optional().describe("the command reads its non-option arguments as files: each is also decided as file.read"),
  dynamicArgs: z.boolean().optional().describe("allow arguments that are only known at run time ($VAR, globs); off by default"),
  scriptSha256: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/)
    .optional()
    .describe("for script runners (npm/pnpm/yarn scripts, make): match only while the script has this hash (see 'warden policy pin')"),
});
export type CommandMatcher = z.infer<typeof commandMatcher>;

export const policyRule = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "rule ids are lower-case words joined by '-', '.' or '_'").describe("unique name, shown in every decision"),
    description: z.string().max(1024).optional(),
    action: z.union([actionKind, list(actionKind)]).describe("the action kinds this rule decides"),
    decision: decision.describe("allow | allow+log | ask | deny"),
    roles: list(agentRole).optional().describe("only for agents with these roles"),
    agents: list(agentName).optional().describe("only for these agents"),
    paths: list(z.string().min(1)).optional().describe("file globs, relative to the workspace (or absolute, or ~/…)"),
    commands: list(commandMatcher).optional().describe("for shell.exec"),
    remotes: list(z.string().min(1)).optional().describe("for git.push: remote names or URLs (globs)"),
    branches: list(z.string().min(1)).optional().describe("for git.push: branch globs"),
    force: z
      .boolean()
      .optional()
      .describe("for git.push: true makes an allow rule cover force pushes too, and an ask or deny rule cover force pushes only; without it, allow rules never cover force pushes and ask or deny rules cover every push"),
    schemes: list(z.enum(["http", "https"])).optional(),
    hosts: list(z.string().min(1)).optional().describe("for http.request: host names or IP literals; \"*.example.com\" for subdomains"),
    ports: list(z.int().min(1).max(65535)).optional(),
    methods: list(z.string().regex(/^[A-Z]+$/)).optional(),
    urlPaths: list(z.string().startsWith("/")).optional().describe("for http.request: URL path globs"),
    servers: list(z.string().min(1)).optional().describe("for mcp.call: MCP server names (globs)"),
    tools: list(z.string().min(1)).optional().describe("for mcp.call and tool.unknown: tool names (globs)"),
  })
  .describe("one rule: the action kinds it decides, the decision, and what it matches");
export type PolicyRule = z.infer<typeof policyRule>;

/** The list fields that narrow what a rule matches (a missing one matches everything). */
export const RULE_MATCHERS = ["roles", "agents", "paths", "commands", "remotes", "branches", "schemes", "hosts", "ports", "methods", "urlPaths", "servers", "tools"] as const;

/** How commands Warden lets run are held by the OS (see daemon/src/sandbox/). */
export const sandboxSection = z.strictObject({
  mode: z
    .enum(SANDBOX_MODES)
    .optional()
    .describe("required: commands are denied where no sandbox is available; preferred (default): they run unsandboxed there, recorded on each decision; off: no sandbox"),
  allowHosts: list(z.string().min(1).max(253))
    .optional()
    .describe("hosts sandboxed commands may reach, through Warden's filtering proxy (\"*.example.com\" for subdomains); none by default: no network"),
  allowWrite: list(z.string().min(1).max(4096))
    .optional()
    .describe("directories outside the workspace sandboxed commands may write besides temp dirs, absolute or ~/… (e.g. \"~/.npm\" for npm's cache)"),
});
export type SandboxSection = z.infer<typeof sandboxSection>;

export const policyFile = z.strictObject({
  $schema: z.string().optional(),
  version: z.literal(1).describe("format version"),
  default: z.enum(["ask", "deny"]).optional().describe("what happens to actions no rule covers (never allow); default ask"),
  tokens: z.strictObject({ maxTtl: durationText }).optional().describe("limits on agent tokens"),
  rules: z.array(policyRule),
  sandbox: sandboxSection
    .optional()
    .describe("the OS sandbox every command Warden lets run is held in; every layer must agree to loosen it (modes: strictest wins; hosts and extra writable paths: only those every layer lists)"),
  notify: notifyPolicy.optional(),
  secrets: secretsSection
    .optional()
    .describe("where each secret (by name, stored with 'warden secret set') may be sent, and how; a layer with this section refuses every secret it does not name"),
});
export type PolicyFile = z.infer<typeof policyFile>;

/** JSON Schema for editors (`contributes.jsonValidation`), generated from the one declaration above. */
export function policyJsonSchema(): unknown {
  return z.toJSONSchema(policyFile, { target: "draft-7" });
}

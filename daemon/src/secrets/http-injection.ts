import { WardenError } from "../../../protocol/src/errors";
import { SecretApply } from "../../../protocol/src/secrets-methods";
import { HttpTargetOk, needsExplicitRule, parseHttpTarget } from "../policy/http";
import { Actor } from "../policy/subject";
import { SecretTarget, checkBinding, describeApply } from "./bindings";
import { SecretManager, SecretUser } from "./secret-manager";
import { malformedReference, referencedNames, soleReference, substitute } from "./references";

/** An HTTP request as the agent wrote it: references, never values. */
export interface HttpDraft {
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

/** Who sends, from where: what the binding checks and the `secret.use` record need. */
export interface SecretCaller {
  user: SecretUser;
  actor: Actor;
  workspace: string;
}

/** The secrets a draft refers to, each with where it stands (for placement rules). */
interface Placed {
  name: string;
  where: "url" | "body" | { header: string; whole: boolean };
}

/**
 * Before policy is asked: the names the request refers to, checked to exist, to
 * be written where a reference may stand, and to be bound to this URL for this
 * agent — so a human is never asked about a use that would be refused anyway.
 */
export function planHttpSecrets(manager: SecretManager, caller: SecretCaller, draft: HttpDraft): string[] {
  const placed = placements(draft);
  const names = [...new Set(placed.map((p) => p.name))];
  if (names.length === 0) return names;
  for (const name of names) manager.info(name);
  const target = parseHttpTarget(draft.url);
  // An unparsable URL is refused by policy with its own reason.
  if (target.ok) for (const name of names) allowed(manager, caller, name, placed, target);
  return names;
}

/**
 * One hop, after policy allowed it: the same request with the values in. Each
 * secret is re-checked against this hop's target (a redirect is a new target),
 * and each use is recorded before the request leaves. `hop.url` is the
 * normalised URL (references percent-encoded, as policy saw it).
 */
export async function injectHttpSecrets(manager: SecretManager, caller: SecretCaller, hop: HttpDraft, decisionSeq: number): Promise<HttpDraft> {
  const placed = placements(hop);
  if (placed.length === 0) return hop;
  const target = parseHttpTarget(hop.url);
  if (!target.ok) throw new WardenError("forbidden", `the URL is refused: ${target.reason}`);
  const applies = new Map<string, SecretApply>();
  const values = new Map<string, string>();
  for (const name of new Set(placed.map((p) => p.name))) {
    applies.set(name, allowed(manager, caller, name, placed, target));
    values.set(name, await manager.value(name));
  }
  const valueOf = (name: string): string => values.get(name) ?? "";
  const url = substitute(hop.url, (name) => encodeURIComponent(valueOf(name)));
  const sent = parseHttpTarget(url);
  // Attack: a value crafted to move the request elsewhere once it is put into the URL.
  if (!sent.ok || sent.scheme !== target.scheme || sent.host !== target.host || sent.port !== target.port) {
    throw new WardenError("forbidden", "putting the secret into the URL would change where the request goes; it was not sent");
  }
  const headers: Record<string, string> = {};
  for (const [header, text] of Object.entries(hop.headers)) {
    headers[header] = substitute(text, (name) => headerValue(name, valueOf(name), applies.get(name)));
  }
  const body = hop.body === null ? null : substitute(hop.body, valueOf);
  for (const name of values.keys()) {
    await manager.recordUse(caller.user, caller.workspace, name, hop.url, { via: "http_request", host: target.host, decisionSeq });
  }
  return { url: sent.url, headers, body };
}

/** The binding's verdict for this hop, and the placement its `apply` requires; throws the refusal. */
function allowed(manager: SecretManager, caller: SecretCaller, name: string, placed: readonly Placed[], target: HttpTargetOk): SecretApply {
  const policy = manager.options.policy(caller.workspace);
  const verdict = checkBinding(policy, name, caller.actor, httpTarget(target));
  if (!verdict.ok) throw new WardenError("forbidden", `secret '${name}' may not be sent there: ${verdict.reason}`);
  const apply = verdict.apply;
  if ("inline" in apply) return apply;
  const header = "header" in apply ? apply.header : "Authorization";
  for (const p of placed) {
    if (p.name !== name) continue;
    const fits = typeof p.where === "object" && p.where.whole && p.where.header.toLowerCase() === header.toLowerCase();
    // Attack: a header-bound secret steered into a URL or body, where logs and echoes keep it.
    if (!fits) throw new WardenError("forbidden", `secret '${name}' is bound as ${describeApply(apply)}: put "\${secret:${name}}" as the whole value of the ${header} header, and nowhere else`);
  }
  return apply;
}

function headerValue(name: string, value: string, apply: SecretApply | undefined): string {
  // Attack: a value with a line break splitting one header into two (header injection).
  if (/[\r\n\0]/.test(value)) throw new WardenError("forbidden", `secret '${name}' holds a line break or NUL, so it cannot be sent in a header`);
  if (apply === undefined || "inline" in apply || "gitCredential" in apply) return value;
  if ("header" in apply) return (apply.template ?? "${value}").replace("${value}", () => value);
  return `Basic ${Buffer.from(`${apply.basic.user}:${value}`, "utf8").toString("base64")}`;
}

export function httpTarget(t: HttpTargetOk): SecretTarget {
  return { kind: "http", scheme: t.scheme, host: t.host, port: t.port, path: t.path, explicitOnly: needsExplicitRule(t) };
}

/** Every reference in the draft with where it stands; malformed ones and ones in the URL's authority are refused. */
function placements(draft: HttpDraft): Placed[] {
  const placed: Placed[] = [];
  const check = (text: string, where: string): void => {
    const bad = malformedReference(text);
    if (bad !== null) throw new WardenError("invalid_params", `${where} holds '${bad}', which is not a secret reference; write \${secret:NAME}`);
  };
  check(draft.url, "the URL");
  const authorityEnd = authorityEndOf(draft.url);
  const inAuthority = referencedNames(draft.url.slice(0, authorityEnd));
  // Attack: a secret as the host or user info, sent to DNS and proxies before any HTTP.
  if (inAuthority.length > 0) throw new WardenError("invalid_params", "a secret reference may not stand in the URL's scheme, host or user info; put it in the path, the query or a header");
  for (const name of referencedNames(draft.url)) placed.push({ name, where: "url" });
  for (const [header, text] of Object.entries(draft.headers)) {
    check(text, `header ${header}`);
    const sole = soleReference(text);
    for (const name of referencedNames(text)) placed.push({ name, where: { header, whole: sole === name } });
  }
  if (draft.body !== null) {
    check(draft.body, "the body");
    for (const name of referencedNames(draft.body)) placed.push({ name, where: "body" });
  }
  return placed;
}

function authorityEndOf(url: string): number {
  const start = url.indexOf("//");
  if (start < 0) return url.length;
  const rest = url.slice(start + 2).search(/[/?#]/);
  return rest < 0 ? url.length : start + 2 + rest;
}

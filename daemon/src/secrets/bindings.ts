import { SecretApply, SecretBinding } from "../../../protocol/src/secrets-methods";
import { anyGlob } from "../policy/glob";
import { PolicySet } from "../policy/layers";
import { PolicyLayer } from "../policy/load-policy";
import { Actor } from "../policy/subject";

/** Where a secret is about to be sent: one HTTP hop, or the remote of a git push. */
export interface SecretTarget {
  kind: "http" | "git";
  scheme: "http" | "https";
  /** Lower-case host name or canonical IP text (as parseHttpTarget gives it). */
  host: string;
  port: number;
  path: string;
  /** An internal host (IP literal, localhost…): only a binding naming it exactly reaches it. */
  explicitOnly: boolean;
  /** For a push: the remote's name and URL. */
  remote?: { name: string; url: string };
}

export type BindingVerdict = { ok: true; apply: SecretApply } | { ok: false; reason: string };

export interface LayerBinding {
  layer: PolicyLayer;
  file: string;
  binding: SecretBinding;
}

export const DEFAULT_APPLY: SecretApply = { inline: true };

/** Every layer's binding of `name`, in authority order. */
export function bindingsOf(set: PolicySet, name: string): LayerBinding[] {
  const found: LayerBinding[] = [];
  for (const l of set.layers) {
    const binding = l.policy.secrets?.[name];
    if (binding !== undefined) found.push({ layer: l.layer, file: l.file, binding });
  }
  return found;
}

/**
 * May secret `name` go to `target` for `actor`? Layers only tighten: a layer with
 * a `secrets` section must bind the secret and its binding must cover the target;
 * a layer without one has no say; at least one layer must bind it; and all the
 * bindings must agree on how it is applied (a lower layer cannot move a value
 * from a header into a URL). Refusals name the layer and file that refused.
 */
export function checkBinding(set: PolicySet, name: string, actor: Actor, target: SecretTarget): BindingVerdict {
  let apply: SecretApply | null = null;
  let bound = 0;
  for (const l of set.layers) {
    const section = l.policy.secrets;
    if (section === undefined) continue;
    const where = `the ${l.layer} policy (${l.file})`;
    const binding = section[name];
    // Attack: a secret used where a layer that restricts secrets never allowed it.
    if (binding === undefined) return refuse(`${where} does not bind secret '${name}'; add it under "secrets" there`);
    const miss = mismatch(binding, actor, target);
    if (miss !== null) return refuse(`${where} binds secret '${name}' ${miss}`);
    const own = binding.apply ?? DEFAULT_APPLY;
    if (apply !== null && JSON.stringify(apply) !== JSON.stringify(own)) {
      return refuse(`the policy layers disagree on how secret '${name}' is applied (${describeApply(apply)} vs ${describeApply(own)} in ${where}); make them the same`);
    }
    apply = own;
    bound++;
  }
  if (apply === null || bound === 0) return refuse(`no policy binds secret '${name}' to any host; add "secrets": { "${name}": { "hosts": [...] } } to .warden/policy.json`);
  if (target.kind === "git" && !("gitCredential" in apply)) return refuse(`secret '${name}' is bound as ${describeApply(apply)}, not as a git credential`);
  if (target.kind === "http" && "gitCredential" in apply) return refuse(`secret '${name}' is bound as a git credential; it is only given to git push`);
  return { ok: true, apply };
}

/** Why `binding` does not cover this use, or null when it does. */
function mismatch(b: SecretBinding, actor: Actor, t: SecretTarget): string | null {
  if (b.agents !== undefined && !b.agents.includes(actor.name)) return `only for agents ${b.agents.join(", ")}, not ${actor.name}`;
  if (b.roles !== undefined && !b.roles.includes(actor.role)) return `only for roles ${b.roles.join(", ")}, not ${actor.role}`;
  const schemes = b.schemes ?? ["https"];
  // Attack: a secret sent in clear text over plain http unless someone chose to allow that.
  if (!schemes.some((s) => s === t.scheme)) return `to ${schemes.join("/")} only, not ${t.scheme}`;
  // Attack: a secret sent to a host of the agent's choosing.
  if (!b.hosts.some((h) => hostMatches(h, t.host, t.explicitOnly))) return `to ${b.hosts.join(", ")}, not ${t.host}`;
  if (b.ports !== undefined && !b.ports.includes(t.port)) return `to ports ${b.ports.join(", ")}, not ${t.port}`;
  if (b.paths !== undefined && !anyGlob(b.paths, t.path)) return `to paths ${b.paths.join(", ")}, not ${t.path.slice(0, 200)}`;
  if (t.kind === "git" && b.remotes !== undefined) {
    const r = t.remote;
    if (r === undefined || !(anyGlob(b.remotes, r.name) || anyGlob(b.remotes, r.url))) return `for remotes ${b.remotes.join(", ")}, not ${r?.name ?? "this one"}`;
  }
  return null;
}

/**
 * A host pattern: the exact host, or "*.example.com" for its subdomains. An
 * internal host (loopback, private, metadata) matches only when named exactly.
 */
export function hostMatches(pattern: string, host: string, explicitOnly: boolean): boolean {
  const p = pattern.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  if (p === host) return true;
  if (explicitOnly || !p.startsWith("*.")) return false;
  return host.endsWith(p.slice(1)) && host.length > p.length - 1;
}

export function describeApply(apply: SecretApply): string {
  if ("inline" in apply) return "inline";
  if ("header" in apply) return `header ${apply.header}`;
  if ("basic" in apply) return `Basic auth for ${apply.basic.user}`;
  return `git credential for ${apply.gitCredential.username}`;
}

function refuse(reason: string): BindingVerdict {
  return { ok: false, reason };
}

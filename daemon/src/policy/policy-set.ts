import os from "node:os";
import path from "node:path";
import { LoadedPolicy, PolicyLayer, PolicyProblem, loadPolicyFile, parsePolicyText } from "./load-policy";
import { PolicySet } from "./layers";
import { STARTER_POLICY } from "./starter-policy";

/** Where each layer's file lives. The managed one is set by an administrator for the whole machine. */
export function policyPaths(workspace: string, env: NodeJS.ProcessEnv = process.env): Record<PolicyLayer, string> {
  const configHome = env["XDG_CONFIG_HOME"] !== undefined && path.isAbsolute(env["XDG_CONFIG_HOME"]) ? env["XDG_CONFIG_HOME"] : path.join(os.homedir(), ".config");
  return {
    managed: env["WARDEN_MANAGED_POLICY"] ?? "/etc/warden/policy.json",
    workspace: path.join(workspace, ".warden", "policy.json"),
    user: path.join(configHome, "warden", "policy.json"),
  };
}

/** Shown as the source of decisions made by the embedded starter policy. */
export const STARTER_SOURCE = "builtin:starter-policy";

export type PolicySetResult = { ok: true; set: PolicySet } | { ok: false; problems: PolicyProblem[] };

/**
 * Loads every layer present. A workspace without a policy file runs under the
 * starter policy, so nothing is ever decided by "no policy". Any invalid layer
 * fails the whole load: the caller keeps its last good set (fail closed).
 */
export function loadPolicySet(workspace: string, env: NodeJS.ProcessEnv = process.env): PolicySetResult {
  const files = policyPaths(workspace, env);
  const layers: LoadedPolicy[] = [];
  const problems: PolicyProblem[] = [];
  for (const layer of ["managed", "workspace", "user"] as const) {
    const result = loadPolicyFile(files[layer], layer);
    if (result === null) {
      if (layer === "workspace") layers.push(starterLayer());
      continue;
    }
    if (result.ok) layers.push(result.loaded);
    else problems.push(...result.problems);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, set: { layers } };
}

/** Parsed once: it stands in for every workspace without a policy, on every reload. Treated as read-only. */
export function starterLayer(): LoadedPolicy {
  if (starter === undefined) {
    const parsed = parsePolicyText(STARTER_POLICY, STARTER_SOURCE, "workspace");
    if (!parsed.ok) throw new Error(`the embedded starter policy is invalid: ${parsed.problems.map((p) => p.message).join("; ")}`);
    starter = parsed.loaded;
  }
  return starter;
}

let starter: LoadedPolicy | undefined;

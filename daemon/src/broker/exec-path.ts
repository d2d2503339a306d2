import { WardenError } from "../../../protocol/src/errors";
import { protectedContentReason } from "../policy/paths/protected-content";
import { protectedReason } from "../policy/paths/protected";
import { resolveAgentPath } from "../policy/paths/resolve";
import { isWithin } from "../policy/paths/within";

/** What a path-taking tool acts on: read, written (through a final symlink), or removed (the link itself). */
export type PathOp = "read" | "write" | "delete";

export interface PathScope {
  workspace: string;
  home: string;
  wardenHome: string;
}

/** A path an agent named, resolved as the kernel would resolve it now. */
export interface Located {
  input: string;
  /** Symlink-free absolute path inside the workspace. */
  real: string;
  /** Below the workspace, with "/" separators ("." for the workspace itself). */
  relative: string;
  exists: boolean;
}

/**
 * Resolves a path for the broker. The broker only ever acts inside the agent's
 * workspace: what policy may allow elsewhere (reading ~/notes through the agent's
 * own tools) is not something Warden executes on the agent's behalf. The built-in
 * protections are policy's to decide (and audit) first; `protections` re-checks
 * them at execution.
 */
export function locate(input: string, scope: PathScope, op: PathOp, protections = false): Located {
  const resolved = resolveAgentPath(input, { workspace: scope.workspace, home: scope.home, followFinal: op !== "delete" });
  if ("error" in resolved) throw new WardenError("invalid_params", `path '${input.slice(0, 200)}': ${resolved.error}`);
  // Attack: reaching outside the workspace with an absolute path, `..`, or a symlink that points out.
  if (!resolved.inWorkspace || resolved.relative === null) {
    throw new WardenError("forbidden", `path '${input.slice(0, 200)}' resolves to ${resolved.real}, outside the workspace ${scope.workspace}; the broker acts only inside it`);
  }
  // Attack: a workspace that holds Warden's own state (audit log, token) in a subdirectory.
  if (isWithin(resolved.real, scope.wardenHome, false)) {
    throw new WardenError("forbidden", `path '${input.slice(0, 200)}' is Warden's own state; no agent may touch it`);
  }
  if (protections && op !== "read") {
    const protection = { workspace: scope.workspace, home: scope.home, wardenHome: scope.wardenHome };
    // Attack: the built-in protections re-checked at execution, for whatever the path is *now*.
    const reason = op === "delete" ? protectedContentReason(resolved, protection) : protectedReason(resolved, protection);
    if (reason !== null) throw new WardenError("forbidden", `path '${input.slice(0, 200)}' is protected (${reason})`);
  }
  return { input, real: resolved.real, relative: resolved.relative, exists: resolved.exists };
}

/**
 * Resolves the path again right before it is acted on, and insists it is still
 * what was decided.
 */
export function relocate(planned: Located, scope: PathScope, op: PathOp): Located {
  const now = locate(planned.input, scope, op, true);
  // Attack: a symlink swapped in between the decision and the execution (TOCTOU) to redirect the action.
  if (now.real !== planned.real) {
    throw new WardenError("forbidden", `path '${planned.input.slice(0, 200)}' now resolves to ${now.real}, not ${planned.real} as when it was decided; refusing`);
  }
  return now;
}

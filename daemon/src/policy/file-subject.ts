import { DecisionResult } from "../../../protocol/src/actions";
import fs from "node:fs";
import path from "node:path";
import { protectedContentReason } from "./paths/protected-content";
import { protectedReason } from "./paths/protected";
import { resolveAgentPath } from "./paths/resolve";
import { isWithin } from "./paths/within";
import { Subject } from "./subject";

export interface FileContext {
  workspace: string;
  cwd?: string;
  home: string;
  wardenHome: string;
  caseInsensitive: boolean;
}

export type FileOp = "file.read" | "file.write" | "file.delete";

const SUSPICIOUS_PATH = /%[0-9a-f]{2}|%u[0-9a-f]{4}|\\|^[a-z]:|[\u2024\u2215\u2216\u2044\u29f5\u29f8\uff0e\uff0f\uff3c\ufe68]/i;

/** Control characters (NUL, newlines, escapes) have no place in a file name an agent picks. */
function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/**
 * Resolves a file target and applies the built-in protections no policy can lift.
 * Returns the subject for the rules, or the built-in decision that settles it.
 */
export function fileSubject(op: FileOp, input: string, ctx: FileContext): { subject: Subject } | { builtin: DecisionResult } {
  // Attack: encoded traversal (%2e%2e%2f), Windows separators and drive letters, control
  // characters: harmless names on this system at best, a confused tool at worst. Asked.
  if (SUSPICIOUS_PATH.test(input) || hasControlCharacter(input)) {
    return { builtin: builtin("ask", "suspicious-path", `the path '${input.slice(0, 200)}' contains encoded or foreign path syntax; asking rather than guessing what it means`) };
  }
  const resolved = resolveAgentPath(input, {
    workspace: ctx.workspace,
    home: ctx.home,
    ...(ctx.cwd !== undefined ? { cwd: ctx.cwd } : {}),
    // Deleting a symlink removes the link, not its target.
    followFinal: op !== "file.delete",
  });
  if ("error" in resolved) return { builtin: builtin("deny", "bad-path", `the path '${input.slice(0, 200)}' cannot be resolved safely: ${resolved.error}`) };
  // Attack: an agent reading or tampering with the audit log, the database or the daemon token
  // (compared with the home as spelled and as it resolves: /var → /private/var on macOS).
  const homes = [ctx.wardenHome, realOrSelf(ctx.wardenHome)];
  if (homes.some((home) => isWithin(resolved.real, home, ctx.caseInsensitive) || isWithin(resolved.absolute, home, ctx.caseInsensitive))) {
    return { builtin: builtin("deny", "warden-state", `${input} is Warden's own state (audit log, identities, token): no agent may touch it`) };
  }
  if (op !== "file.read") {
    // Attack: rewriting policy, editor or agent settings, git hooks, shell startup files.
    const protection = { workspace: ctx.workspace, wardenHome: ctx.wardenHome, home: ctx.home, caseInsensitive: ctx.caseInsensitive };
    // A delete also carries off whatever protected things a directory holds (rm -r .github takes .github/hooks).
    const reason = op === "file.delete" ? protectedContentReason(resolved, protection) : protectedReason(resolved, protection);
    if (reason !== null) return { builtin: builtin("deny", "protected-path", `${input} is protected (${reason}): agents may not change it, whatever the policy says`) };
  }
  // Attack: a hard link inside the workspace to a protected file (~/.bashrc): paths cannot
  // tell, so a write or delete through any file with more than one link is asked.
  if (op !== "file.read" && resolved.exists && linkCount(resolved.real) > 1) {
    return { builtin: builtin("ask", "hard-link", `${input} has other hard links; changing it changes them too, so a human decides`) };
  }
  return { subject: { kind: op, relative: resolved.relative, real: resolved.real } };
}

/**
 * A read of a file found by walking a real directory (no symlink on the way): the same
 * checks as `fileSubject` without resolving the path again, which a recursive read of
 * thousands of files could not afford. A symlink found by the walk goes to `fileSubject`.
 */
export function walkedReadSubject(real: string, ctx: FileContext): { subject: Subject } | { builtin: DecisionResult } {
  if (SUSPICIOUS_PATH.test(real) || hasControlCharacter(real)) {
    return { builtin: builtin("ask", "suspicious-path", `the path '${real.slice(0, 200)}' contains encoded or foreign path syntax; asking rather than guessing what it means`) };
  }
  // Attack: `grep -r token ~` reaching the daemon's token below the home directory.
  if ([ctx.wardenHome, realOrSelf(ctx.wardenHome)].some((home) => isWithin(real, home, ctx.caseInsensitive))) {
    return { builtin: builtin("deny", "warden-state", `${real} is Warden's own state (audit log, identities, token): no agent may touch it`) };
  }
  const inside = isWithin(real, ctx.workspace, ctx.caseInsensitive);
  const relative = inside ? path.relative(ctx.workspace, real).split(path.sep).join("/") || "." : null;
  return { subject: { kind: "file.read", relative, real } };
}

export function builtin(decision: DecisionResult["decision"], name: string, reason: string): DecisionResult {
  return { decision, rule: `builtin:${name}`, source: "builtin", reason };
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return p;
  }
}

function linkCount(p: string): number {
  try {
    const st = fs.statSync(p);
    return st.isFile() ? st.nlink : 1;
  } catch {
    return 1;
  }
}

import { Action } from "../../../protocol/src/actions";
import { JsonValue } from "../../../protocol/src/json";
import { PathScope } from "./exec-path";
import { ProcessRegistry } from "./processes";
import { BrokerSecrets } from "../secrets/broker-secrets";
import { Trash } from "./trash";
import { TrashStore } from "./trash-store";
import { ToolContext } from "./types";

/** What the broker's tools share: the trash, and the processes they started. */
export interface BrokerServices {
  trash: Trash;
  trashStore: TrashStore;
  processes: ProcessRegistry;
  /** Injection of secrets into what the tools send, and redaction of what they return. */
  secrets: BrokerSecrets;
}

/** Actions name the broker's tools as `warden/<tool>`, so the log tells them from the agent's own. */
export function brokerAction(kind: Action["kind"], target: string, tool: string, details: Record<string, JsonValue> = {}): Action {
  return { kind, target, tool: `warden/${tool}`, details };
}

export function scopeOf(ctx: ToolContext): PathScope {
  return { workspace: ctx.workspace, home: ctx.home, wardenHome: ctx.wardenHome };
}

/** A word quoted for a POSIX shell, so the shell analyser sees exactly this one word. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) && !word.startsWith("-") ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/** A short form of an argument for audit payloads. */
export function clip(text: string, max = 512): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

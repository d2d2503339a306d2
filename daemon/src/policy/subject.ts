import { AgentRole } from "../../../protocol/src/agents";

/**
 * What a rule is matched against: one concrete thing an action does. A shell
 * command line becomes several subjects (each command it runs, each file it
 * writes); other actions are one subject each.
 */
export type Subject =
  | { kind: "file.read" | "file.write" | "file.delete"; relative: string | null; real: string }
  | {
      kind: "shell.exec";
      program: string;
      args: readonly string[];
      dynamicArgs: boolean;
      runsCode: readonly string[];
      /** For script runners: the hash of what it would run (computed only when a rule asks). */
      scriptHash?: () => string | null;
    }
  | { kind: "git.push"; remote: string; branch: string; force: boolean }
  | { kind: "git.commit" }
  | { kind: "http.request"; scheme: string; host: string; port: number; method: string; path: string; explicitOnly: boolean }
  | { kind: "web.search" }
  | { kind: "mcp.call"; server: string; tool: string }
  | { kind: "secret.use"; name: string }
  | { kind: "policy.change" }
  | { kind: "tool.unknown"; tool: string };

/** Who is acting: rules with `roles` or `agents` apply only to matching agents. */
export interface Actor {
  name: string;
  role: AgentRole;
}

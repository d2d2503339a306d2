import { JsonValue } from "../../../protocol/src/json";

/** One event as a client sends it in `audit/append`. */
export interface AppendEvent {
  kind: string;
  workspace: string;
  payload: JsonValue;
}

const COMMANDS = ["git status", "git diff --stat", "npm test", "ls -la src", "git log --oneline -20", "cat package.json"];
const RULES = ["starter:read-only-git", "starter:read-only-fs", "starter:npm-scripts", "project:deny-network"];

/** Realistic tool-call events, varied enough that no two payloads in a row are the same. */
export function makeEvents(n: number): AppendEvent[] {
  const events: AppendEvent[] = [];
  for (let i = 0; i < n; i++) {
    events.push({
      kind: "tool.call",
      workspace: "/home/dev/project",
      payload: {
        tool: "Bash",
        command: COMMANDS[i % COMMANDS.length] ?? "git status",
        cwd: "/home/dev/project",
        decision: i % 17 === 0 ? "deny" : "allow",
        rule: RULES[i % RULES.length] ?? "starter:read-only-git",
        durationMs: 1 + (i % 23),
      },
    });
  }
  return events;
}

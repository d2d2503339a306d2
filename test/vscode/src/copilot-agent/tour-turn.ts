import path from "node:path";
import type { ScriptStep } from "./model-server";
import type { HookRules } from "./recording-hook";

/**
 * The "tour" turn: one agent turn that calls each kind of tool VS Code's agent
 * offers a model (reads, searches, listings, file creation, the edit tools, the
 * terminal), with one terminal command the hook refuses. The e2e scenario asserts
 * on it and its hook inputs become the fixtures the daemon-side plug-in is tested
 * against.
 */

/** The refused command's marker: if this file appears, the hook's exit 2 did not stop the command. */
export const DENIED_MARKER = "denied-marker.txt";
/** The allowed command's marker: proves the terminal really ran a command the hook allowed. */
export const RAN_MARKER = "ran-marker.txt";
/** The hook's refusal text; the model must receive it with the refused call's result. */
export const DENY_REASON = "Warden proving ground: this command is refused (reason 7f3a)";
export const CREATED_FILE = path.join("src", "created.ts");
export const FINAL_TEXT = "Tour finished.";

export const TOUR_PROMPT = "Take the proving-ground tour: read, search, create, edit, run.";

export const TOUR_RULES: HookRules = {
  rules: [{ event: "PreToolUse", tool: "run_in_terminal", inputContains: DENIED_MARKER, answer: { exitCode: 2, stderr: DENY_REASON } }],
  envProbes: [],
};

/** The script, for a workspace at `ws` (the tools take absolute paths). */
export function tourScript(ws: string): ScriptStep[] {
  const at = (...p: string[]): string => path.join(ws, ...p);
  return [
    {
      // Read-only tools, in parallel as models call them.
      toolCalls: [
        { name: "read_file", arguments: { filePath: at("README.md"), startLine: 1, endLine: 3 } },
        { name: "list_dir", arguments: { path: ws } },
        { name: "grep_search", arguments: { query: "greeting", isRegexp: false } },
        { name: "file_search", arguments: { query: "**/*.ts" } },
      ],
    },
    { toolCalls: [{ name: "create_file", arguments: { filePath: at(CREATED_FILE), content: "export const created = true;\n" } }] },
    { toolCalls: [{ name: "replace_string_in_file", arguments: { filePath: at("src", "greeting.ts"), oldString: 'export const greeting = "hello";', newString: 'export const greeting = "hello, world";' } }] },
    { toolCalls: [{ name: "insert_edit_into_file", arguments: { explanation: "Add a farewell.", filePath: at("README.md"), code: "// ...existing code...\nGoodbye.\n" } }] },
    { toolCalls: [{ name: "run_in_terminal", arguments: { command: `echo ran > ${at(RAN_MARKER)}`, explanation: "Write a marker file.", goal: "Prove the terminal runs", mode: "sync" } }] },
    { toolCalls: [{ name: "run_in_terminal", arguments: { command: `touch ${at(DENIED_MARKER)}`, explanation: "Write a marker the hook refuses.", goal: "Prove a hook can refuse", mode: "sync" } }] },
    { text: FINAL_TEXT },
  ];
}

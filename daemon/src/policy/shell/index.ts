/**
 * Warden's shell analyser: what a command line would run, for the policy engine.
 * See types.ts for the records it produces and limits.ts for its bounds.
 */
export { loadShellParser } from "./shell-parser";
export { DYNAMIC_CLOSE, DYNAMIC_OPEN } from "./types";
export type { Assignment, Redirect, ShellAnalysis, ShellParser, SimpleCommand } from "./types";
export { MAX_COMMAND_CHARS, MAX_COMMANDS, MAX_DEPTH } from "./limits";

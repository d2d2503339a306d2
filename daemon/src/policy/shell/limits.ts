/**
 * Bounds on the work one analysis may do. An agent controls the input, so each bound
 * turns an input built to exhaust the daemon into an unresolved result instead.
 */

/** Longer command lines are refused unparsed (a parse is linear, but the walk is not free). */
export const MAX_COMMAND_CHARS = 64 * 1024;

/** More simple commands than this and the analysis stops adding them. */
export const MAX_COMMANDS = 256;

/** Nesting of subshells, substitutions, bodies, wrappers and re-parsed strings. */
export const MAX_DEPTH = 32;

/** Statements the walker may visit in one analysis, however they are nested or chained. */
export const MAX_NODES_VISITED = 100_000;

/** Shell code parsed in one analysis, counting strings re-parsed for `bash -c`, eval and heredocs. */
export const MAX_PARSED_CHARS = 1024 * 1024;

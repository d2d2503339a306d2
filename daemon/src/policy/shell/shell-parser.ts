import { Language, Parser } from "web-tree-sitter";
import { AnalysisState, type WalkContext } from "./analysis-state";
import { MAX_COMMAND_CHARS, MAX_PARSED_CHARS } from "./limits";
import { syntaxErrors } from "./syntax-errors";
import type { ShellAnalysis, ShellParser } from "./types";
import { walkProgram } from "./walker";

/** Module-level on purpose: the grammar is immutable and its WebAssembly costly to load twice. */
let loading: Promise<ShellParser> | null = null;

/** Loads the bash grammar (WebAssembly, offline) once; later calls share it. */
export function loadShellParser(): Promise<ShellParser> {
  loading ??= load().catch((err: unknown) => {
    // A failed load (missing wasm) must not poison every later attempt.
    loading = null;
    throw err;
  });
  return loading;
}

async function load(): Promise<ShellParser> {
  await Parser.init();
  const language = await Language.load(require.resolve("tree-sitter-bash/tree-sitter-bash.wasm"));
  const parser = new Parser();
  parser.setLanguage(language);
  return { analyze: (command) => analyzeSafely(parser, command) };
}

function analyzeSafely(parser: Parser, command: string): ShellAnalysis {
  try {
    return analyzeCommand(parser, command);
  } catch (err) {
    // Fail closed: an analyser bug must read as "not understood", never as "allowed".
    parser.reset();
    const message = err instanceof Error ? err.message : String(err);
    return { resolved: false, problems: [`internal error while analysing the command: ${message}`], commands: [] };
  }
}

function analyzeCommand(parser: Parser, command: string): ShellAnalysis {
  if (command.length > MAX_COMMAND_CHARS) {
    return { resolved: false, problems: [`over-long: ${command.length} characters (limit ${MAX_COMMAND_CHARS})`], commands: [] };
  }
  let parsedChars = 0;
  const state = new AnalysisState((text, ctx) => {
    parsedChars += text.length;
    // Strings re-parsed for bash -c, eval and heredocs must not multiply the work without bound.
    if (parsedChars > MAX_PARSED_CHARS) {
      state.problem(ctx, `over-long: more than ${MAX_PARSED_CHARS} characters of nested shell code`);
      return;
    }
    parseAndWalk(parser, state, text, ctx);
  });
  // Bash cuts a C string at NUL while the grammar reads on: the two would see different commands.
  if (command.includes("\0")) state.problem({ label: "" }, "NUL character in the command (a shell would cut the text there)");
  state.reparse(command, { source: command, label: "", via: [], depth: 0, inherited: null });
  const problems = state.problems;
  return { resolved: problems.length === 0, problems, commands: state.commands };
}

function parseAndWalk(parser: Parser, state: AnalysisState, text: string, ctx: WalkContext): void {
  const tree = parser.parse(text);
  if (tree === null) {
    state.problem(ctx, "the parser returned no tree");
    return;
  }
  try {
    const here = { ...ctx, source: text };
    for (const problem of syntaxErrors(tree.rootNode)) state.problem(here, problem);
    walkProgram(state, tree.rootNode, here);
  } finally {
    tree.delete();
  }
}

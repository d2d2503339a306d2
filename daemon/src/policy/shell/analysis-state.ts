import { MAX_COMMANDS, MAX_DEPTH, MAX_NODES_VISITED } from "./limits";
import type { Redirect, SimpleCommand } from "./types";

/** Redirections on a compound statement (`{ a; b; } > f`) that apply to every command inside. */
export interface Inherited {
  redirects: Redirect[];
  writes: string[];
  /** Set once some command took them, so a compound with no command still reports its writes. */
  absorbed: boolean;
}

/** Where the walker is: which text, how deep, and how the commands here are reached. */
export interface WalkContext {
  /** The text the current tree was parsed from (positions index into it). */
  readonly source: string;
  /** Prefix for problems found in a re-parsed string, e.g. "in `bash -c` string: ". */
  readonly label: string;
  readonly via: readonly string[];
  readonly depth: number;
  readonly inherited: Inherited | null;
}

export type Reparse = (text: string, ctx: WalkContext) => void;

/** The results of one analysis and the budgets that bound it. */
export class AnalysisState {
  readonly commands: SimpleCommand[] = [];
  private readonly problemSet = new Set<string>();
  private visits = 0;

  constructor(readonly reparse: Reparse) {}

  problem(ctx: Pick<WalkContext, "label">, message: string): void {
    this.problemSet.add(`${ctx.label}${message}`);
  }

  get problems(): string[] {
    return [...this.problemSet];
  }

  addCommand(cmd: SimpleCommand): void {
    if (this.commands.length >= MAX_COMMANDS) {
      this.problemSet.add(`over-long: more than ${MAX_COMMANDS} simple commands`);
      return;
    }
    this.commands.push(cmd);
  }

  /** Counts a visited statement; false once the budget is spent, so the walk stops everywhere. */
  visit(): boolean {
    this.visits += 1;
    if (this.visits <= MAX_NODES_VISITED && this.commands.length < MAX_COMMANDS) return true;
    if (this.visits > MAX_NODES_VISITED) this.problemSet.add(`over-long: more than ${MAX_NODES_VISITED} statements`);
    else this.problemSet.add(`over-long: more than ${MAX_COMMANDS} simple commands`);
    return false;
  }

  /** A context one level deeper, or null (with a problem) past MAX_DEPTH. */
  deeper(ctx: WalkContext, changes: Partial<WalkContext> = {}): WalkContext | null {
    if (ctx.depth + 1 > MAX_DEPTH) {
      this.problemSet.add(`nesting too deep: more than ${MAX_DEPTH} levels of subshells, substitutions, bodies or wrappers`);
      return null;
    }
    return { ...ctx, ...changes, depth: ctx.depth + 1 };
  }
}

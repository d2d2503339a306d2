/** How long an approval given at PreToolUse covers the same command reaching the shell gate. */
const WINDOW_MS = 120_000;
const MAX_ENTRIES = 10_000;

/**
 * Claude Code's Bash calls pass two gates: the PreToolUse hook and, moments later,
 * the shell gate (CLAUDE_CODE_SHELL_PREFIX). Where policy asks, the human answers
 * once: an approval at the hook covers the same agent running the very same command
 * text at the shell gate, once, within a short window. Only asks are covered this
 * way; a deny is decided afresh at each gate.
 */
export class RecentApprovals {
  private readonly entries = new Map<string, { at: number; approval: string }>();

  remember(agentId: string, command: string, approval: string, now = Date.now()): void {
    if (this.entries.size >= MAX_ENTRIES) this.prune(now);
    this.entries.set(key(agentId, command), { at: now, approval });
  }

  /** The approval covering this command, consumed: a second run of it asks again. */
  take(agentId: string, command: string, now = Date.now()): string | null {
    const k = key(agentId, command);
    const entry = this.entries.get(k);
    if (entry === undefined) return null;
    this.entries.delete(k);
    return now - entry.at <= WINDOW_MS ? entry.approval : null;
  }

  private prune(now: number): void {
    for (const [k, e] of this.entries) if (now - e.at > WINDOW_MS) this.entries.delete(k);
    // Still full of fresh entries: the oldest go (a lost entry only means asking again).
    for (const k of this.entries.keys()) {
      if (this.entries.size < MAX_ENTRIES) break;
      this.entries.delete(k);
    }
  }
}

function key(agentId: string, command: string): string {
  return `${agentId}\u0000${command}`;
}

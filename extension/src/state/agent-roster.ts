import { AgentInfo } from "../../../protocol/src/agents";
import { WardenClient } from "../../../protocol/src/client";
import { Scheduler, realScheduler } from "../connection/connection-manager";
import { Disposable, Emitter } from "../util/events";

const REFRESH_AFTER_MS = 150;

/**
 * The agent identities of this window's workspaces, kept for what must show even
 * when the Agents view is closed: how many are contained (the status bar), and the
 * list the palette's Contain command picks from. Re-read on connect and after
 * identity records (debounced).
 */
export class AgentRoster implements Disposable {
  private current: AgentInfo[] = [];
  private readonly emitter = new Emitter<void>();
  readonly onDidChange = this.emitter.event;
  private timer: Disposable | null = null;

  constructor(
    private readonly client: () => WardenClient | null,
    private readonly workspaces: () => Promise<string[]>,
    private readonly log: (line: string) => void,
    private readonly scheduler: Scheduler = realScheduler,
  ) {}

  get agents(): readonly AgentInfo[] {
    return this.current;
  }

  get contained(): AgentInfo[] {
    return this.current.filter((a) => a.status === "contained");
  }

  /** Identities changed: read again shortly (a burst of records reads once). */
  refreshSoon(): void {
    this.timer ??= this.scheduler.setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, REFRESH_AFTER_MS);
  }

  async refresh(via?: WardenClient): Promise<readonly AgentInfo[]> {
    const client = via ?? this.client();
    if (client === null) return this.current;
    try {
      const folders = await this.workspaces();
      const lists = folders.length === 0 ? [await client.request("agents/list", {})] : await Promise.all(folders.map((workspace) => client.request("agents/list", { workspace })));
      const next = lists.flatMap((l) => l.agents);
      const key = (agents: readonly AgentInfo[]): string => JSON.stringify(agents.map((a) => [a.workspace, a.name, a.status, a.activeTokens]));
      const changed = key(next) !== key(this.current);
      this.current = next;
      if (changed) this.emitter.fire();
    } catch (err) {
      this.log(`agents: ${err instanceof Error ? err.message : String(err)}`);
    }
    return this.current;
  }

  dispose(): void {
    this.timer?.dispose();
    this.emitter.dispose();
  }
}

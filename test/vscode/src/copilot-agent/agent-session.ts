import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { newPage } from "../browser";
import { CodeServer, startCodeServer, workbenchUrl } from "../code-server";
import { enableBuiltInChat, newChat, openChat, pickAgentMode, pickModel, sendPrompt, waitForTurnEnd } from "./chat-driver";
import { ModelServer, RecordedRequest, ScriptStep, startModelServer } from "./model-server";
import { MODEL_NAME, ProvingGround, ProvingGroundOptions, prepareProvingGround } from "./proving-ground";
import type { HookRecord, HookRules } from "./recording-hook";

/**
 * One code-server with VS Code's own agent, a scripted model and the recording
 * hook, ready for turns. A turn sets the model's script and the hook's rules,
 * sends a prompt from a new chat and waits until the agent has asked for every
 * step and the response has stopped streaming; it returns what the model server
 * and the hook saw during that turn.
 */

/** Start-up (workbench, extension activation, model discovery) on a busy 2-core machine takes up to a minute. */
const START_TIMEOUT_MS = 120_000;
/** One scripted step is a local round trip plus a hook run or two; ten of them fit many times over. */
const TURN_TIMEOUT_MS = 180_000;

export interface TurnResult {
  requests: RecordedRequest[];
  hooks: HookRecord[];
}

export interface AgentSession {
  ground: ProvingGround;
  model: ModelServer;
  page: Page;
  /** `expectSteps`: how many scripted steps the agent will ask for (all of them unless given; 0 when a hook blocks the prompt). */
  turn(o: { prompt: string; script: readonly ScriptStep[]; rules?: HookRules; timeoutMs?: number; expectSteps?: number }): Promise<TurnResult>;
  close(): Promise<void>;
}

export interface AgentSessionOptions {
  scratch: string;
  browser: Browser;
  log: (line: string) => void;
  ground?: Omit<ProvingGroundOptions, "scratch" | "modelUrl">;
  /** Where a screenshot goes when start-up fails. */
  failureShot?: string;
}

export async function startAgentSession(o: AgentSessionOptions): Promise<AgentSession> {
  const model = await startModelServer(o.log);
  let server: CodeServer | null = null;
  let page: Page | null = null;
  try {
    const ground = prepareProvingGround({ ...o.ground, scratch: o.scratch, modelUrl: model.url });
    server = await startCodeServer({ scratch: path.join(o.scratch, "code-server"), settings: ground.settings, env: process.env, smokeTestDriver: false, log: o.log });
    page = await newPage(o.browser);
    await page.goto(workbenchUrl(server, ground.workspace, null, null));
    await enableBuiltInChat(page, MODEL_NAME, START_TIMEOUT_MS);
    let turns = 0;
    const session: AgentSession = {
      ground,
      model,
      page,
      async turn(t) {
        const p = session.page;
        ground.setRules(t.rules ?? { rules: [], envProbes: [] });
        model.setScript(t.script);
        const firstRequest = model.requests.length;
        const firstHook = ground.hookRecords().length;
        if (turns++ > 0) await newChat(p, START_TIMEOUT_MS);
        await openChat(p, START_TIMEOUT_MS);
        await pickAgentMode(p, START_TIMEOUT_MS);
        await pickModel(p, MODEL_NAME, START_TIMEOUT_MS);
        await sendPrompt(p, t.prompt);
        const timeout = t.timeoutMs ?? TURN_TIMEOUT_MS;
        await model.waitForSteps(t.expectSteps ?? t.script.length, timeout);
        await waitForTurnEnd(p, timeout);
        return { requests: model.requests.slice(firstRequest), hooks: ground.hookRecords().slice(firstHook) };
      },
      async close() {
        await closeAll(page, server, model);
      },
    };
    return session;
  } catch (err) {
    if (o.failureShot !== undefined) await page?.screenshot({ path: o.failureShot }).catch(() => undefined);
    await closeAll(page, server, model);
    throw err;
  }
}

async function closeAll(page: Page | null, server: CodeServer | null, model: ModelServer): Promise<void> {
  await page?.context().close().catch(() => undefined);
  await server?.stop();
  await model.close();
}

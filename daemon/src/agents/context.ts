import { AgentInfo } from "../../../protocol/src/agents";
import { agentDir } from "../connect/agent-files";
import { AgentContext } from "./types";

export function agentContext(agent: AgentInfo, home: string, listen: string | null): AgentContext {
  return { agent, workspace: agent.workspace, home, listen, dir: agentDir(home, agent.id) };
}

/**
 * The environment every agent's session starts with: the session token in
 * WARDEN_TOKEN (never in a file) and the daemon's WARDEN_HOME, which its hooks and
 * Warden's MCP bridge read.
 */
export function sessionEnv(ctx: AgentContext, token: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, WARDEN_TOKEN: token, WARDEN_HOME: ctx.home };
}

/** Splits `warden run`'s command into the program and its arguments. */
export function splitCommand(command: readonly string[]): { file: string; args: string[] } {
  const [file, ...args] = command;
  if (file === undefined) throw new Error("no agent command");
  return { file, args };
}

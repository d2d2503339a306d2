import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { WardenClient } from "../../../protocol/src/client";
import { KeyringSession } from "./keyring-session";
import { stdioMcpClient } from "./mcp-client";
import { TempWarden } from "./warden-home";

export interface SecretsAgentOptions {
  /** The workspace, already holding the .warden/policy.json the test needs. */
  workspace: string;
  /** Stored with `warden secret set NAME`, the value on stdin. */
  secret: { name: string; value: string };
  agent: { name: string; purpose: string };
  /** After the secret is stored: lock the keyring and restart the daemon, which then cannot read the value. */
  restartWithKeyringLocked?: boolean;
}

/**
 * What the end-to-end secrets tests share: a daemon on a real OS keychain
 * (gnome-keyring in a private D-Bus session), the machine's and the user's policy
 * layers pointed at empty paths, one secret stored through the CLI, and one MCP agent
 * calling the broker over stdio.
 */
export class SecretsAgent {
  private constructor(
    readonly keyring: KeyringSession,
    readonly human: WardenClient,
    readonly agent: Client,
    private readonly w: TempWarden,
  ) {}

  static async start(w: TempWarden, o: SecretsAgentOptions): Promise<SecretsAgent> {
    const keyring = await KeyringSession.start();
    let human: WardenClient | null = null;
    try {
      Object.assign(w.env, keyring.env);
      w.env["WARDEN_MANAGED_POLICY"] = path.join(w.home, "no-managed-policy.json");
      w.env["XDG_CONFIG_HOME"] = path.join(w.home, "config");
      await w.start();
      const set = await w.cli(["secret", "set", o.secret.name], { input: o.secret.value });
      if (set.code !== 0) throw new Error(`warden secret set ${o.secret.name} failed (${set.code}): ${set.stderr}`);
      if (o.restartWithKeyringLocked === true) {
        const stopped = await w.cli(["daemon", "stop"]);
        if (stopped.code !== 0) throw new Error(`warden daemon stop failed: ${stopped.stderr}`);
        await keyring.lock();
        await w.start();
      }
      human = await w.connect();
      await human.request("agents/add", { workspace: o.workspace, name: o.agent.name, kind: "mcp", owner: "alice", purpose: o.agent.purpose });
      const { token } = await human.request("tokens/issue", { workspace: o.workspace, name: o.agent.name });
      const { client } = await stdioMcpClient(o.workspace, w.env, token);
      return new SecretsAgent(keyring, human, client, w);
    } catch (err) {
      human?.close();
      await w.cleanup();
      await keyring.stop();
      throw err;
    }
  }

  /** Stops the agent, the daemon (removing its WARDEN_HOME) and the keyring. */
  async close(): Promise<void> {
    await this.agent.close();
    this.human.close();
    await this.w.cleanup();
    await this.keyring.stop();
  }
}

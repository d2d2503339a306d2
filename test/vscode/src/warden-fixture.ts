import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { WardenClient } from "../../../protocol/src/client";
import { connectDaemon } from "../../../protocol/src/ws-transport";
import { KeyringSession } from "../../src/helpers/keyring-session";
import { REPO } from "./deps";

export const CLI = path.join(REPO, "dist", "daemon", "src", "cli", "main.js");

/** What the driver hands the tests inside the extension host (as a JSON file named by WARDEN_E2E_FIXTURE). */
export interface FixtureInfo {
  home: string;
  workspace: string;
  /** Agents created in the workspace: name → kind. */
  agents: Record<string, string>;
  /** A token of the agent `builder`, for tests that act as the agent. */
  builderToken: string;
  /** The private keychain's D-Bus address and XDG dirs, for looking into it from outside Warden (secret-tool). */
  keyringEnv: Record<string, string>;
}

/**
 * A real daemon with a throwaway WARDEN_HOME and workspace (short /tmp paths keep
 * the socket path within its limit), two agent identities and a token, and a small
 * workspace policy (below). Managed and user policy layers are pointed at files
 * that do not exist, so this machine's cannot interfere. Secrets go to a real OS
 * keychain: gnome-keyring on a private D-Bus session (test/src/helpers/keyring-session.ts),
 * which the daemon (and so code-server, which runs the CLI) is started inside.
 */
export class WardenFixture {
  readonly home = fs.mkdtempSync(path.join(os.tmpdir(), "wdv-"));
  readonly workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wdv-ws-")));
  readonly env: NodeJS.ProcessEnv;
  private human: WardenClient | null = null;
  private keyring: KeyringSession | null = null;
  info: FixtureInfo | null = null;

  constructor() {
    this.env = {
      ...process.env,
      WARDEN_HOME: this.home,
      WARDEN_MANAGED_POLICY: path.join(this.home, "no-managed-policy.json"),
      XDG_CONFIG_HOME: path.join(this.home, "config"),
    };
  }

  cli(args: readonly string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(process.execPath, [CLI, ...args], { env: this.env, timeout: 30_000 }, (err, stdout, stderr) => {
        if (err !== null) reject(new Error(`warden ${args.join(" ")}: ${stderr || err.message}`));
        else resolve(stdout);
      });
    });
  }

  async start(approvalTimeout = "60s"): Promise<FixtureInfo> {
    this.keyring = await KeyringSession.start();
    Object.assign(this.env, this.keyring.env);
    fs.mkdirSync(path.join(this.workspace, "src"), { recursive: true });
    fs.writeFileSync(path.join(this.workspace, "src", "main.ts"), "export const answer = 42;\n");
    fs.writeFileSync(path.join(this.workspace, "README.md"), "# demo workspace\n");
    fs.mkdirSync(path.join(this.workspace, "docs"));
    fs.writeFileSync(path.join(this.workspace, "docs", "guide.md"), "# Guide\n\nRun the tests before you push.\n");
    // The workspace policy: anything no rule covers asks (so rm -rf does), docs/ edits ask (a diff to show), ls is allowed.
    fs.mkdirSync(path.join(this.workspace, ".warden"));
    fs.writeFileSync(
      path.join(this.workspace, ".warden", "policy.json"),
      JSON.stringify({
        version: 1,
        default: "ask",
        rules: [
          { id: "read-workspace", action: "file.read", paths: ["**"], decision: "allow" },
          { id: "docs-ask", action: "file.write", paths: ["docs/**"], decision: "ask" },
          { id: "edit-workspace", action: "file.write", paths: ["**"], decision: "allow" },
          { id: "list-files", action: "shell.exec", commands: [{ program: "ls" }], decision: "allow" },
        ],
      }, null, 2),
    );
    await this.cli(["daemon", "start", "--json", "--approval-timeout", approvalTimeout]);
    const human = await this.connect();
    await human.request("agents/add", { workspace: this.workspace, name: "builder", kind: "claude-code", owner: "alice", purpose: "fix the failing build", role: "writer" });
    await human.request("agents/add", { workspace: this.workspace, name: "reviewer", kind: "codex", owner: "bob", purpose: "review pull requests", role: "reader" });
    const { token } = await human.request("tokens/issue", { workspace: this.workspace, name: "builder", ttl: "1h" });
    this.info = { home: this.home, workspace: this.workspace, agents: { builder: "claude-code", reviewer: "codex" }, builderToken: token, keyringEnv: this.keyring.env };
    return this.info;
  }

  /** A human client (the user's own token). */
  async connect(): Promise<WardenClient> {
    this.human ??= await connectDaemon({ socketPath: path.join(this.home, "daemon.sock") }, { token: fs.readFileSync(path.join(this.home, "auth-token"), "utf8").trim() });
    return this.human;
  }

  /** The agent `builder`, connected with its own token. */
  agent(): Promise<WardenClient> {
    if (this.info === null) throw new Error("fixture not started");
    return connectDaemon({ socketPath: path.join(this.home, "daemon.sock") }, { token: this.info.builderToken });
  }

  /** What the test's keychain holds for Warden secret `name` (secret-tool, from outside Warden), or null. */
  keychainValue(name: string): Promise<string | null> {
    if (this.keyring === null) throw new Error("fixture not started");
    return this.keyring.lookup({ username: name });
  }

  writeInfo(file: string): void {
    fs.writeFileSync(file, JSON.stringify(this.info), { mode: 0o600 });
  }

  async stop(): Promise<void> {
    this.human?.close();
    const pidFile = path.join(this.home, "daemon.pid");
    const pid = fs.existsSync(pidFile) ? Number.parseInt(fs.readFileSync(pidFile, "utf8"), 10) : NaN;
    await this.cli(["daemon", "stop"]).catch(() => undefined);
    if (Number.isInteger(pid) && pid > 0) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    await this.keyring?.stop();
    fs.rmSync(this.home, { recursive: true, force: true });
    fs.rmSync(this.workspace, { recursive: true, force: true });
  }
}

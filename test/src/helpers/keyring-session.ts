import { ChildProcess, execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** How long each step of starting the session may take before the test fails. */
const STEP_TIMEOUT_MS = 10_000;

/**
 * A private D-Bus session bus with a real gnome-keyring (Secret Service) on it,
 * unlocked with a throwaway password, in a fresh temporary directory: the OS
 * keychain exactly as a desktop session has it, isolated from the machine's own.
 * One per test file: `start()` in `before`, `stop()` in `after`. Needs
 * scripts/install-keyring.sh (gnome-keyring, dbus, libsecret-tools).
 */
export class KeyringSession {
  readonly dir: string;
  /** What a process needs to use this keychain: the bus address and the XDG dirs. */
  readonly env: Record<string, string>;
  private bus: ChildProcess | null = null;
  private keyring: ChildProcess | null = null;

  private constructor(dir: string, address: string, bus: ChildProcess) {
    this.dir = dir;
    this.bus = bus;
    this.env = {
      DBUS_SESSION_BUS_ADDRESS: address,
      XDG_RUNTIME_DIR: path.join(dir, "run"),
      XDG_DATA_HOME: path.join(dir, "data"),
    };
  }

  static async start(password = "warden-test-keyring"): Promise<KeyringSession> {
    for (const tool of ["dbus-daemon", "gnome-keyring-daemon", "dbus-send"]) {
      if (!onPath(tool)) throw new Error(`${tool} is not installed; run scripts/install-keyring.sh (as root) first`);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wd-kr-"));
    for (const sub of ["run", "data", "home"]) fs.mkdirSync(path.join(dir, sub), { mode: 0o700 });
    // No <servicedir>: nothing is started on demand, so the only Secret Service on
    // this bus is the keyring started below (D-Bus activation would start a second,
    // locked one if a test raced it).
    const config = path.join(dir, "bus.conf");
    fs.writeFileSync(
      config,
      `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:dir=${dir}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>\n`,
    );
    const bus = spawn("dbus-daemon", [`--config-file=${config}`, "--nofork", "--print-address=1", "--nopidfile"], { stdio: ["ignore", "pipe", "pipe"] });
    let address: string;
    try {
      address = await firstLine(bus, STEP_TIMEOUT_MS);
    } catch (err) {
      bus.kill("SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    const session = new KeyringSession(dir, address, bus);
    try {
      await session.startKeyring(password);
    } catch (err) {
      await session.stop();
      throw err;
    }
    return session;
  }

  /** The environment for a child (the daemon under test) that must use this keychain. */
  childEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return { ...base, ...this.env };
  }

  /** Looks a Warden secret up in the keychain from outside Warden (secret-tool), or null. */
  async lookup(attributes: Record<string, string>): Promise<string | null> {
    const args = ["lookup", ...Object.entries(attributes).flat()];
    return new Promise((resolve) => {
      execFile("secret-tool", args, { env: this.childEnv(process.env), timeout: STEP_TIMEOUT_MS }, (err, stdout) => resolve(err === null ? stdout : null));
    });
  }

  /** Locks the login keyring, as a screen lock or `seahorse` would. */
  lock(): Promise<void> {
    return this.dbusSend(["org.freedesktop.Secret.Service.Lock", "array:objpath:/org/freedesktop/secrets/collection/login"]);
  }

  async stop(): Promise<void> {
    await Promise.all([stopChild(this.keyring), stopChild(this.bus)]);
    this.keyring = null;
    this.bus = null;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private async startKeyring(password: string): Promise<void> {
    // --unlock reads the password on stdin until EOF, creating the login keyring
    // with it the first time. --foreground keeps it our child, so stop() ends it.
    const keyring = spawn("gnome-keyring-daemon", ["--foreground", "--unlock", "--components=secrets"], {
      env: { ...this.childEnv(process.env), HOME: path.join(this.dir, "home") },
      stdio: ["pipe", "ignore", "pipe"],
    });
    this.keyring = keyring;
    keyring.stdin?.end(password);
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (keyring.exitCode !== null) throw new Error(`gnome-keyring-daemon exited with ${keyring.exitCode}`);
      if (await this.hasSecretService()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`gnome-keyring-daemon did not register org.freedesktop.secrets within ${STEP_TIMEOUT_MS} ms`);
  }

  private hasSecretService(): Promise<boolean> {
    return new Promise((resolve) => {
      execFile(
        "dbus-send",
        ["--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets"],
        { env: this.childEnv(process.env), timeout: STEP_TIMEOUT_MS },
        (err, stdout) => resolve(err === null && /boolean true/.test(stdout)),
      );
    });
  }

  private dbusSend(call: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      execFile("dbus-send", ["--session", "--print-reply", "--dest=org.freedesktop.secrets", "/org/freedesktop/secrets", ...call], { env: this.childEnv(process.env), timeout: STEP_TIMEOUT_MS }, (err) =>
        err === null ? resolve() : reject(new Error(`dbus-send ${call[0] ?? ""} failed: ${err.message}`)),
      );
    });
  }
}

function onPath(tool: string): boolean {
  return (process.env["PATH"] ?? "").split(path.delimiter).some((dir) => dir !== "" && fs.existsSync(path.join(dir, tool)));
}

function firstLine(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`dbus-daemon printed no address within ${timeoutMs} ms: ${err}`)), timeoutMs);
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf("\n");
      if (nl >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, nl).trim());
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`dbus-daemon exited with ${code}: ${err}`));
    });
  });
}

async function stopChild(child: ChildProcess | null): Promise<void> {
  if (child === null || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
  await exited;
  clearTimeout(timer);
}

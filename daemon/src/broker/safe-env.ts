/** Variables a command may see: enough to find programs and format text, nothing that authenticates. */
const PASSED = new Set(["PATH", "HOME", "LANG", "TERM", "TZ", "USER", "SHELL"]);

const DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

/**
 * The environment for what the broker runs. An allow-list, not a deny-list: the
 * daemon's own environment may hold tokens and keys (cloud credentials,
 * WARDEN_TOKEN, SSH agent sockets), and none of them may reach an agent's command.
 */
export function scrubbedEnv(source: NodeJS.ProcessEnv = process.env, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined) continue;
    if (PASSED.has(name) || /^LC_[A-Z_]+$/.test(name)) env[name] = value;
  }
  env["PATH"] ??= DEFAULT_PATH;
  return { ...env, ...extra };
}

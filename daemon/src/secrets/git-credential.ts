import { randomBytes, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { WardenError } from "../../../protocol/src/errors";
import { needsExplicitRule, parseHttpTarget } from "../policy/http";
import { SecretTarget, checkBinding } from "./bindings";
import { SecretCaller } from "./http-injection";
import { SecretManager } from "./secret-manager";

/** Answers one push may get (ls-remote and push each ask once; git retries once on 401). */
const MAX_ANSWERS = 6;
/** Longest a request line from the helper may be. */
const MAX_REQUEST_BYTES = 8192;

/** A push that will get a credential: which secret, for which remote. */
export interface GitCredentialPlan {
  name: string;
  remote: string;
  /** The remote's URL as configured (no user info: such remotes get no credential). */
  url: string;
  username: string;
  target: SecretTarget;
}

/** Open for the length of one push: the environment git runs with, and the end of it. */
export interface GitCredentialSession {
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * The secret bound as a git credential for this push's remote, if there is one.
 * Only https (or, where a binding lists it, http) remotes without user info in
 * the URL qualify; two secrets answering for the same remote is an error to fix
 * in policy, not a choice Warden makes.
 */
export function planGitCredential(manager: SecretManager, caller: SecretCaller, remote: string, url: string): GitCredentialPlan | null {
  const parsed = parseHttpTarget(url);
  if (!parsed.ok) return null;
  const target: SecretTarget = {
    kind: "git",
    scheme: parsed.scheme,
    host: parsed.host,
    port: parsed.port,
    path: parsed.path,
    explicitOnly: needsExplicitRule(parsed),
    remote: { name: remote, url },
  };
  const policy = manager.options.policy(caller.workspace);
  const names = new Set(policy.layers.flatMap((l) => Object.keys(l.policy.secrets ?? {})));
  const matches: GitCredentialPlan[] = [];
  for (const name of names) {
    const verdict = checkBinding(policy, name, caller.actor, target);
    if (verdict.ok && "gitCredential" in verdict.apply) matches.push({ name, remote, url, username: verdict.apply.gitCredential.username, target });
  }
  if (matches.length > 1) {
    throw new WardenError("conflict", `secrets ${matches.map((m) => `'${m.name}'`).join(" and ")} are all bound as git credentials for remote ${remote}; narrow their hosts, paths or remotes so one answers`);
  }
  return matches[0] ?? null;
}

/**
 * Opens the credential channel for one push: a Unix socket in Warden's state
 * directory, a random token, and git configured (through its environment, not
 * argv) to use only Warden's helper. The helper gets an answer only with the
 * token, only for the planned remote's protocol, host and path, and only while
 * the push runs; each answer is recorded as a `secret.use` before it is given.
 */
export async function openGitCredential(manager: SecretManager, caller: SecretCaller, plan: GitCredentialPlan, decisionSeq: number): Promise<GitCredentialSession> {
  const value = await manager.value(plan.name);
  // Attack: a value with a line break adding fields to git's credential answer.
  if (/[\r\n\0]/.test(value)) throw new WardenError("forbidden", `secret '${plan.name}' holds a line break or NUL, so git cannot be given it`);
  const socket = socketPath(manager.options.wardenHome);
  const token = randomBytes(32);
  const expected = expectedRequest(plan.target);
  let answers = 0;
  const server = net.createServer((conn) => {
    let line = "";
    conn.setTimeout(10_000, () => conn.destroy());
    conn.on("error", () => conn.destroy());
    conn.on("data", (d: Buffer) => {
      line += d.toString("utf8");
      if (line.length > MAX_REQUEST_BYTES) return conn.destroy();
      const nl = line.indexOf("\n");
      if (nl < 0) return;
      conn.removeAllListeners("data");
      void answer(line.slice(0, nl)).then((reply) => conn.end(`${JSON.stringify(reply)}\n`));
    });
  });
  const answer = async (text: string): Promise<Record<string, string>> => {
    const req = parseRequest(text);
    // Attack: something other than this push's git (another process that found the socket) asking.
    if (req === null || !sameToken(req.token, token)) return { error: "not a request of this push" };
    if (req.protocol !== expected.protocol || req.host !== expected.host || req.path !== expected.path) {
      // Attack: a redirect or a second URL in the push reaching for the credential elsewhere.
      const asked = `${req.protocol}://${req.host}/${req.path}`;
      await manager.recordUse(caller.user, caller.workspace, plan.name, asked, { via: "git_push", remote: plan.remote, decisionSeq, refused: "not the bound remote" }).catch(() => undefined);
      return { error: `Warden answers only for ${expected.protocol}://${expected.host}/${expected.path}` };
    }
    if (++answers > MAX_ANSWERS) return { error: "too many requests for one push" };
    await manager.recordUse(caller.user, caller.workspace, plan.name, plan.url, { via: "git_push", remote: plan.remote, decisionSeq });
    return { username: plan.username, password: value };
  };
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socket, () => resolve());
  });
  if (process.platform !== "win32") fs.chmodSync(socket, 0o600);
  return {
    env: {
      // Config through the environment: the helper's path never shows in argv. The empty
      // helper first clears every helper configured before (global, the repository's own).
      GIT_CONFIG_COUNT: "3",
      GIT_CONFIG_KEY_0: "credential.helper",
      GIT_CONFIG_VALUE_0: "",
      GIT_CONFIG_KEY_1: "credential.helper",
      GIT_CONFIG_VALUE_1: `!${shellWord(process.execPath)} ${shellWord(path.join(__dirname, "git-credential-helper.js"))}`,
      GIT_CONFIG_KEY_2: "credential.useHttpPath",
      GIT_CONFIG_VALUE_2: "true",
      WARDEN_CREDENTIAL_SOCKET: socket,
      WARDEN_CREDENTIAL_TOKEN: token.toString("hex"),
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if (process.platform !== "win32") fs.rmSync(socket, { force: true });
      }),
  };
}

/**
 * A fresh socket in a directory only the user can enter (a named pipe on Windows).
 * Short: the path must fit in sockaddr_un wherever the daemon's own socket does.
 */
function socketPath(wardenHome: string): string {
  const id = randomBytes(4).toString("hex");
  if (process.platform === "win32") return `\\\\.\\pipe\\warden-gc-${randomBytes(8).toString("hex")}`;
  const dir = path.join(wardenHome, "gc");
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  return path.join(dir, id);
}

/** What git sends for this remote: host with a port only when the URL names one, path without the leading slash. */
function expectedRequest(t: SecretTarget): { protocol: string; host: string; path: string } {
  const url = new URL(t.remote?.url ?? "");
  return { protocol: t.scheme, host: url.host, path: decodeURIComponent(url.pathname.replace(/^\//, "")) };
}

function parseRequest(text: string): { token: string; protocol: string; host: string; path: string } | null {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== "object" || v === null) return null;
    const get = (k: string): string | null => {
      const x: unknown = Reflect.get(v, k);
      return typeof x === "string" ? x : null;
    };
    const token = get("token");
    const protocol = get("protocol");
    const host = get("host");
    const p = get("path");
    return token === null || protocol === null || host === null || p === null ? null : { token, protocol, host, path: p };
  } catch {
    return null;
  }
}

function sameToken(given: string, token: Buffer): boolean {
  const buf = Buffer.from(given, "hex");
  return buf.length === token.length && timingSafeEqual(buf, token);
}

function shellWord(word: string): string {
  return `'${word.replace(/'/g, "'\\''")}'`;
}

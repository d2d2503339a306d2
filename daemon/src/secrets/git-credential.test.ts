import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { afterEach, beforeEach, describe, test } from "node:test";
import { GitCredentialSession, openGitCredential, planGitCredential } from "./git-credential";
import { SecretCaller } from "./http-injection";
import { SecretsHarness, secretsHarness, workspacePolicy } from "./test-support";

const VALUE = "ghs_HelperAnswer_0123456789";
const caller: SecretCaller = { user: { principal: { type: "agent", id: "pusher" }, agent: "pusher", requester: "human:alice" }, actor: { name: "pusher", role: "writer" }, workspace: "/projects/app" };
const URL_ = "https://git.example.com/acme/app.git";

/** Runs the real `git credential fill` with the session's environment, as git push would. */
function gitFill(session: GitCredentialSession, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile("git", ["credential", "fill"], { env: { PATH: process.env["PATH"] ?? "/usr/bin:/bin", GIT_TERMINAL_PROMPT: "0", ...session.env }, timeout: 15_000 }, (err, stdout, stderr) =>
      err === null ? resolve(stdout) : reject(new Error(`${err.message}\n${stderr}`)),
    );
    child.stdin?.end(request);
  });
}

/** Speaks to the credential socket directly, as a process that found it would. */
function ask(socket: string, request: object): Promise<string> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socket, () => conn.write(`${JSON.stringify(request)}\n`));
    let reply = "";
    conn.on("data", (d: Buffer) => (reply += d.toString()));
    conn.on("close", () => resolve(reply));
    conn.on("error", reject);
  });
}

describe("the git credential channel", () => {
  let h: SecretsHarness;
  let session: GitCredentialSession | null = null;
  beforeEach(async () => {
    h = secretsHarness(
      workspacePolicy(`{ "push": { "hosts": ["git.example.com"], "paths": ["/acme/*"], "remotes": ["origin"], "apply": { "gitCredential": { "username": "x-access-token" } } } }`),
    );
    await h.manager.set("push", VALUE, { type: "human", id: "human:alice" });
  });
  afterEach(async () => {
    await session?.close();
    session = null;
    h.close();
  });

  test("real git gets the username and value through the helper, and the answer is recorded without the value", async () => {
    const plan = planGitCredential(h.manager, caller, "origin", URL_);
    assert.ok(plan !== null);
    session = await openGitCredential(h.manager, caller, plan, 7);
    assert.ok(!Object.values(session.env).some((v) => v.includes(VALUE)), "the value is in no environment variable");
    const out = await gitFill(session, "protocol=https\nhost=git.example.com\npath=acme/app.git\n\n");
    assert.match(out, /username=x-access-token\npassword=ghs_HelperAnswer_0123456789\n/);
    const uses = h.records("secret.use").map((r) => r.payload);
    assert.deepEqual(uses, [{ name: "push", agent: "pusher", requester: "human:alice", target: URL_, via: "git_push", remote: "origin", decisionSeq: 7 }]);
  });

  test("attack: git asking for another host or path gets nothing, and the attempt is recorded", async () => {
    const plan = planGitCredential(h.manager, caller, "origin", URL_);
    assert.ok(plan !== null);
    session = await openGitCredential(h.manager, caller, plan, 7);
    await assert.rejects(gitFill(session, "protocol=https\nhost=evil.example\npath=acme/app.git\n\n"), /could not read Username|terminal prompts disabled/);
    await assert.rejects(gitFill(session, "protocol=https\nhost=git.example.com\npath=acme/other.git\n\n"), /could not read Username|terminal prompts disabled/);
    const refused = h.records("secret.use").filter((r) => JSON.stringify(r.payload).includes("not the bound remote"));
    assert.equal(refused.length, 2);
  });

  test("attack: a process that finds the socket but not the token gets nothing; after the push the socket is gone", async () => {
    const plan = planGitCredential(h.manager, caller, "origin", URL_);
    assert.ok(plan !== null);
    session = await openGitCredential(h.manager, caller, plan, 7);
    const socket = session.env["WARDEN_CREDENTIAL_SOCKET"] ?? "";
    assert.equal((fs.statSync(socket).mode & 0o777).toString(8), "600");
    const reply = await ask(socket, { token: "00".repeat(32), protocol: "https", host: "git.example.com", path: "acme/app.git" });
    assert.doesNotMatch(reply, /password/);
    assert.match(reply, /not a request of this push/);
    await session.close();
    session = null;
    assert.equal(fs.existsSync(socket), false);
  });

  test("only a remote the binding names gets a plan; two secrets answering for one remote is an error", () => {
    assert.equal(planGitCredential(h.manager, caller, "fork", URL_), null);
    assert.equal(planGitCredential(h.manager, caller, "origin", "git@git.example.com:acme/app.git"), null, "ssh remotes are the SSH agent's business");
    assert.equal(planGitCredential(h.manager, caller, "origin", "https://user:pw@git.example.com/acme/app.git"), null, "a URL with user info is refused");
    h.policy = workspacePolicy(`{
      "a": { "hosts": ["git.example.com"], "apply": { "gitCredential": { "username": "a" } } },
      "b": { "hosts": ["git.example.com"], "apply": { "gitCredential": { "username": "b" } } }
    }`);
    assert.throws(() => planGitCredential(h.manager, caller, "origin", URL_), /secrets 'a' and 'b' are all bound as git credentials for remote origin/);
  });
});

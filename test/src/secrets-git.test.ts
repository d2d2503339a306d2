import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { WardenClient } from "../../protocol/src/client";
import { gitHttpServer } from "./helpers/git-http-server";
import { callText } from "./helpers/mcp-client";
import { SecretsAgent } from "./helpers/secrets-agent";
import { TempWarden } from "./helpers/warden-home";

const VALUE = "ghs_PushCredential_0123456789abcdef";
const git = (cwd: string, ...args: string[]): string =>
  execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-c", "init.defaultBranch=main", ...args], { cwd, encoding: "utf8" });

/**
 * git push over HTTP(S) with a secret bound as a git credential: real git, real
 * `git http-backend` behind Basic auth, the value in a real gnome-keyring. The
 * credential reaches git through Warden's helper, for the bound remote only.
 */
describe("git push gets a bound secret through Warden's credential helper, and only for its remote", () => {
  let fixture: SecretsAgent | undefined;
  const w = new TempWarden();
  let root = "";
  let workspace = "";
  let human: WardenClient;
  let agent: Client;
  let remote: Awaited<ReturnType<typeof gitHttpServer>>;

  before(async () => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-git-")));
    for (const name of ["remote.git", "other.git"]) {
      git(root, "init", "--bare", "-q", name);
      git(path.join(root, name), "config", "http.receivepack", "true");
    }
    remote = await gitHttpServer(root, `Basic ${Buffer.from(`x-access-token:${VALUE}`).toString("base64")}`);
    workspace = path.join(root, "ws");
    fs.mkdirSync(workspace);
    git(workspace, "init", "-q");
    fs.writeFileSync(path.join(workspace, "README.md"), "hello\n");
    git(workspace, "add", "README.md");
    git(workspace, "commit", "-q", "-m", "first");
    git(workspace, "remote", "add", "origin", `${remote.url}/remote.git`);
    git(workspace, "remote", "add", "other", `${remote.url}/other.git`);
    fs.mkdirSync(path.join(workspace, ".warden"));
    fs.writeFileSync(
      path.join(workspace, ".warden", "policy.json"),
      JSON.stringify({
        version: 1,
        rules: [
          { id: "push", action: "git.push", remotes: ["origin", "other"], decision: "allow" },
          { id: "secrets", action: "secret.use", decision: "allow" },
        ],
        secrets: {
          push_token: { hosts: ["127.0.0.1"], schemes: ["http"], paths: ["/remote.git"], remotes: ["origin"], apply: { gitCredential: { username: "x-access-token" } } },
        },
      }),
    );
    fixture = await SecretsAgent.start(w, { workspace, secret: { name: "push_token", value: VALUE }, agent: { name: "pusher", purpose: "git credential test" } });
    ({ human, agent } = fixture);
  });
  after(async () => {
    await fixture?.close();
    await remote.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test("the push to the bound remote authenticates with the value; the agent and the log see no value", async () => {
    const r = await callText(agent, "git_push", { remote: "origin", branch: "main" });
    assert.equal(r.isError, false, r.text);
    assert.match(r.text, /pushed main to origin/);
    assert.equal(git(path.join(root, "remote.git"), "rev-parse", "main").trim(), git(workspace, "rev-parse", "HEAD").trim());
    assert.ok(!r.text.includes(VALUE));
    const { records } = await human.request("audit/query", { filter: { kinds: ["secret.use"] } });
    assert.ok(records.length >= 1);
    assert.ok(records.every((x) => JSON.stringify(x.payload).includes('"via":"git_push"') && !JSON.stringify(x).includes(VALUE)));
    assert.deepEqual(fs.readdirSync(path.join(w.home, "gc")), [], "the credential socket is gone after the push");
  });

  test("attack: a push to another remote on the same server gets no credential", async () => {
    const before = remote.seen.length;
    const r = await callText(agent, "git_push", { remote: "other", branch: "main" });
    assert.equal(r.isError, true);
    assert.match(r.text, /rejected|could not read Username|Authentication failed|terminal prompts disabled/i);
    assert.ok(remote.seen.slice(before).every((auth) => auth === ""), "no request to the other repository carried a credential");
  });

  test("the repository's own credential helpers are not consulted: the configured helper list is cleared for the push", async () => {
    // Attack: a helper planted in the repository's config, run with the daemon's rights during a push.
    const marker = path.join(root, "helper-ran");
    git(workspace, "config", "credential.helper", `!touch ${marker}; echo`);
    const r = await callText(agent, "git_push", { remote: "origin", branch: "main" });
    assert.equal(r.isError, false, r.text);
    assert.equal(fs.existsSync(marker), false);
    git(workspace, "config", "--unset", "credential.helper");
  });
});

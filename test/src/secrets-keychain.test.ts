import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { WardenClient } from "../../protocol/src/client";
import { KeyringVault } from "../../daemon/src/secrets/keyring-vault";
import { KeyringSession } from "./helpers/keyring-session";
import { everythingIn } from "./helpers/state-files";
import { TempWarden } from "./helpers/warden-home";

const VALUE = "ghp_KeychainTestValue_0123456789";
const ROTATED = "ghp_RotatedValue_ABCDEFGHIJ_98765";

/**
 * `warden secret` against a real OS keychain: gnome-keyring in a private D-Bus
 * session, the daemon started with that session's address. The value is checked
 * in the keychain from outside Warden (secret-tool), and checked to be nowhere
 * in Warden's own state.
 */
describe("secrets live in the OS keychain and nowhere else", () => {
  let keyring: KeyringSession;
  const w = new TempWarden();
  let human: WardenClient;
  let service = "";

  before(async () => {
    keyring = await KeyringSession.start();
    Object.assign(w.env, keyring.env);
    await w.start();
    human = await w.connect();
    service = new KeyringVault(w.paths.home).service;
  });
  after(async () => {
    human.close();
    await w.cleanup();
    await keyring.stop();
  });

  test("set reads the value from stdin; it is in the keychain, and not in Warden's files or answers", async () => {
    const r = await w.cli(["secret", "set", "github_token", "--json"], { input: `${VALUE}\n` });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await keyring.lookup({ service, username: "github_token" }), VALUE, "the keychain holds the value (trailing newline dropped)");
    const list = await w.cli(["secret", "list", "--json"]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /"name":"github_token"/);
    assert.match(list.stdout, /"available":true/);
    for (const text of [r.stdout, r.stderr, list.stdout, list.stderr]) assert.ok(!text.includes(VALUE));
    const { records } = await human.request("audit/query", { filter: { kinds: ["secret.*"] } });
    assert.deepEqual(records.map((x) => [x.kind, x.payload]), [["secret.set", { name: "github_token" }]]);
    assert.equal(records[0]?.actor.type, "human");
    assert.ok(!everythingIn(w.home).includes(VALUE), "no file of Warden's state holds the value");
  });

  test("attack: a value given as an argument is refused before anything is stored", async () => {
    const r = await w.cli(["secret", "set", "argv_token", "ghp_InArgvWouldBeVisibleInPs_123"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /do not pass the value as an argument/);
    assert.equal(await keyring.lookup({ service, username: "argv_token" }), null);
  });

  test("set refuses an existing name; rotate replaces the value and is recorded; the old one is gone from the keychain", async () => {
    const again = await w.cli(["secret", "set", "github_token"], { input: "another-value-123" });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /exists; change its value with 'warden secret rotate github_token'/);
    assert.equal(await keyring.lookup({ service, username: "github_token" }), VALUE);
    const rot = await w.cli(["secret", "rotate", "github_token"], { input: ROTATED });
    assert.equal(rot.code, 0, rot.stderr);
    assert.match(rot.stdout, /rotation 1/);
    assert.equal(await keyring.lookup({ service, username: "github_token" }), ROTATED);
    const { records } = await human.request("audit/query", { filter: { kinds: ["secret.rotated"] } });
    assert.equal(records.length, 1);
    assert.ok(!everythingIn(w.home).includes(ROTATED));
  });

  test("values too short to redact, and empty input, are refused with what to do", async () => {
    const short = await w.cli(["secret", "set", "pin"], { input: "1234" });
    assert.equal(short.code, 2);
    assert.match(short.stderr, /at least 8 characters/);
    const empty = await w.cli(["secret", "set", "nothing"], { input: "" });
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /no value was given/);
  });

  test("the stored secret survives a daemon restart (the keychain, not memory, keeps it)", async () => {
    human.close();
    assert.equal((await w.cli(["daemon", "stop"])).code, 0);
    await w.start();
    human = await w.connect();
    const { secrets, keychain } = await human.request("secrets/list", {});
    assert.equal(keychain.available, true);
    assert.deepEqual(secrets.map((s) => s.secret.name), ["github_token"]);
    assert.equal(await keyring.lookup({ service, username: "github_token" }), ROTATED);
  });

  test("rm deletes it from the keychain and forgets the name", async () => {
    const r = await w.cli(["secret", "rm", "github_token"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await keyring.lookup({ service, username: "github_token" }), null);
    assert.deepEqual((await human.request("secrets/list", {})).secrets, []);
    const again = await w.cli(["secret", "rm", "github_token"]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /no secret named 'github_token'/);
  });

  test("a locked keyring: set fails with a plain message saying to unlock it, and nothing is stored", async () => {
    await keyring.lock();
    const r = await w.cli(["secret", "set", "while_locked"], { input: "locked-value-1234" });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the OS keychain is not available: the keyring is locked\. Unlock it/);
    assert.match(r.stderr, /Nothing was stored anywhere else/);
    const { secrets, keychain } = await human.request("secrets/list", {});
    assert.equal(keychain.available, false);
    assert.deepEqual(secrets, []);
    assert.ok(!everythingIn(w.home).includes("locked-value-1234"));
  });
});

describe("without a keychain, every secret command says so and stores nothing", () => {
  const w = new TempWarden();

  before(async () => {
    delete w.env["DBUS_SESSION_BUS_ADDRESS"];
    await w.start();
  });
  after(() => w.cleanup());

  test("secret set fails with the plain message and what to do; list shows the keychain as unavailable", async () => {
    const r = await w.cli(["secret", "set", "no_bus"], { input: "value-without-a-keychain" });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the OS keychain is not available: the daemon has no D-Bus session/);
    assert.match(r.stderr, /gnome-keyring-daemon --unlock --components=secrets/);
    const json = await w.cli(["secret", "set", "no_bus", "--json"], { input: "value-without-a-keychain" });
    assert.match(json.stdout, /"keychain":"unavailable"/);
    const list = await w.cli(["secret", "list"]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /keychain: NOT AVAILABLE — the daemon has no D-Bus session/);
    assert.ok(!everythingIn(w.home).includes("value-without-a-keychain"), "no plaintext fallback anywhere");
  });
});

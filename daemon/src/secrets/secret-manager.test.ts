import assert from "node:assert/strict";
import { afterEach, describe, test } from "node:test";
import { WardenError } from "../../../protocol/src/errors";
import { describeKeychainFailure } from "./keyring-vault";
import { SecretsHarness, secretsHarness } from "./test-support";
import { isKeychainError } from "./vault";

const alice = { type: "human" as const, id: "human:alice" };
const VALUE = "sk_live_0123456789abcdefXYZ";

describe("the secret manager", () => {
  let h: SecretsHarness;
  afterEach(() => h.close());

  test("set stores the value in the vault only, the name in the database, and records who without the value", async () => {
    h = secretsHarness();
    const info = await h.manager.set("stripe", VALUE, alice);
    assert.equal(info.name, "stripe");
    assert.equal(info.createdBy, "human:alice");
    assert.equal(h.vault.values.get("stripe"), VALUE);
    const records = h.records("secret.set");
    assert.deepEqual(records.map((r) => r.payload), [{ name: "stripe" }]);
    assert.ok(!JSON.stringify(h.records()).includes(VALUE));
    assert.equal(h.redactor.scrub(`x ${VALUE} y`), "x ${secret:stripe} y");
  });

  test("set refuses an existing name; rotate needs an existing one and keeps the old value redacted", async () => {
    h = secretsHarness();
    await h.manager.set("stripe", VALUE, alice);
    await assert.rejects(h.manager.set("stripe", "another-value-1", alice), (e: unknown) => e instanceof WardenError && e.code === "already_exists" && /warden secret rotate stripe/.test(e.message));
    assert.equal(h.vault.values.get("stripe"), VALUE, "the refused set changed nothing");
    await assert.rejects(h.manager.rotate("missing", "another-value-1", alice), /warden secret set missing/);
    const rotated = await h.manager.rotate("stripe", "sk_live_new_value_987654", alice);
    assert.equal(rotated.rotations, 1);
    assert.equal(await h.manager.value("stripe"), "sk_live_new_value_987654");
    assert.equal(h.redactor.scrub(`${VALUE} sk_live_new_value_987654`), "${secret:stripe} ${secret:stripe}");
    assert.equal(h.records("secret.rotated").length, 1);
  });

  test("an unreachable keychain: nothing is stored or recorded, the error says so, and the value is still redacted", async () => {
    h = secretsHarness();
    h.vault.unavailable = describeKeychainFailure("DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead", "linux");
    await assert.rejects(h.manager.set("stripe", VALUE, alice), (e: unknown) => isKeychainError(e) && /no D-Bus session/.test(e instanceof Error ? e.message : ""));
    assert.equal(h.manager.store.get("stripe"), null);
    assert.deepEqual(h.records("secret.set"), []);
    assert.equal(h.redactor.scrub(VALUE), "${secret:stripe}", "whatever the failure said, the value is scrubbed from it");
  });

  test("remove deletes from the vault and the database; removing nothing says so", async () => {
    h = secretsHarness();
    await h.manager.set("stripe", VALUE, alice);
    assert.equal(await h.manager.remove("stripe", alice), true);
    assert.equal(h.vault.values.has("stripe"), false);
    assert.equal(h.manager.store.get("stripe"), null);
    assert.equal(await h.manager.remove("stripe", alice), false);
    assert.equal(h.records("secret.removed").length, 1);
    assert.equal(h.redactor.scrub(VALUE), "${secret:stripe}", "a removed value stays redacted while the daemon runs");
  });

  test("load reads every stored value into the redactor and reports the ones the keychain lost", async () => {
    h = secretsHarness();
    await h.manager.set("a_secret", "first-value-12345", alice);
    await h.manager.set("b_secret", "second-value-12345", alice);
    h.vault.values.delete("b_secret");
    const fresh = secretsHarness();
    try {
      // A second daemon on the same database and keychain: it knows nothing until it loads.
      fresh.vault.values.set("a_secret", "first-value-12345");
      fresh.manager.store.insert("a_secret", new Date().toISOString(), "human:alice");
      fresh.manager.store.insert("b_secret", new Date().toISOString(), "human:alice");
      assert.equal(fresh.redactor.scrub("first-value-12345"), "first-value-12345");
      const loaded = await fresh.manager.load();
      assert.deepEqual(loaded, { loaded: 1, missing: ["b_secret"], problem: null });
      assert.equal(fresh.redactor.scrub("first-value-12345"), "${secret:a_secret}");
      await assert.rejects(fresh.manager.value("b_secret"), /no longer in the OS keychain.*warden secret rotate b_secret/);
      fresh.vault.unavailable = "the keyring is locked";
      const blocked = await fresh.manager.load();
      assert.match(blocked.problem ?? "", /the keyring is locked/);
    } finally {
      fresh.close();
    }
  });

  test("keychain failures become plain instructions", () => {
    assert.match(describeKeychainFailure("Couldn't access platform storage: Secret Service: unlock prompt was dismissed", "linux"), /the keyring is locked\. Unlock it/);
    assert.match(describeKeychainFailure("Platform failure: DBus error: Failed to connect to socket /run/user/1000/bus: No such file or directory", "linux"), /no D-Bus session/);
    assert.match(describeKeychainFailure("Couldn't access platform storage: Secret Service: no result found", "linux"), /no default keyring/);
    assert.match(describeKeychainFailure("org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files", "linux"), /no Secret Service runs/);
    assert.match(describeKeychainFailure("User interaction is not allowed", "darwin"), /keychain is unlocked/);
  });
});

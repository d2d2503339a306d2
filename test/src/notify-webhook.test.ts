import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhook } from "../../daemon/src/notify/webhook-signature";
import { NotifyRig, WebhookReceiver, newSigningKey, notifyRig, waitFor, writeSigningKey } from "./helpers/receivers";

function fieldsOf(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v)) : {};
}

/**
 * High-risk events to a signed webhook, through the real daemon: the receiver
 * verifies every delivery as a real one would, fails on command, and the daemon
 * shows the failure and retries until it gets through.
 */
describe("notify: a signed webhook gets high-risk events; failures are visible and retried", () => {
  const key = newSigningKey();
  let rig: NotifyRig;
  let receiver: WebhookReceiver;
  let keyFile = "";

  before(async () => {
    receiver = await WebhookReceiver.start(key);
    rig = await notifyRig((w) => {
      keyFile = writeSigningKey(w, key);
      return { channel: "#agent-incidents", retry: { initialMs: 200, maxMs: 1000 }, destinations: [{ id: "security-hook", type: "webhook", url: receiver.url(), signingKeyFile: keyFile }] };
    });
  });
  after(async () => {
    await rig.cleanup();
    await receiver.close();
  });

  const events = () => receiver.accepted().map(fieldsOf);

  test("a write to a protected file is denied, and the webhook receives it signed, with owner, channel and chain position", async () => {
    const r = await rig.protectedWrite();
    assert.equal(r.decision.decision, "deny");
    assert.equal(r.decision.rule, "builtin:protected-path");
    const event = await waitFor("the denial at the webhook", () => events().find((e) => e["seq"] === r.seq));
    assert.equal(event["category"], "protected-denial");
    assert.equal(event["severity"], "warning");
    assert.equal(event["agent"], "builder");
    assert.deepEqual(event["recipients"], { owner: "alice", channels: ["#agent-incidents"] });
    assert.match(String(event["summary"]), /builder.*denied file\.write \.vscode\/settings\.json by builtin:protected-path/);
    const [record] = (await rig.human.request("audit/query", { filter: { fromSeq: r.seq }, limit: 1 })).records;
    assert.equal(fieldsOf(event["record"])["hash"], record?.hash, "the event names its record's hash, to check against the log");
    const delivery = receiver.deliveries.find((d) => fieldsOf(d.event)["seq"] === r.seq);
    assert.equal(delivery?.verdict.ok, true);
    assert.equal(delivery?.headers[DELIVERY_HEADER], event["id"]);
  });

  test("attack: a tampered body, a replayed old delivery and a replayed recent one are all caught by the receiver", async () => {
    const original = receiver.deliveries.find((d) => d.verdict.ok);
    assert.ok(original !== undefined);
    const headers = { [TIMESTAMP_HEADER]: String(original.headers[TIMESTAMP_HEADER]), [SIGNATURE_HEADER]: String(original.headers[SIGNATURE_HEADER]), [DELIVERY_HEADER]: String(original.headers[DELIVERY_HEADER]), "content-type": "application/json" };
    const tampered = original.body.replace('"severity":"warning"', '"severity":"notice"');
    assert.notEqual(tampered, original.body);
    const bad = await fetch(receiver.url(), { method: "POST", headers, body: tampered });
    assert.equal(bad.status, 401);
    const refused = receiver.deliveries.at(-1);
    assert.equal(refused?.body, tampered);
    assert.match(refused?.verdict.ok === false ? refused.verdict.reason : "", /does not match the body/);
    const later = new Date(Date.now() + 10 * 60_000);
    assert.equal(verifyWebhook(key, headers, original.body, later).ok, false, "ten minutes later the same delivery is stale");
    const before = receiver.duplicates;
    const again = await fetch(receiver.url(), { method: "POST", headers, body: original.body });
    assert.equal(again.status, 200);
    assert.equal(receiver.duplicates, before + 1, "the receiver saw this delivery id before and drops it");
  });

  test("a receiver answering 500 shows as failing in notify status and daemon status; once it recovers the retry delivers", async () => {
    receiver.status = 500;
    const r = await rig.protectedWrite();
    await waitFor("a refused attempt", () => receiver.deliveries.some((d) => fieldsOf(d.event)["seq"] === r.seq && d.status === 500));
    const failing = await waitFor("notify/status to show the failure", async () => {
      const s = await rig.human.request("notify/status", {});
      return s.totals.failing > 0 ? s : null;
    });
    const [dest] = failing.destinations;
    assert.equal(dest?.name, "security-hook");
    assert.equal(dest?.target, receiver.url());
    assert.match(dest?.lastError ?? "", /HTTP 500/);
    assert.ok(((await rig.human.request("daemon/status", {})).notify?.failing ?? 0) > 0, "daemon/status shows it too");
    const cli = await rig.w.cli(["notify", "status"]);
    assert.equal(cli.code, 1, "notify status exits 1 while a delivery fails");
    assert.match(cli.stdout, /security-hook \(webhook .*FAILING after \d+ attempts?.*HTTP 500/);

    receiver.status = 200;
    await waitFor("the retry to get through", () => events().find((e) => e["seq"] === r.seq));
    await waitFor("nothing pending", async () => {
      const s = await rig.human.request("notify/status", {});
      return s.totals.pending === 0 && s.totals.failing === 0;
    });
    const attempts = receiver.deliveries.filter((d) => fieldsOf(d.event)["seq"] === r.seq);
    assert.ok(attempts.length >= 2);
    assert.equal(new Set(attempts.map((d) => d.headers[DELIVERY_HEADER])).size, 1, "every retry carries the same delivery id");
    const ok = await rig.w.cli(["notify", "status", "--json"]);
    assert.equal(ok.code, 0);
    assert.equal(fieldsOf(fieldsOf(JSON.parse(ok.stdout))["totals"])["failing"], 0);
  });

  test("attack: with the key file readable by others, nothing is sent unsigned; the failure names the fix", async () => {
    fs.chmodSync(keyFile, 0o644);
    try {
      const r = await rig.protectedWrite();
      const s = await waitFor("the key problem in notify/status", async () => {
        const st = await rig.human.request("notify/status", {});
        return st.destinations.find((d) => (d.lastError ?? "").includes("mode 0644"));
      });
      assert.match(s.lastError ?? "", /chmod 600/);
      assert.equal(receiver.deliveries.some((d) => fieldsOf(d.event)["seq"] === r.seq), false);
      fs.chmodSync(keyFile, 0o600);
      await waitFor("delivery once the key is safe again", () => events().find((e) => e["seq"] === r.seq));
    } finally {
      fs.chmodSync(keyFile, 0o600);
    }
  });

  test("warden notify test sends a test event; containing the agent sends a critical one", async () => {
    const t = await rig.w.cli(["notify", "test", "--workspace", rig.workspace, "--message", "checking", "--json"]);
    assert.equal(t.code, 0, t.stderr);
    const sent = fieldsOf(JSON.parse(t.stdout));
    assert.equal(sent["queued"], 1);
    const test = await waitFor("the test event", () => events().find((e) => e["seq"] === sent["seq"]));
    assert.equal(test["category"], "test");
    assert.match(String(test["summary"]), /test notification from human:.*checking/);
    const contained = await rig.human.request("agents/contain", { workspace: rig.workspace, name: "builder", reason: "suspicious pushes" });
    assert.equal(contained.agent.status, "contained");
    const event = await waitFor("the containment", () => events().find((e) => e["kind"] === "agent.contained"));
    assert.equal(event["category"], "containment");
    assert.equal(event["severity"], "critical");
    assert.deepEqual(fieldsOf(event["recipients"])["owner"], "alice");
    assert.match(String(event["summary"]), /builder' was contained by human:.*suspicious pushes/);
  });
});

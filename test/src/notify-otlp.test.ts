import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { NotifyRig, OtlpReceiver, freePort, notifyRig, waitFor } from "./helpers/receivers";

function obj(v: unknown): Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v)) : {};
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
/** attributes [{key, value: {stringValue|intValue}}] as a plain map. */
function attributes(v: unknown): Record<string, unknown> {
  return Object.fromEntries(arr(v).map((a) => [String(obj(a)["key"]), Object.values(obj(obj(a)["value"]))[0]]));
}

describe("notify: OpenTelemetry logs over OTLP/HTTP JSON, with a collector that is down at first and a daemon restart in between", () => {
  let rig: NotifyRig;
  let collector: OtlpReceiver | null = null;
  let port = 0;

  before(async () => {
    port = await freePort();
    rig = await notifyRig(() => ({ retry: { initialMs: 200, maxMs: 1000 }, destinations: [{ id: "otel", type: "otlp", endpoint: `http://127.0.0.1:${port}` }] }));
  });
  after(async () => {
    await rig.cleanup();
    await collector?.close();
  });

  test("while the collector is down, events queue and the failure is visible; they survive a restart and arrive when it comes up", async () => {
    const first = await rig.protectedWrite();
    const second = await rig.decide("Write", { file_path: ".git/hooks/pre-commit", content: "#!/bin/sh\n" });
    assert.equal(second.decision.rule, "builtin:protected-path");
    let last = "";
    const down = await waitFor("the refused connection in notify/status", async () => {
      const s = await rig.human.request("notify/status", {});
      last = JSON.stringify(s);
      return s.totals.failing === 2 ? s : null;
    }).catch((err: unknown) => {
      throw new Error(`${String(err)}; last status ${last}`);
    });
    assert.match(down.totals.lastError ?? "", /ECONNREFUSED/);
    assert.equal(down.destinations[0]?.target, `http://127.0.0.1:${port}/`);

    // The queue is on disk: a daemon restart in between loses nothing.
    assert.equal((await rig.w.cli(["daemon", "stop"])).code, 0);
    await rig.w.start();
    const client = await rig.w.connect();
    try {
      assert.equal((await client.request("notify/status", {})).totals.pending, 2);
      collector = await OtlpReceiver.start(port);
      await waitFor("the queue to drain", async () => (await client.request("notify/status", {})).totals.pending === 0);
    } finally {
      client.close();
    }
    const records = await waitFor("both log records at the collector", () => {
      const all = (collector?.requests ?? []).flatMap((r) => arr(obj(arr(obj(r.body)["resourceLogs"])[0])["scopeLogs"]).flatMap((s) => arr(obj(s)["logRecords"]).map(obj)));
      const seqs = all.map((l) => attributes(l["attributes"])["warden.seq"]);
      return seqs.includes(String(first.seq)) && seqs.includes(String(second.seq)) ? all : null;
    });
    const request = collector.requests[0];
    assert.equal(request?.path, "/v1/logs");
    assert.equal(request?.contentType, "application/json");
    const resourceLogs = obj(arr(obj(request?.body)["resourceLogs"])[0]);
    assert.equal(attributes(obj(resourceLogs["resource"])["attributes"])["service.name"], "warden");
    assert.equal(obj(obj(arr(resourceLogs["scopeLogs"])[0])["scope"])["name"], "warden.notify");
    const log = records.find((l) => attributes(l["attributes"])["warden.seq"] === String(first.seq));
    assert.ok(log !== undefined);
    assert.equal(log["severityNumber"], 13);
    assert.equal(log["severityText"], "WARN");
    assert.match(String(log["timeUnixNano"]), /^\d{19}$/, "64-bit times are decimal strings in OTLP JSON");
    assert.match(String(obj(log["body"])["stringValue"]), /denied file\.write \.vscode\/settings\.json/);
    const attrs = attributes(log["attributes"]);
    assert.equal(attrs["warden.category"], "protected-denial");
    assert.equal(attrs["warden.agent"], "builder");
    assert.equal(attrs["warden.owner"], "alice");
  });
});

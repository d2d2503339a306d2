import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { WardenClient } from "../../protocol/src/client";
import { collectEvents } from "./helpers/events";
import { TempWarden } from "./helpers/warden-home";


describe("event subscriptions over the socket", () => {
  const w = new TempWarden();
  let writer: WardenClient;
  before(async () => {
    await w.start();
    writer = await w.connect();
  });
  after(async () => {
    writer.close();
    await w.cleanup();
  });

  test("a backlog from fromSeq, then live records, filtered, with no gap and no duplicate", async () => {
    const first = await writer.request("audit/append", {
      events: Array.from({ length: 1000 }, (_, i) => ({ kind: i % 2 === 0 ? "test.even" : "test.odd", payload: { i } })),
    });
    const reader = await w.connect();
    const fromSeq = first.firstSeq + 100;
    const { subscription, backlog } = await reader.request("events/subscribe", { filter: { fromSeq, kinds: ["test.even"] } });
    assert.equal(backlog, first.lastSeq - fromSeq + 1);
    // Live appends while the backlog (in chunks) is still being sent.
    const live = writer.request("audit/append", { events: Array.from({ length: 300 }, (_, i) => ({ kind: "test.even", payload: { live: i } })) });
    const expected = (first.lastSeq - fromSeq + 1) / 2 + 300;
    const got = await collectEvents(reader, subscription, expected);
    await live;
    const seqs = got.map((r) => r.seq);
    assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), "in order");
    assert.equal(new Set(seqs).size, seqs.length, "no duplicates");
    assert.ok(got.every((r) => r.kind === "test.even" && r.seq >= fromSeq), "filtered");
    assert.equal(got.filter((r) => typeof r.payload === "object" && r.payload !== null && "live" in r.payload).length, 300, "every live record arrived");
    const { removed } = await reader.request("events/unsubscribe", { subscription });
    assert.equal(removed, true);
    reader.close();
  });

  test("an actor filter sees only that actor; other subscribers are unaffected", async () => {
    const a = await w.connect();
    const b = await w.connect();
    const human = (await a.request("events/subscribe", { filter: { actorType: "human", kinds: ["test.mark"] } })).subscription;
    const daemon = (await b.request("events/subscribe", { filter: { actorType: "daemon" } })).subscription;
    const gotHuman = collectEvents(a, human, 3);
    let daemonEvents = 0;
    b.onEvent(daemon, () => daemonEvents++);
    await writer.request("audit/append", { events: [1, 2, 3].map((n) => ({ kind: "test.mark", payload: { n } })) });
    assert.deepEqual((await gotHuman).map((r) => r.payload), [{ n: 1 }, { n: 2 }, { n: 3 }]);
    assert.equal(daemonEvents, 0);
    a.close();
    b.close();
  });
});

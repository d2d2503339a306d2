import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { WardenClient } from "../../protocol/src/client";
import { MAX_PAGE_BYTES } from "../../protocol/src/limits";
import { TempWarden } from "./helpers/warden-home";

const w = new TempWarden();
let client: WardenClient;

before(async () => {
  await w.start();
  client = await w.connect();
});
after(async () => {
  client.close();
  await w.cleanup();
});

test("a page of large records stops under the page budget and the rest follows from the last seq", async () => {
  const big = "x".repeat(300 * 1024);
  const first = await client.request("audit/append", { events: [{ kind: "test.big", payload: { n: 0, big } }] });
  for (let n = 1; n < 40; n++) await client.request("audit/append", { events: [{ kind: "test.big", payload: { n, big } }] });
  const page1 = await client.request("audit/query", { filter: { kinds: ["test.big"] }, limit: 100 });
  assert.ok(page1.records.length > 0 && page1.records.length < 40, `a partial page: ${page1.records.length}`);
  assert.ok(Buffer.byteLength(JSON.stringify(page1.records)) <= MAX_PAGE_BYTES + 400 * 1024);
  assert.equal(page1.records[0]?.seq, first.firstSeq);
  const last = page1.records.at(-1)?.seq ?? 0;
  const page2 = await client.request("audit/query", { filter: { kinds: ["test.big"], fromSeq: last + 1 }, limit: 100 });
  assert.equal(page1.records.length + page2.records.length, 40, "nothing lost between pages");
});

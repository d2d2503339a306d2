import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { approval } from "../test-support/builders";
import { record } from "../test-support/fake-daemon";
import { ApprovalsStore, readApprovalEvent } from "./approvals-store";

describe("approvals store", () => {
  test("newest first for the tree, oldest first for the panel; each request once", () => {
    const store = new ApprovalsStore();
    const [a, b, c] = [approval(), approval(), approval()];
    for (const x of [a, b, c, a]) store.add(x);
    assert.deepEqual(store.newestFirst().map((x) => x.id), [c.id, b.id, a.id]);
    assert.equal(store.oldest()?.id, a.id);
    assert.equal(store.oldest(new Set([a.id]))?.id, b.id);
    store.add(approval({ status: "denied" }));
    assert.equal(store.size, 3, "settled requests are never queued");
  });

  test("reset after a reconnect settles what vanished and adds what is new, in creation order", () => {
    const store = new ApprovalsStore();
    const [a, b, c] = [approval(), approval(), approval()];
    store.add(a);
    store.add(b);
    const settled: Array<[string, string | null]> = [];
    store.onDidSettle((s) => settled.push([s.id, s.status]));
    store.reset([c, b]);
    assert.deepEqual(settled, [[a.id, null]]);
    assert.deepEqual(store.newestFirst().map((x) => x.id), [c.id, b.id]);
  });

  test("reads approval events from audit records, ignoring malformed payloads", () => {
    assert.deepEqual(readApprovalEvent(record("approval.requested", { id: "apr_0123456789abcdef" })), { type: "requested", id: "apr_0123456789abcdef" });
    const answered = readApprovalEvent(record("approval.answered", { id: "apr_0123456789abcdef", status: "approved", reason: null }, { actor: { type: "human", id: "human:dev" } }));
    assert.deepEqual(answered, { type: "settled", settled: { id: "apr_0123456789abcdef", status: "approved", by: "human:dev", reason: null } });
    assert.equal(readApprovalEvent(record("approval.requested", { id: "../../etc" })), null);
    assert.equal(readApprovalEvent(record("approval.expired", "garbage")), null);
    assert.equal(readApprovalEvent(record("action.decided", {})), null);
  });
});

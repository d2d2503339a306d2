import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { WardenError } from "../../../protocol/src/errors";
import { settle } from "../test-support/fake-daemon";
import { WebviewChannel, WebviewPort } from "./webview-channel";

/** A webview that records what the host posts and lets the test speak as the page. */
class FakeWebview implements WebviewPort {
  posted: unknown[] = [];
  private listener: ((m: unknown) => void) | null = null;
  postMessage(message: unknown): PromiseLike<boolean> {
    this.posted.push(message);
    return Promise.resolve(true);
  }
  onDidReceiveMessage(listener: (m: unknown) => void) {
    this.listener = listener;
    return { dispose: () => (this.listener = null) };
  }
  say(message: unknown): void {
    this.listener?.(message);
  }
}

const chain = { type: "activity/chain", chain: { state: "unknown" } } as const;

describe("webview channel (host side)", () => {
  test("holds notifications until the page says ready, then delivers them in order; a reload asks for everything again", () => {
    const view = new FakeWebview();
    const channel = new WebviewChannel(view, {}, () => undefined);
    let readies = 0;
    channel.onDidBecomeReady(() => readies++);
    channel.notify(chain);
    channel.notify({ type: "connection", connection: { state: "connected", detail: "" } });
    assert.equal(view.posted.length, 0);
    view.say({ type: "ready" });
    assert.deepEqual(view.posted.map((m) => (typeof m === "object" && m !== null && "type" in m ? m.type : "?")), ["activity/chain", "connection"]);
    channel.markNotReady();
    channel.notify(chain);
    assert.equal(view.posted.length, 2);
    view.say({ type: "ready" });
    assert.equal(view.posted.length, 3);
    assert.equal(readies, 2);
  });

  test("every request gets a response or a typed error: unknown method, bad params, a failing handler", async () => {
    const view = new FakeWebview();
    const logged: string[] = [];
    new WebviewChannel(
      view,
      {
        "activity/detail": ({ seq }) => (seq === 13 ? Promise.reject(new WardenError("not_found", "no record #13")) : Promise.reject(new Error("boom"))),
        "approval/answer": ({ answer }) => Promise.resolve({ status: answer === "approve" ? "approved" : "denied" }),
      },
      (l) => logged.push(l),
    );
    view.say({ type: "ready" });
    view.say({ type: "request", id: 1, method: "approval/answer", params: { answer: "approve", scope: "once" } });
    view.say({ type: "request", id: 2, method: "approval/answer", params: { answer: "maybe", scope: "once" } });
    view.say({ type: "request", id: 3, method: "daemon/shutdown", params: {} });
    view.say({ type: "request", id: 4, method: "activity/detail", params: { seq: 13 } });
    view.say({ type: "request", id: 5, method: "activity/verify", params: {} });
    view.say({ type: "request", id: 6, method: "activity/detail", params: { seq: 14 } });
    await settle();
    const byId = new Map(view.posted.map((m) => [typeof m === "object" && m !== null && "id" in m ? m.id : -1, m]));
    assert.deepEqual(byId.get(1), { type: "response", id: 1, result: { status: "approved" } });
    assert.match(JSON.stringify(byId.get(2)), /"code":"invalid_params".*approval\/answer: answer/);
    assert.match(JSON.stringify(byId.get(3)), /"code":"unknown_method"/);
    assert.match(JSON.stringify(byId.get(4)), /"code":"not_found".*no record #13/);
    assert.match(JSON.stringify(byId.get(5)), /"code":"unknown_method".*does not handle/);
    assert.match(JSON.stringify(byId.get(6)), /"code":"internal".*boom/);
  });

  test("attack: malformed messages from the page (it shows agent-controlled text) are logged and dropped", async () => {
    const view = new FakeWebview();
    const logged: string[] = [];
    let called = 0;
    new WebviewChannel(view, { "approval/answer": () => (called++, Promise.resolve({ status: "approved" })) }, (l) => logged.push(l));
    view.say({ type: "ready" });
    for (const bad of [null, "approve", { type: "request", id: -1, method: "approval/answer", params: {} }, { type: "request", id: 1, method: "approval/answer", params: {}, extra: 1 }, { type: "eval", code: "x" }]) view.say(bad);
    await settle();
    assert.equal(called, 0);
    assert.equal(logged.length, 5);
    assert.equal(view.posted.length, 0);
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import { WardenError } from "../../protocol/src/errors";
import { connectDaemon } from "../../protocol/src/ws-transport";
import { rawUpgrade } from "./helpers/raw-ws";
import { TempWarden } from "./helpers/warden-home";

const isCode = (code: string) => (err: unknown) => err instanceof WardenError && err.code === code;

describe("daemon: who may connect", () => {
  const w = new TempWarden();
  let port = 0;

  before(async () => {
    await w.start(["--listen", "127.0.0.1:0"]);
    const status = await w.cli(["daemon", "status", "--json"]);
    const parsed: unknown = JSON.parse(status.stdout);
    const listen = typeof parsed === "object" && parsed !== null && "listen" in parsed ? parsed.listen : null;
    assert.equal(typeof listen, "string");
    port = Number(String(listen).split(":").pop());
    assert.ok(port > 0);
  });
  after(() => w.cleanup());

  test("the right token over the Unix socket works", async () => {
    const client = await w.connect();
    assert.deepEqual(await client.request("daemon/ping", {}), { pong: true });
    client.close();
  });

  test("attack: a connection without credentials is refused before any frame (HTTP 401)", async () => {
    const outcome = await rawUpgrade({ socketPath: w.paths.socket }, {});
    assert.equal(outcome.upgraded, false);
    assert.equal(!outcome.upgraded && outcome.status, 401);
    assert.match(!outcome.upgraded ? outcome.body : "", /no Authorization header/);
  });

  test("attack: a wrong token is refused with a typed error", async () => {
    await assert.rejects(connectDaemon({ socketPath: w.paths.socket }, { token: "A".repeat(43) }), isCode("unauthenticated"));
  });

  test("the right token over the TCP listener works without an Origin", async () => {
    const client = await connectDaemon({ url: `ws://127.0.0.1:${port}/` }, { token: w.token() });
    assert.deepEqual(await client.request("daemon/ping", {}), { pong: true });
    client.close();
  });

  test("attack: a TCP connection with Origin https://evil.example is refused even with the token (HTTP 403)", async () => {
    const outcome = await rawUpgrade({ host: "127.0.0.1", port }, { Authorization: `Bearer ${w.token()}`, Origin: "https://evil.example" });
    assert.equal(outcome.upgraded, false);
    assert.equal(!outcome.upgraded && outcome.status, 403);
    assert.match(!outcome.upgraded ? outcome.body : "", /browsers/);
  });

  test("attack: DNS rebinding (Host: evil.example) is refused on TCP", async () => {
    const outcome = await rawUpgrade({ host: "127.0.0.1", port }, { Authorization: `Bearer ${w.token()}`, Host: `evil.example:${port}` });
    assert.equal(outcome.upgraded, false);
    assert.equal(!outcome.upgraded && outcome.status, 403);
  });

  test("attack: the TCP listener without a token is refused", async () => {
    const outcome = await rawUpgrade({ host: "127.0.0.1", port }, {});
    assert.equal(!outcome.upgraded && outcome.status, 401);
  });

  test("plain HTTP requests get 426 and no data", async () => {
    const res = await fetch(`http://127.0.0.1:${port}/`);
    assert.equal(res.status, 426);
  });

  test("refused connections are recorded in the audit log", async () => {
    const client = await w.connect();
    const { records } = await client.request("audit/query", { filter: { kinds: ["daemon.connection_refused"] }, limit: 100 });
    client.close();
    assert.ok(records.length >= 4, `expected refusals in the log, got ${records.length}`);
    assert.ok(records.some((r) => JSON.stringify(r.payload).includes("https://evil.example")));
  });

  test("the state directory, socket, token and database are owner-only", () => {
    for (const [p, mode] of [
      [w.paths.home, 0o700],
      [w.paths.token, 0o600],
      [w.paths.socket, 0o600],
      [w.paths.db, 0o600],
    ] as const) {
      assert.equal(fs.statSync(p).mode & 0o777, mode, p);
    }
  });
});

describe("daemon: refusing to start insecurely", () => {
  test("attack: a token file with loose permissions stops the daemon from starting, with the fix named", async () => {
    const w = new TempWarden();
    try {
      await w.start();
      await w.cli(["daemon", "stop"]);
      fs.chmodSync(w.paths.token, 0o644);
      const r = await w.cli(["daemon", "start"]);
      assert.equal(r.code, 6);
      assert.match(r.stderr, /^warden: .*auth-token has mode 0644: other users can access it\. Fix: rm /m);
      assert.equal(fs.existsSync(w.paths.pidFile), false, "no daemon is left running");
      // Clients refuse the exposed token too, rather than use it.
      assert.equal((await w.cli(["daemon", "status"])).code, 6);
    } finally {
      await w.cleanup();
    }
  });

  test("attack: a non-loopback --listen is refused before anything starts", async () => {
    const w = new TempWarden();
    try {
      for (const spec of ["0.0.0.0:7878", "192.168.1.5:7878", "[::]:7878"]) {
        const r = await w.cli(["daemon", "start", "--listen", spec]);
        assert.equal(r.code, 2, spec);
        assert.match(r.stderr, /not a loopback address/);
        assert.equal(r.stderr.trim().split("\n").length, 1, "one-line error");
      }
      assert.equal(fs.existsSync(w.paths.pidFile), false);
    } finally {
      await w.cleanup();
    }
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { TempWarden } from "../../helpers/warden-home";
import { AgentFixture, isAllowed } from "../agent-fixture";

/**
 * The clock jumps (issue 9). The daemon runs under libfaketime (Debian's `faketime`
 * package, scripts/install-hardening.sh), its offset read from a file the test rewrites,
 * so the daemon's wall clock jumps while it runs; the monotonic clock is left alone, as
 * a real jump leaves it. No hook in the daemon: this is the clock the OS gives it.
 * - forward past a token's expiry: the token is refused (token_expired, audited);
 * - back again: the expired token stays refused (a clock set back must not revive it),
 *   and a token issued now still works;
 * - a daemon restarted while the clock is back keeps refusing it: the latest time
 *   seen is carried in the audit records' times (see TrustedClock).
 */
const LIBFAKETIME = ["/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1", "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1", "/usr/lib/faketime/libfaketime.so.1"];

describe("clock jumps: tokens are judged against time that does not run backwards", () => {
  const w = new TempWarden();
  const fx = new AgentFixture(w);
  const offsetDir = fs.mkdtempSync(path.join(os.tmpdir(), "wd-clock-"));
  const offsetFile = path.join(offsetDir, "faketime");

  /** Sets the daemon's clock offset (libfaketime syntax: "+2h", "-1d", "+0"); read on the daemon's next clock call. */
  const setClock = (offset: string): void => {
    // Written whole, then renamed into place: libfaketime never reads a half-written offset.
    fs.writeFileSync(`${offsetFile}.new`, `${offset}\n`);
    fs.renameSync(`${offsetFile}.new`, offsetFile);
  };

  before(async () => {
    const lib = LIBFAKETIME.find((candidate) => fs.existsSync(candidate));
    if (lib === undefined) assert.fail(`libfaketime is not installed (looked in ${LIBFAKETIME.join(", ")}); run scripts/install-hardening.sh (apt package faketime)`);
    fs.writeFileSync(offsetFile, "+0\n");
    Object.assign(w.env, {
      LD_PRELOAD: lib,
      FAKETIME_TIMESTAMP_FILE: offsetFile,
      // Re-read on every call: its cache interval is kept per process and not reliably honoured here.
      FAKETIME_NO_CACHE: "1",
      FAKETIME_DONT_FAKE_MONOTONIC: "1",
    });
    await fx.start("10m");
  });

  after(async () => {
    await fx.close();
    fs.rmSync(offsetDir, { recursive: true, force: true });
  });

  test("the daemon really runs on the shifted clock", async () => {
    // Forward (a backward jump is not visible in the records: they carry on from the latest time).
    // One hour, short of the 2 h jump below, so the next test's token can still expire.
    setClock("+1h");
    const before = await fx.headSeq();
    // The fixture's 10-minute token has just expired; one issued on the new clock works.
    const reply = await fx.bash("git status", await fx.issue("10m"));
    assert.ok(isAllowed(reply), JSON.stringify(reply));
    const recorded = (await fx.decisions(before))[0];
    assert.ok(recorded !== undefined, "the decision is recorded");
    const { records } = await fx.client().request("audit/query", { filter: { fromSeq: recorded.seq }, limit: 1 });
    const skew = Date.parse(records[0]?.ts ?? "") - Date.now();
    console.log(`clock: the daemon's audit records run ${(skew / 3_600_000).toFixed(2)} h off the test's clock`);
    assert.ok(skew > 0.9 * 3_600_000 && skew < 1.1 * 3_600_000, `the daemon's records are not an hour ahead (skew ${skew} ms)`);
    setClock("+0");
  });

  test("forward past expiry refuses the token; back again does not revive it", async () => {
    const token = await fx.issue("10m");
    const first = await fx.bash("git status", token);
    assert.ok(isAllowed(first), `a fresh token works: ${JSON.stringify(first)}`);

    // Attack surface: a token kept after its expiry. The clock moves forward past it.
    setClock("+2h");
    const expired = await fx.bash("git status", token);
    assert.equal(expired.status, 401, `past expiry: ${JSON.stringify(expired)}`);
    assert.match(expired.reason, /token_expired/);

    // Attack: set the clock back (or wait for an NTP step back) and replay the expired token.
    for (const offset of ["+0", "-1d"]) {
      setClock(offset);
      const replayed = await fx.bash("git status", token);
      assert.equal(replayed.status, 401, `clock set back to ${offset}, the expired token came back to life: ${JSON.stringify(replayed)}`);
      assert.match(replayed.reason, /token_expired/);
    }

    // With the clock still back, a token issued now works: the fix must not brick issuance.
    const fresh = await fx.issue("10m");
    assert.ok(isAllowed(await fx.bash("git status", fresh)), "a token issued after the jump back works");

    // A daemon restarted while the clock is back still knows how late it has been.
    fx.client().close();
    const stopped = await w.cli(["daemon", "stop"]);
    assert.equal(stopped.code, 0, stopped.stderr);
    await w.start(["--listen", "127.0.0.1:0"]);
    await fx.reconnect();
    const afterRestart = await fx.bash("git status", token);
    assert.equal(afterRestart.status, 401, `after a restart with the clock back, the expired token came back to life: ${JSON.stringify(afterRestart)}`);
    const { records } = await fx.client().request("audit/query", { filter: { kinds: ["token.refused"] }, limit: 100 });
    const codes = records.map((r) => (typeof r.payload === "object" && r.payload !== null && !Array.isArray(r.payload) ? r.payload["code"] : null));
    assert.ok(codes.filter((c) => c === "token_expired").length >= 3, `the refusals are audited with their reason: ${JSON.stringify(codes)}`);
    setClock("+0");
  });
});

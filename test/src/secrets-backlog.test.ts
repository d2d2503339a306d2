import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { WardenClient } from "../../protocol/src/client";
import { KeyringSession } from "./helpers/keyring-session";
import { collectEvents } from "./helpers/events";
import { TempWarden } from "./helpers/warden-home";

const VALUE = "wdn-backlog_Leaked-Value_0123456789";


/**
 * A value that reached the audit log before anyone stored it as a secret (pasted in a
 * note, echoed by a command) stays in the database: the log is never edited. Once it
 * is a secret, no client may read it back, whichever way it reads the log: a query
 * page, or a subscription's backlog (which the editor's activity log uses).
 */
describe("records written before a value became a secret are scrubbed on every way out", () => {
  let keyring: KeyringSession;
  const w = new TempWarden();
  let human: WardenClient;
  let noteSeq = 0;

  before(async () => {
    keyring = await KeyringSession.start();
    Object.assign(w.env, keyring.env);
    await w.start();
    human = await w.connect();
    const appended = await human.request("audit/append", { events: [{ kind: "test.note", payload: { text: `deploy key is ${VALUE}, rotate it` } }] });
    noteSeq = appended.firstSeq;
    const set = await w.cli(["secret", "set", "deploy_key"], { input: VALUE });
    assert.equal(set.code, 0, set.stderr);
  });
  after(async () => {
    human.close();
    await w.cleanup();
    await keyring.stop();
  });

  test("the value is in the database, as written (the test's premise)", async () => {
    const verify = await w.cli(["audit", "export", "--format", "jsonl"]);
    // The CLI reads the file directly, as a human with the file can: only the daemon's answers are scrubbed.
    assert.ok(verify.stdout.includes(VALUE), "the note holds the value in the log file");
  });

  test("attack: reading it back through audit/query gets the redacted record", async () => {
    const { records } = await human.request("audit/query", { filter: { fromSeq: noteSeq }, limit: 10 });
    const note = records.find((r) => r.seq === noteSeq);
    assert.ok(note !== undefined);
    assert.ok(!JSON.stringify(records).includes(VALUE), JSON.stringify(note));
    assert.match(JSON.stringify(note.payload), /deploy key is .+, rotate it/);
  });

  test("attack: reading it back through a subscription's backlog gets the redacted record", async () => {
    const reader = await w.connect();
    try {
      const { subscription, backlog } = await reader.request("events/subscribe", { filter: { fromSeq: noteSeq } });
      assert.ok(backlog >= 2, `the backlog holds the note and what followed (${backlog})`);
      const got = await collectEvents(reader, subscription, backlog);
      const note = got.find((r) => r.seq === noteSeq);
      assert.ok(note !== undefined, "the note arrives in the backlog");
      assert.ok(!JSON.stringify(got).includes(VALUE), `the backlog carries the value: ${JSON.stringify(note)}`);
      assert.match(JSON.stringify(note.payload), /deploy key is .+, rotate it/);
    } finally {
      reader.close();
    }
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Harness, harness } from "./test-support";

/**
 * Issue 17: the broker's own run_command leaked files through input redirects. It is
 * decided by the same shell analysis as the gate; the human here refuses every ask.
 */
describe("broker run_command reads", () => {
  let h: Harness;
  const call = (command: string) => h.broker.call(h.caller, h.workspace, "run_command", { command });

  before(async () => {
    h = await harness(`[
      { "id": "read-ws", "action": "file.read", "paths": ["**"], "decision": "allow" },
      { "id": "secrets", "action": "file.read", "paths": ["**/.env"], "decision": "ask" },
      { "id": "cmds", "action": "shell.exec", "commands": [{ "program": "cat" }, { "program": "date" }], "decision": "allow" }
    ]`, "ask");
    h.mediator.answer = () => false;
    fs.writeFileSync(path.join(h.workspace, ".env"), "TOKEN=broker-secret-4242\n");
    fs.writeFileSync(path.join(h.workspace, "notes.txt"), "plain notes\n");
    fs.writeFileSync(path.join(h.wardenHome, "auth-token"), "daemon-token-9191\n");
  });
  after(() => h.close());

  test("attack: `cat < .env`, `$(<.env)` and `date -f` of the daemon's token do not run; benign twin: the same of a notes file", async () => {
    for (const command of ["cat < .env", 'cat <<< "$(<.env)"', `date -f ${h.wardenHome}/auth-token`, "date -f .env"]) {
      const r = await call(command);
      assert.equal(r.isError, true, command);
      assert.doesNotMatch(r.text, /broker-secret-4242|daemon-token-9191/, command);
    }
    const ok = await call("cat < notes.txt");
    assert.equal(ok.isError, false, ok.text);
    assert.match(ok.text, /plain notes/);
  });
});

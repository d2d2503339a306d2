import assert from "node:assert/strict";
import { test } from "node:test";
import { Notification } from "./notification";
import { SD_ID, escapeParam, formatSyslog, octetCounted } from "./syslog-format";

const n: Notification = {
  id: "ntf_7_0123456789abcdef",
  seq: 7,
  ts: "2026-03-01T12:00:00.123Z",
  kind: "agent.contained",
  category: "containment",
  severity: "critical",
  summary: "agent 'builder' was contained by human:alice: ünïcode",
  workspace: '/projects/app"] [evil@1 x="y',
  agent: "builder",
  actor: "human:alice",
  recipients: { owner: "alice", channels: ["#incidents"] },
  record: { seq: 7, hash: "a".repeat(64), prevHash: "b".repeat(64) },
  payload: { agent: "builder" },
  payloadOmitted: false,
};

test("RFC 5424 header: PRI from facility and severity, version 1, timestamp, host, app, procid, msgid", () => {
  const line = formatSyslog(n, { facility: "authpriv", hostname: "dev box", appName: "warden", procId: 42 });
  // authpriv (10) * 8 + critical (2) = 82; spaces are not allowed in HOSTNAME.
  assert.ok(line.startsWith("<82>1 2026-03-01T12:00:00.123Z devbox warden 42 containment [warden@32473 "), line);
  assert.equal(formatSyslog({ ...n, severity: "warning" }, { facility: "local0", hostname: "", appName: "w", procId: 1 }).slice(0, 7), "<132>1 ");
  assert.match(formatSyslog(n, { facility: "user", hostname: "", appName: "w", procId: 1 }), /^<10>1 \S+ - w 1 /);
});

test("attack: agent-controlled values cannot close the structured data element or add one", () => {
  const line = formatSyslog(n, { facility: "authpriv", hostname: "h", appName: "warden", procId: 1 });
  assert.equal(escapeParam('a"]\\b'), 'a\\"\\]\\\\b');
  assert.ok(line.includes('workspace="/projects/app\\"\\] [evil@1 x=\\"y"'), line);
  // Exactly one SD element: everything between its brackets is escaped.
  const sd = line.slice(line.indexOf(`[${SD_ID}`));
  const end = /[^\\]\]/.exec(sd);
  assert.ok(end !== null);
  assert.ok(sd.slice(end.index + 2).startsWith(" \ufeff{"), "the MSG (BOM and JSON) follows the one SD element");
});

test("the message is the notification as JSON after a UTF-8 BOM", () => {
  const line = formatSyslog(n, { facility: "authpriv", hostname: "h", appName: "warden", procId: 1 });
  const msg = line.slice(line.indexOf("\ufeff") + 1);
  assert.deepEqual(JSON.parse(msg), n);
});

test("octet counting counts bytes, not characters", () => {
  const frame = octetCounted("ü");
  assert.equal(frame.toString("utf8"), "2 ü");
});

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { NotifyRig, SyslogCollector, notifyRig, waitFor } from "./helpers/receivers";

/** `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID [SD] BOM MSG`, as a collector parses it. */
const RFC5424 = /^<(\d{1,3})>1 (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?Z) ([!-~]{1,255}) ([!-~]{1,48}) ([!-~]{1,128}) ([!-~]{1,32}) (\[warden@32473(?: [a-z]+="(?:[^"\\\]]|\\["\\\]])*")*\]) \ufeff(\{.*\})$/s;

function parse(line: string) {
  const m = RFC5424.exec(line);
  assert.ok(m !== null, `not an RFC 5424 message: ${line.slice(0, 200)}`);
  const event: unknown = JSON.parse(m[8] ?? "");
  return { pri: Number(m[1]), ts: m[2], host: m[3], app: m[4], procId: m[5], msgId: m[6], sd: m[7] ?? "", event: typeof event === "object" && event !== null ? Object.fromEntries(Object.entries(event)) : {} };
}

describe("notify: syslog collectors over UDP and TCP (octet counting) get RFC 5424 messages", () => {
  let rig: NotifyRig;
  let udp: SyslogCollector;
  let tcp: SyslogCollector;

  before(async () => {
    udp = await SyslogCollector.udp();
    tcp = await SyslogCollector.tcp();
    rig = await notifyRig(() => ({
      retry: { initialMs: 200, maxMs: 1000 },
      destinations: [
        { id: "siem-udp", type: "syslog", transport: "udp", host: "127.0.0.1", port: udp.port },
        { id: "siem-tcp", type: "syslog", transport: "tcp", host: "127.0.0.1", port: tcp.port, facility: "local3", appName: "warden-ci" },
      ],
    }));
  });
  after(async () => {
    await rig.cleanup();
    await udp.close();
    await tcp.close();
  });

  test("a protected-path denial reaches both collectors, well-formed, with its seq and hash in the structured data", async () => {
    const r = await rig.protectedWrite();
    const [record] = (await rig.human.request("audit/query", { filter: { fromSeq: r.seq }, limit: 1 })).records;
    const fromUdp = parse(await waitFor("the UDP message", () => udp.messages.find((m) => m.includes(`seq="${r.seq}"`))));
    // authpriv (10) * 8 + warning (4)
    assert.equal(fromUdp.pri, 84);
    assert.equal(fromUdp.app, "warden");
    assert.equal(fromUdp.msgId, "protected-denial");
    assert.match(fromUdp.sd, new RegExp(`hash="${record?.hash ?? "?"}"`));
    assert.match(fromUdp.sd, /agent="builder" owner="alice"/);
    assert.equal(fromUdp.event["seq"], r.seq);
    const fromTcp = parse(await waitFor("the TCP frame", () => tcp.messages.find((m) => m.includes(`seq="${r.seq}"`))));
    // local3 (19) * 8 + warning (4)
    assert.equal(fromTcp.pri, 156);
    assert.equal(fromTcp.app, "warden-ci");
    // The same event; each destination has its own delivery id.
    assert.deepEqual({ ...fromTcp.event, id: null }, { ...fromUdp.event, id: null });
    assert.notEqual(fromTcp.event["id"], fromUdp.event["id"]);
    assert.equal(tcp.garbage, 0, "every byte on the TCP stream was part of an octet-counted frame");
  });

  test("several events on TCP arrive as separate frames, in order", async () => {
    const seqs: number[] = [];
    for (let i = 0; i < 3; i++) seqs.push((await rig.decide("Write", { file_path: `.claude/settings-${i}.json`, content: "{}" })).seq);
    const frames = await waitFor("three frames", () => {
      const found = seqs.map((s) => tcp.messages.findIndex((m) => m.includes(`seq="${s}"`)));
      return found.every((i) => i >= 0) ? found : null;
    });
    assert.deepEqual([...frames].sort((a, b) => a - b), frames, "in the order of the log");
    for (const i of frames) assert.equal(parse(tcp.messages[i] ?? "").msgId, "protected-denial");
  });
});

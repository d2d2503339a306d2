// Runs every SSRF trick in test/corpora/payloads/ssrf/ through parseHttpTarget. The judge of what is
// internal is deliberately independent of the code under test: Node's WHATWG URL decodes the target and
// net.BlockList decides whether the address is internal, so a bug in our classifier cannot hide itself.

import assert from "node:assert/strict";
import net from "node:net";
import path from "node:path";
import { test } from "node:test";
import { corpusFiles, corpusText } from "../../test-corpora";
import { needsExplicitRule, parseHttpTarget } from "./index";

const CORPUS_DIR = "payloads/ssrf";

// Loopback, private (RFC 1918, CGNAT, ULA), link-local (which holds the metadata addresses), "this network",
// and 192.0.0.0/24 (Oracle's metadata address). IPv4-mapped IPv6 is matched against the IPv4 rules by BlockList.
const INTERNAL_V4: readonly (readonly [string, number])[] = [["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.168.0.0", 16], ["192.0.0.0", 24]];
const INTERNAL_V6: readonly (readonly [string, number])[] = [["::", 128], ["::1", 128], ["fc00::", 7], ["fe80::", 10]];
const INTERNAL = new net.BlockList();
for (const [base, bits] of INTERNAL_V4) INTERNAL.addSubnet(base, bits, "ipv4");
for (const [base, bits] of INTERNAL_V6) INTERNAL.addSubnet(base, bits, "ipv6");
const INTERNAL_NAMES = /^(localhost|ip6-localhost|ip6-loopback|metadata|instance-data)$|\.(localhost|internal)$/;

/** The oracle: does this decoded target (URL, bare host or bare IP) point inside the machine or network? */
function isInternalTarget(target: string): boolean {
  const bare = target.replace(/^\[(.*)\]$/, "$1");
  if (net.isIP(bare) !== 0) return INTERNAL.check(bare, net.isIPv6(bare) ? "ipv6" : "ipv4");
  let host: string;
  try {
    host = new URL(target.includes("://") ? target : `http://${target}`).hostname;
  } catch {
    return false;
  }
  const ip = host.replace(/^\[(.*)\]$/, "$1");
  if (net.isIP(ip) !== 0) return INTERNAL.check(ip, net.isIPv6(ip) ? "ipv6" : "ipv4");
  return INTERNAL_NAMES.test(host.replace(/\.$/, ""));
}

type Payload = { file: string; line: number; payload: string; annotated: string };

function readLines(file: string): string[] {
  return corpusText(file).split(/\r?\n/);
}

/** Reads a .tsv (header: payload, section, annotated_target) into payload → annotated target. */
function readAnnotations(file: string): Map<string, string> {
  const [header = "", ...rows] = readLines(file);
  const columns = header.split("\t");
  const payloadAt = columns.indexOf("payload");
  const targetAt = columns.indexOf("annotated_target");
  assert.ok(payloadAt >= 0 && targetAt >= 0, `${file}: header must name 'payload' and 'annotated_target', got '${header}'`);
  const map = new Map<string, string>();
  for (const row of rows) {
    if (row === "") continue;
    const cells = row.split("\t");
    map.set(cells[payloadAt] ?? "", cells[targetAt] ?? "");
  }
  return map;
}

function loadCorpus(): Payload[] {
  const tsvs = new Set(corpusFiles(CORPUS_DIR, ".tsv"));
  const names = corpusFiles(CORPUS_DIR, ".txt");
  const payloads: Payload[] = [];
  for (const file of names) {
    const tsv = file.replace(/\.txt$/, ".tsv");
    const annotations = tsvs.has(tsv) ? readAnnotations(tsv) : new Map<string, string>();
    for (const [i, payload] of readLines(file).entries()) {
      if (payload !== "") payloads.push({ file: path.basename(file), line: i + 1, payload, annotated: annotations.get(payload) ?? "" });
    }
  }
  assert.ok(payloads.length > 0, `no payload lines found in ${CORPUS_DIR} (files: ${names.join(", ")})`);
  return payloads;
}

test("SSRF corpus: no internal target comes out classified public or dns", () => {
  const payloads = loadCorpus();
  let rejected = 0;
  const acceptedInternal: string[] = [];
  const acceptedPublic: string[] = [];
  const leaks: string[] = [];
  let oracleInternal = 0;
  for (const p of payloads) {
    // Judge both what the corpus says the trick decodes to and what the payload itself reaches.
    const internal = (p.annotated !== "" && isInternalTarget(p.annotated)) || isInternalTarget(p.payload);
    if (internal) oracleInternal += 1;
    const target = parseHttpTarget(p.payload);
    if (!target.ok) {
      rejected += 1;
      continue;
    }
    const where = `${p.file}:${p.line} ${JSON.stringify(p.payload)} → ${target.url} (${target.addressClass})`;
    if (needsExplicitRule(target)) {
      acceptedInternal.push(where);
      continue;
    }
    acceptedPublic.push(where);
    if (internal) leaks.push(`${where}; annotated target ${JSON.stringify(p.annotated)}`);
  }
  console.log(`SSRF corpus: ${payloads.length} payloads, ${rejected} rejected, ${acceptedInternal.length} accepted as internal, ${acceptedPublic.length} accepted as public/dns; the independent oracle calls ${oracleInternal} internal`);
  console.log(`accepted as public/dns (check by eye):\n  ${acceptedPublic.join("\n  ")}`);
  assert.equal(rejected + acceptedInternal.length + acceptedPublic.length, payloads.length);
  assert.deepEqual(leaks, [], `internal targets classified public/dns:\n${leaks.join("\n")}`);
});

test("SSRF corpus: every annotated internal target is itself refused or needs a rule", () => {
  // The decoded forms ("http://127.0.0.1", "::1") must be caught too, not only their encodings.
  for (const p of loadCorpus()) {
    if (p.annotated === "" || !isInternalTarget(p.annotated)) continue;
    const bare = p.annotated.replace(/^\[(.*)\]$/, "$1");
    const url = net.isIPv6(bare) ? `http://[${bare}]/` : p.annotated.includes("://") ? p.annotated : `http://${p.annotated}/`;
    const target = parseHttpTarget(url);
    assert.ok(!target.ok || needsExplicitRule(target), `${p.file}:${p.line} annotated ${p.annotated} → ${JSON.stringify(target)}`);
  }
});

test("SSRF corpus: public URLs still parse", () => {
  for (const url of ["https://api.github.com/repos/a/b", "http://example.com:8080/x?y=1", "https://xn--bcher-kva.example/"]) {
    const target = parseHttpTarget(url);
    assert.ok(target.ok && !needsExplicitRule(target), `${url} → ${JSON.stringify(target)}`);
  }
});

// Inputs built to trigger super-linear regex behaviour (long runs that almost
// match, repeated prefixes, unterminated blocks) must still scan in linear-ish
// time: a scanner on an agent's write path cannot be made to hang by a file.
import assert from "node:assert/strict";
import { test } from "node:test";
import { detectSecrets } from "./detect-secrets";
import { TokenFactory } from "./token-fixtures";

const MIB = 1024 * 1024;
// Generous: the scanner does ~100 MiB/s on ordinary text; this only catches blow-ups.
// Counted in CPU time, not wall clock: a loaded machine stretches the wall clock of a
// scan by however many other processes share the cores, while super-linear backtracking
// multiplies the CPU the scan itself uses, which is what this test is about.
const MAX_CPU_MS_PER_MIB = 1500;

const f = new TokenFactory(5);
const cases: Array<[string, string]> = [
  ["one long word", "a".repeat(MIB)],
  // A keyword at every position: "A"×21 is the Twitter bearer prefix, "pass" a credential word.
  ["keyword at every position", "A".repeat(MIB)],
  ["credential words back to back", "pass".repeat(MIB / 4)],
  ["dots seven apart", "abcdefg.".repeat(MIB / 8)],
  ["one long base64 line", f.chars(MIB)],
  ["separators only", "=:".repeat(MIB / 2)],
  ["key= repeated", "password=".repeat(MIB / 9)],
  ["unterminated private keys", "-----BEGIN RSA PRIVATE KEY-----\n".repeat(MIB / 32)],
  ["JWT-like prefixes", "eyJhbGciOiJIUzI1NiJ9.eyJ".repeat(MIB / 24)],
  ["slack prefixes", "xoxb-1234567890-".repeat(MIB / 16)],
  ["URL userinfo without host", `postgres://${"u:p".repeat(MIB / 3)}`],
  ["hex runs with -us", `${"0123456789abcdef".repeat(4)}-us`.repeat(MIB / 67)],
  ["xml open tags", "<password>".repeat(MIB / 10)],
  ["flags", " --token ".repeat(MIB / 9)],
];

for (const [name, text] of cases) {
  test(`adversarial input stays fast: ${name}`, () => {
    const before = process.cpuUsage();
    detectSecrets(text);
    const used = process.cpuUsage(before);
    const ms = (used.user + used.system) / 1000;
    assert.ok(ms < (MAX_CPU_MS_PER_MIB * text.length) / MIB, `${name}: ${ms.toFixed(0)} ms of CPU for ${(text.length / MIB).toFixed(2)} MiB`);
  });
}

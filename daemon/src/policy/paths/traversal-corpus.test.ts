import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { corpusFiles, corpusText } from "../../test-corpora";
import { resolveAgentPath } from "./resolve";
import { isWithin } from "./within";

const CORPUS = "payloads/path-traversal";

/**
 * The nearest ancestor of `raw` the OS can resolve, resolved by the OS. `raw` is cut
 * as text, never normalised, so the kernel applies every `..` where the payload put it.
 * (fs.realpathSync, the JS one, normalises `..` lexically first; only .native asks the OS.)
 */
function osNearestReal(raw: string): string {
  for (let prefix = raw; ; prefix = prefix.slice(0, prefix.lastIndexOf("/"))) {
    try {
      return fs.realpathSync.native(prefix === "" ? "/" : prefix);
    } catch {
      if (prefix === "") throw new Error(`no ancestor of '${raw}' resolves`);
    }
  }
}

describe("path-traversal corpus (test/corpora/payloads/path-traversal)", () => {
  let tmp: string;
  let ws: string;

  before(() => {
    tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "wd-corpus-")));
    // Deep enough that short climbs stay below /, with content for payloads to land on.
    ws = path.join(tmp, "a/b/c/ws");
    fs.mkdirSync(path.join(ws, "src/lib"), { recursive: true });
    fs.mkdirSync(path.join(ws, "etc"), { recursive: true });
    fs.writeFileSync(path.join(ws, "etc/passwd"), "decoy");
    fs.symlinkSync("src/lib", path.join(ws, "lib-link"));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test("every payload is refused, outside, or inside where the OS agrees it is inside", () => {
    const files = corpusFiles(CORPUS, ".txt");
    const home = path.join(tmp, "home");
    const started = process.hrtime.bigint();
    let total = 0;
    for (const file of files) {
      const lines = corpusText(file).split(/\r?\n/);
      if (lines.at(-1) === "") lines.pop();
      assert.ok(lines.length > 0, `${file} is empty`);
      const counts = { errors: 0, outside: 0, inside: 0 };
      for (const line of lines) {
        const result = resolveAgentPath(line, { workspace: ws, home });
        if ("error" in result) {
          counts.errors++;
          continue;
        }
        if (!result.inWorkspace) {
          assert.equal(result.relative, null, line);
          counts.outside++;
          continue;
        }
        counts.inside++;
        const raw = line.startsWith("~") ? home + line.slice(1) : path.isAbsolute(line) ? line : `${ws}/${line}`;
        const ancestor = osNearestReal(raw);
        assert.ok(isWithin(ancestor, ws, false), `'${line}' was placed inside, but the OS resolves its nearest existing ancestor to ${ancestor}`);
        assert.ok(isWithin(result.real, ancestor, false), `'${line}': ${result.real} is not below the OS's ${ancestor}`);
        if (result.exists) assert.equal(result.real, fs.realpathSync.native(raw), line);
      }
      total += lines.length;
      console.log(`${file}: ${lines.length} lines: errors ${counts.errors} / outside ${counts.outside} / inside ${counts.inside}`);
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    console.log(`traversal corpus: ${files.length} files, ${total} payloads in ${ms.toFixed(0)} ms`);
  });
});

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { ESLint } from "eslint";

const ROOT = path.resolve(__dirname, "..", "..", "..");

/**
 * The dependency rule is enforced by lint, and this proves the lint rule fires:
 * probe files that break it are linted in place and must be rejected.
 */
const cases: Array<{ dir: string; source: string; allowed: boolean }> = [
  { dir: "extension/src", source: 'import { Daemon } from "../../daemon/src/daemon";\nvoid Daemon;\n', allowed: false },
  { dir: "extension/src", source: 'import Database from "better-sqlite3";\nvoid Database;\n', allowed: false },
  { dir: "extension/src", source: 'import { methods } from "../../protocol/src/methods";\nvoid methods;\n', allowed: true },
  { dir: "protocol/src", source: 'import { resolvePaths } from "../../daemon/src/config";\nvoid resolvePaths;\n', allowed: false },
  { dir: "daemon/src", source: 'import { activate } from "../../extension/src/extension";\nvoid activate;\n', allowed: false },
];

test("lint rejects imports that break the dependency rule, and allows protocol imports", async () => {
  const eslint = new ESLint({ cwd: ROOT });
  for (const c of cases) {
    const file = path.join(ROOT, c.dir, `dependency-probe-${process.pid}.ts`);
    fs.writeFileSync(file, c.source);
    try {
      const [result] = await eslint.lintFiles([file]);
      const violations = (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports");
      assert.equal(violations.length === 0, c.allowed, `${c.dir}: ${c.source.split("\n")[0] ?? ""} → ${JSON.stringify(result?.messages)}`);
    } finally {
      fs.rmSync(file, { force: true });
    }
  }
});

import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { ESLint, Linter } from "eslint";
import tseslint from "typescript-eslint";

const ROOT = path.resolve(__dirname, "..", "..", "..");

/**
 * The dependency rule is enforced by lint, and this proves the rule fires: probe
 * sources are linted as if they sat in each folder (nothing is written to disk, so
 * a build running at the same time never sees them).
 */
const cases: Array<{ file: string; source: string; allowed: boolean }> = [
  { file: "extension/src/probe.ts", source: 'import { Daemon } from "../../daemon/src/daemon";\nvoid Daemon;\n', allowed: false },
  { file: "extension/src/probe.ts", source: 'import Database from "better-sqlite3";\nvoid Database;\n', allowed: false },
  { file: "extension/src/probe.ts", source: 'import { Entry } from "@napi-rs/keyring";\nvoid Entry;\n', allowed: false },
  { file: "extension/src/probe.ts", source: 'import { methods } from "../../protocol/src/methods";\nvoid methods;\n', allowed: true },
  { file: "protocol/src/probe.ts", source: 'import { resolvePaths } from "../../daemon/src/config";\nvoid resolvePaths;\n', allowed: false },
  { file: "daemon/src/probe.ts", source: 'import { activate } from "../../extension/src/extension";\nvoid activate;\n', allowed: false },
  { file: "daemon/src/probe.ts", source: 'import { methods } from "../../protocol/src/methods";\nvoid methods;\n', allowed: true },
  { file: "webview/src/probe.ts", source: 'import { Daemon } from "../../daemon/src/daemon";\nvoid Daemon;\n', allowed: false },
];

test("lint rejects imports that break the dependency rule, and allows protocol imports", async () => {
  const imported: unknown = await import(path.join(ROOT, "eslint.dependency-rule.mjs"));
  const dependencyRule: unknown = typeof imported === "object" && imported !== null && "dependencyRule" in imported ? imported.dependencyRule : null;
  assert.ok(Array.isArray(dependencyRule) && dependencyRule.length >= 4, "eslint.dependency-rule.mjs exports the rule");
  const config: Linter.Config[] = [{ files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } }, ...dependencyRule.filter(isConfig)];
  const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: config });
  for (const c of cases) {
    const [result] = await eslint.lintText(c.source, { filePath: path.join(ROOT, c.file) });
    const violations = (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-imports");
    assert.equal(violations.length === 0, c.allowed, `${c.file}: ${c.source.split("\n")[0] ?? ""} → ${JSON.stringify(result?.messages)}`);
  }
});

function isConfig(value: unknown): value is Linter.Config {
  return typeof value === "object" && value !== null && "rules" in value;
}

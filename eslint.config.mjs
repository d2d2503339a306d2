// Lint rules that carry Warden's architecture, not just style:
// - the dependency rule (protocol imports nothing of ours; daemon, extension and
//   webview import only protocol; the extension never loads native modules);
// - no floating promises (a dropped promise is a dropped error);
// - no type assertions (incoming data is validated, never cast).
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { dependencyRule } from "./eslint.dependency-rule.mjs";

export default tseslint.config(
  // test/vscode and demo use test/vscode's own dependencies (mocha, playwright-core),
  // installed by test/vscode/install.sh: scripts/test-e2e.sh lints them with WARDEN_LINT_E2E=1.
  { ignores: ["dist/**", "**/node_modules/**", "**/*.js", "**/*.mjs", ...(process.env.WARDEN_LINT_E2E === "1" ? [] : ["test/vscode/**", "demo/**"])] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": [
        "error",
        // node:test's test()/describe() return promises the runner itself awaits.
        { allowForKnownSafeCalls: [{ from: "package", package: "node:test", name: ["test", "describe", "it", "suite"] }] },
      ],
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/consistent-type-assertions": ["error", { assertionStyle: "never" }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  ...dependencyRule,
);

// Lint rules that carry Warden's architecture, not just style:
// - the dependency rule (protocol imports nothing of ours; daemon, extension and
//   webview import only protocol; the extension never loads native modules);
// - no floating promises (a dropped promise is a dropped error);
// - no type assertions (incoming data is validated, never cast).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const ours = (dirs) =>
  dirs.map((dir) => ({ regex: `(^|/)${dir}/`, message: `the dependency rule forbids importing ${dir}/ from here (see PRODUCT.md, Architecture)` }));

const nativeModules = ["better-sqlite3", "@napi-rs/keyring"].map((name) => ({
  regex: `^${name.replace("/", "\\/")}($|/)`,
  message: "native modules are built for the daemon's Node; the extension host must never load them",
}));

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "**/*.js", "**/*.mjs"] },
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
  { files: ["protocol/**/*.ts"], rules: { "no-restricted-imports": ["error", { patterns: ours(["daemon", "extension", "webview", "test"]) }] } },
  { files: ["daemon/**/*.ts"], rules: { "no-restricted-imports": ["error", { patterns: ours(["extension", "webview", "test"]) }] } },
  {
    files: ["extension/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [...ours(["daemon", "webview", "test"]), ...nativeModules] }] },
  },
  { files: ["webview/**/*.ts"], rules: { "no-restricted-imports": ["error", { patterns: ours(["daemon", "extension", "test"]) }] } },
);

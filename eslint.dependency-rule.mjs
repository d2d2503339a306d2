// The dependency rule, as lint configuration (used by eslint.config.mjs and by
// test/src/dependency-rule.test.ts): protocol imports nothing of ours; daemon,
// extension and webview import only protocol; the extension loads no native module.
const ours = (dirs) =>
  dirs.map((dir) => ({ regex: `(^|/)${dir}/`, message: `the dependency rule forbids importing ${dir}/ from here (see PRODUCT.md, Architecture)` }));

const nativeModules = ["better-sqlite3", "@napi-rs/keyring"].map((name) => ({
  regex: `^${name.replace("/", "\\/")}($|/)`,
  message: "native modules are built for the daemon's Node; the extension host must never load them",
}));

export const dependencyRule = [
  { files: ["protocol/**/*.ts"], rules: { "no-restricted-imports": ["error", { patterns: ours(["daemon", "extension", "webview", "test"]) }] } },
  { files: ["daemon/**/*.ts"], rules: { "no-restricted-imports": ["error", { patterns: ours(["extension", "webview", "test"]) }] } },
  {
    files: ["extension/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [...ours(["daemon", "webview", "test"]), ...nativeModules] }] },
  },
  { files: ["webview/**/*.ts"], rules: { "no-restricted-imports": ["error", { patterns: ours(["daemon", "extension", "test"]) }] } },
];

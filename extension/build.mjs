// Builds what the extension needs beside its compiled TypeScript (tsc -b puts that in
// dist/extension): the webview bundle (webview/src → out/webview/webview.js with the
// vscode-elements components, and its stylesheet) and the policy schema that
// contributes.jsonValidation points at (copied from the repository's schema/).
// With --package it also writes an installable extension folder, out/package/ (the
// extension bundled with protocol, zod and ws into one file; package.json's main
// pointing at it): copy it to <extensions dir>/warden-dev.warden-<version>, or zip it as a VSIX.
// Usage: node extension/build.mjs [--package]  (needs `npm ci` in extension/, done by test/vscode/install.sh)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const require = createRequire(path.join(here, "package.json"));
const esbuild = require("esbuild");

const out = path.join(here, "out", "webview");
fs.mkdirSync(out, { recursive: true });
await esbuild.build({
  entryPoints: [path.join(root, "webview", "src", "main.ts")],
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2022",
  minify: true,
  sourcemap: "linked",
  legalComments: "none",
  // The webview's packages (vscode-elements, lit; zod for the message schemas) come from
  // extension/node_modules and the repository's node_modules.
  nodePaths: [path.join(here, "node_modules"), path.join(root, "node_modules")],
  outfile: path.join(out, "webview.js"),
  logLevel: "warning",
});
fs.copyFileSync(path.join(root, "webview", "src", "style.css"), path.join(out, "webview.css"));

fs.mkdirSync(path.join(here, "schema"), { recursive: true });
fs.copyFileSync(path.join(root, "schema", "policy.schema.json"), path.join(here, "schema", "policy.schema.json"));
if (process.argv.includes("--package")) {
  const pkg = path.join(here, "out", "package");
  fs.rmSync(pkg, { recursive: true, force: true });
  fs.mkdirSync(path.join(pkg, "out"), { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(here, "src", "extension.ts")],
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    sourcemap: "linked",
    // vscode is the host's; ws's optional native speed-ups are not shipped (ws works without them).
    external: ["vscode", "bufferutil", "utf-8-validate"],
    nodePaths: [path.join(root, "node_modules")],
    outfile: path.join(pkg, "out", "extension.js"),
    logLevel: "warning",
  });
  fs.cpSync(out, path.join(pkg, "out", "webview"), { recursive: true });
  fs.cpSync(path.join(here, "media"), path.join(pkg, "media"), { recursive: true });
  fs.cpSync(path.join(here, "schema"), path.join(pkg, "schema"), { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(here, "package.json"), "utf8"));
  delete manifest.devDependencies;
  delete manifest.allowScripts;
  manifest.main = "./out/extension.js";
  fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  console.log(`extension: packaged ${manifest.publisher}.${manifest.name}-${manifest.version} in ${path.relative(root, pkg)}/`);
}
const size = fs.statSync(path.join(out, "webview.js")).size;
console.log(`extension: webview bundle ${(size / 1024).toFixed(0)} KB, policy schema copied`);

// Builds what the extension needs beside its compiled TypeScript (tsc -b puts that in
// dist/extension): the webview bundle (webview/src → out/webview/webview.js with the
// vscode-elements components, and its stylesheet) and the policy schema that
// contributes.jsonValidation points at (copied from the repository's schema/).
// With --package it also writes an installable extension folder, out/package/ (the
// extension bundled with protocol, zod and ws into one file; package.json's main
// pointing at it; what the tests copy to <extensions dir>/warden-dev.warden-<version>),
// and packs that folder with vsce into dist/warden-<version>.vsix (`code --install-extension`).
// The .vsix carries no native module and no daemon: the extension runs the `warden` CLI
// the user installed with npm (README, "Install").
// --out DIR puts everything this run writes under DIR (webview/, package/, the .vsix)
// and leaves extension/ and dist/ alone: a test builds there while the demo may be
// serving extension/out from the same checkout.
// Usage: node extension/build.mjs [--package] [--out DIR]  (needs `npm ci` in extension/, done by test/vscode/install.sh)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const require = createRequire(path.join(here, "package.json"));
const INSTALL_HINT = "run test/vscode/install.sh (it runs `npm ci` in extension/)";
const esbuild = requireTool("esbuild");

const outFlag = process.argv.indexOf("--out");
const outValue = outFlag === -1 ? undefined : process.argv[outFlag + 1];
if (outFlag !== -1 && (outValue === undefined || outValue.startsWith("--"))) throw new Error("--out needs a directory");
const outDir = outValue === undefined ? null : path.resolve(outValue);
const outRoot = outDir ?? path.join(here, "out");
const out = path.join(outRoot, "webview");
const schema = path.join(root, "schema", "policy.schema.json");

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
if (outDir === null) {
  fs.mkdirSync(path.join(here, "schema"), { recursive: true });
  fs.copyFileSync(schema, path.join(here, "schema", "policy.schema.json"));
}
const size = fs.statSync(path.join(out, "webview.js")).size;
console.log(`extension: webview bundle ${(size / 1024).toFixed(0)} KB${outDir === null ? ", policy schema copied" : ""}`);

if (process.argv.includes("--package")) {
  const pkg = path.join(outRoot, "package");
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
    // The bundle's module comments name paths relative to the repository, whatever the caller's cwd.
    absWorkingDir: root,
    outfile: path.join(pkg, "out", "extension.js"),
    logLevel: "warning",
  });
  fs.cpSync(out, path.join(pkg, "out", "webview"), { recursive: true });
  fs.cpSync(path.join(here, "media"), path.join(pkg, "media"), { recursive: true });
  fs.mkdirSync(path.join(pkg, "schema"));
  fs.copyFileSync(schema, path.join(pkg, "schema", "policy.schema.json"));
  fs.copyFileSync(path.join(root, "LICENSE"), path.join(pkg, "LICENSE"));
  fs.copyFileSync(path.join(here, "README.md"), path.join(pkg, "README.md"));
  fs.copyFileSync(path.join(here, ".vscodeignore"), path.join(pkg, ".vscodeignore"));
  const manifest = JSON.parse(fs.readFileSync(path.join(here, "package.json"), "utf8"));
  delete manifest.devDependencies;
  delete manifest.allowScripts;
  manifest.main = "./out/extension.js";
  fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  console.log(`extension: packaged ${manifest.publisher}.${manifest.name}-${manifest.version} in ${shown(pkg)}/`);
  const vsix = path.join(outDir ?? path.join(root, "dist"), `${manifest.name}-${manifest.version}.vsix`);
  packVsix(pkg, vsix);
  console.log(`extension: ${shown(vsix)} (${(fs.statSync(vsix).size / 1024).toFixed(0)} KB)`);
}

/** A path as the person who ran the build reads it: relative inside the checkout. */
function shown(file) {
  return file.startsWith(root + path.sep) ? path.relative(root, file) : file;
}

function requireTool(name) {
  try {
    return require(name);
  } catch (err) {
    throw new Error(`extension/node_modules has no ${name}: ${INSTALL_HINT}`, { cause: err });
  }
}

/**
 * Zips the package folder with vsce's own CLI, so the result is what the marketplace
 * tooling would make. stdin is closed: vsce asks y/N questions (missing repository,
 * LICENSE) and must fail rather than wait. There is no public repository URL yet,
 * hence --allow-missing-repository; nothing is installed, hence --no-dependencies.
 */
function packVsix(folder, vsix) {
  let vsce;
  try {
    vsce = path.join(path.dirname(require.resolve("@vscode/vsce/package.json")), "vsce");
  } catch (err) {
    throw new Error(`extension/node_modules has no @vscode/vsce: ${INSTALL_HINT}`, { cause: err });
  }
  fs.mkdirSync(path.dirname(vsix), { recursive: true });
  fs.rmSync(vsix, { force: true });
  const args = [vsce, "package", "--no-dependencies", "--allow-missing-repository", "--out", vsix];
  const r = spawnSync(process.execPath, args, { cwd: folder, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    throw new Error(`vsce package failed (${r.error?.message ?? `exit ${r.status}`})`);
  }
}

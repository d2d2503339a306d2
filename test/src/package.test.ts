import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import { builtinModules } from "node:module";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { readZip } from "./helpers/zip";

/**
 * Warden installs for real: `npm pack` makes a tarball of the CLI and its runtime
 * only, `npm install -g` of it gives
 * a working `warden` (better-sqlite3 compiled for this Node by npm, as a user's
 * install does) and nothing test-only, and `node extension/build.mjs --package`
 * makes a .vsix that holds the bundled extension and nothing else.
 * Uses the tree `npm test` already built; it never rebuilds dist/ and writes nothing
 * into the checkout.
 */
const ROOT = path.resolve(__dirname, "..", "..", "..");
const ROOT_PACKAGE = readJson(path.join(ROOT, "package.json"));
const VERSION = stringField(ROOT_PACKAGE, "version");
const LOCK_FILE = path.join(ROOT, "package-lock.json");
/** Linux-only, ~100 MB, for one test: it lives in test/tools, never in Warden's package. */
const SARIF_SDK = "@microsoft/sarif-multitool-linux";
/** The files the CLI starts as processes (version.ts, hook/entry-points.ts, secrets/git-credential.ts), besides the bin. */
const ENTRY_POINTS = ["dist/daemon/src/cli/main.js", "dist/daemon/src/main.js", "dist/daemon/src/hook/main.js", "dist/daemon/src/hook/shell-gate-main.js", "dist/daemon/src/secrets/git-credential-helper.js"];

function readJson(file: string): Record<string, unknown> {
  const v: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(`${file} is not a JSON object`);
  return Object.fromEntries(Object.entries(v));
}

function stringField(o: Record<string, unknown>, key: string): string {
  const v = o[key];
  if (typeof v !== "string") throw new Error(`no string ${key}`);
  return v;
}

function keys(o: Record<string, unknown>, key: string): string[] {
  const v = o[key];
  return typeof v === "object" && v !== null ? Object.keys(v) : [];
}

interface Locked {
  version: string;
  dev: boolean;
}

/** package-lock.json's packages by their place (`node_modules/a/node_modules/b`), without the root. */
function lockedPackages(file: string): Map<string, Locked> {
  const packages = readJson(file)["packages"];
  if (typeof packages !== "object" || packages === null) throw new Error(`${file} has no packages`);
  const locked = new Map<string, Locked>();
  const entries: [string, unknown][] = Object.entries(packages);
  for (const [place, entry] of entries) {
    if (place === "" || typeof entry !== "object" || entry === null || !("version" in entry) || typeof entry.version !== "string") continue;
    locked.set(place, { version: entry.version, dev: "dev" in entry && entry.dev === true });
  }
  return locked;
}

/** The package name a lockfile place ends in. */
function nameAt(place: string): string {
  return place.slice(place.lastIndexOf("node_modules/") + "node_modules/".length);
}

/** Every package installed under a node_modules folder, keyed by place as package-lock.json keys them, with its version. */
function installedPackages(nodeModules: string, place = "node_modules/", found = new Map<string, string>()): Map<string, string> {
  if (!fs.existsSync(nodeModules)) return found;
  for (const entry of fs.readdirSync(nodeModules, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || !entry.isDirectory()) continue;
    const dirs = entry.name.startsWith("@") ? fs.readdirSync(path.join(nodeModules, entry.name)).map((n) => `${entry.name}/${n}`) : [entry.name];
    for (const name of dirs) {
      const manifest = path.join(nodeModules, name, "package.json");
      if (!fs.existsSync(manifest)) continue;
      found.set(`${place}${name}`, stringField(readJson(manifest), "version"));
      installedPackages(path.join(nodeModules, name, "node_modules"), `${place}${name}/node_modules/`, found);
    }
  }
  return found;
}

/** What npm pack would put in the tarball, as paths relative to the package (npm pack --dry-run: nothing runs, nothing is written). */
function packList(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  const first: unknown = Array.isArray(parsed) ? parsed[0] : undefined;
  if (typeof first !== "object" || first === null || !("files" in first) || !Array.isArray(first.files)) throw new Error(`npm pack --json printed no files: ${json}`);
  return first.files.map((f: unknown) => {
    if (typeof f !== "object" || f === null || !("path" in f) || typeof f.path !== "string") throw new Error(`npm pack --json: a file without a path: ${JSON.stringify(f)}`);
    return f.path;
  });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end (killed at the deadline), never through a shell. */
function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function ok(r: Run, what: string): string {
  assert.equal(r.code, 0, `${what} failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * npm as a user runs it: this Node first on PATH (npm builds native modules for the
 * Node that runs it), nothing inherited from an `npm test` around us, Node's headers
 * from npm_config_nodedir as scripts/lib.sh sets it. better-sqlite3 compiles here
 * rather than fetching a prebuilt binary from GitHub: the only network is the npm
 * registry (and its cache first). tree-sitter-bash keeps its bundled prebuilds.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("npm_") || /^npm_config_(cache|registry|userconfig|cafile)$/.test(k)));
  return {
    ...env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env["PATH"] ?? ""}`,
    npm_config_nodedir: process.env["npm_config_nodedir"] ?? "/usr",
    npm_config_build_from_source: "better-sqlite3",
  };
}

/** Every file under dir, as paths relative to it with forward slashes. */
function listFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"));
}

/** What a compiled module loads: `require("x")`, `require.resolve("x")` and `import("x")`. */
function specifiers(source: string): string[] {
  return [...source.matchAll(/\b(?:require(?:\.resolve)?|import)\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1] ?? "");
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? "");
}

const BUILTINS = new Set(builtinModules);
const isBuiltin = (s: string): boolean => s.startsWith("node:") || BUILTINS.has(s);

/** No build machine's paths in what ships: the checkout, the home directory. */
function assertNoMachinePaths(name: string, text: string): void {
  for (const p of [ROOT, os.homedir()]) {
    if (p.length > 1) assert.ok(!text.includes(p), `${name} contains the machine path ${p}`);
  }
}

describe("npm pack and npm install -g give a working warden", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "wd-pkg-"));
  const tarball = path.join(tmp, `warden-${VERSION}.tgz`);
  const unpacked = path.join(tmp, "unpacked");
  const stage = path.join(tmp, "stage");
  const locked = lockedPackages(LOCK_FILE);
  let shipped: string[] = [];

  before(async () => {
    if (!fs.existsSync(path.join(ROOT, "dist", "daemon", "src", "cli", "main.js"))) assert.fail("dist/ is not built: run `npm run build` first");
    // Packed from a stage holding the files npm picks from the checkout, without the
    // prepare script (the tree is already built): nothing is written into the checkout.
    const files = packList(ok(await run("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { env: npmEnv(), timeoutMs: 60_000 }), "npm pack --dry-run"));
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(stage, f)), { recursive: true });
      fs.copyFileSync(path.join(ROOT, f), path.join(stage, f));
    }
    const npm = (args: string[], what: string) => run("npm", args, { cwd: stage, env: npmEnv(), timeoutMs: 60_000 }).then((r) => ok(r, what));
    await npm(["pack", "--ignore-scripts", "--silent", "--pack-destination", tmp], "npm pack");
    fs.mkdirSync(unpacked);
    ok(await run("tar", ["xzf", tarball, "-C", unpacked], { timeoutMs: 30_000 }), "tar");
    shipped = listFiles(path.join(unpacked, "package"));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test("the tarball holds the compiled CLI and protocol only: no sources, tests, maps, node_modules or machine paths", () => {
    const meta = ["package.json", "README.md", "LICENSE"];
    for (const f of [...meta, ...ENTRY_POINTS]) assert.ok(shipped.includes(f), `${f} is in the tarball`);
    const unexpected = shipped.filter((f) => !meta.includes(f) && !/^dist\/(daemon|protocol)\/src\/.+\.js$/.test(f));
    assert.deepEqual(unexpected, [], "only dist/daemon and dist/protocol JavaScript ships");
    assert.deepEqual(shipped.filter((f) => /\.test\.js$|(^|\/)node_modules\/|\.ts$|\.map$/.test(f)), []);
    for (const f of shipped) assertNoMachinePaths(f, fs.readFileSync(path.join(unpacked, "package", f), "utf8"));
    const main = fs.readFileSync(path.join(unpacked, "package", "dist", "daemon", "src", "cli", "main.js"), "utf8");
    assert.ok(main.startsWith("#!/usr/bin/env node\n"), "the bin starts with its shebang");
    const manifest = readJson(path.join(unpacked, "package", "package.json"));
    assert.deepEqual(manifest["bin"], { warden: "dist/daemon/src/cli/main.js" });
    assert.ok(!keys(manifest, "dependencies").includes("fast-check"), "test-only packages are devDependencies");
    assert.ok(![...keys(manifest, "dependencies"), ...keys(manifest, "optionalDependencies")].includes(SARIF_SDK), `${SARIF_SDK} is test/tools', not Warden's`);
  });

  test("everything the entry points load ships, every package they load is a dependency, and no test helper rides along", () => {
    const dependencies = new Set(keys(ROOT_PACKAGE, "dependencies"));
    const pkgRoot = path.join(unpacked, "package");
    const reached = new Set<string>();
    const missing: string[] = [];
    const undeclared = new Set<string>();
    const queue = [...ENTRY_POINTS];
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      if (reached.has(file)) continue;
      reached.add(file);
      for (const s of specifiers(fs.readFileSync(path.join(pkgRoot, file), "utf8"))) {
        if (s.startsWith(".")) {
          const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), s));
          const found = [base, `${base}.js`, `${base}/index.js`].find((c) => shipped.includes(c));
          if (found === undefined) missing.push(`${file} → ${s}`);
          else queue.push(found);
        } else if (!isBuiltin(s) && !dependencies.has(packageName(s))) {
          undeclared.add(`${packageName(s)} (from ${file})`);
        }
      }
    }
    assert.deepEqual(missing, [], "modules the CLI loads are missing from the tarball");
    assert.deepEqual([...undeclared], [], "packages loaded at runtime must be dependencies, not devDependencies");
    // A daemon module with runtime exports that nothing loads is a test helper: exclude it
    // in package.json "files". Not counted: type-only modules (empty once compiled),
    // protocol modules the extension and webview use, and stale outputs of renamed
    // sources (no .ts any more; `npm run clean` removes them).
    const helpers = shipped.filter(
      (f) =>
        f.startsWith("dist/daemon/") &&
        !reached.has(f) &&
        /\bexports\.\w+\s*=|module\.exports/.test(fs.readFileSync(path.join(pkgRoot, f), "utf8")) &&
        fs.existsSync(path.join(ROOT, f.replace(/^dist\//, "").replace(/\.js$/, ".ts"))),
    );
    assert.deepEqual(helpers, [], "daemon modules nothing at runtime loads are shipped");
  });

  test("npm install -g of the tarball: warden --version, --help, and a daemon and doctor from the installed copy", { timeout: 960_000 }, async () => {
    const prefix = path.join(tmp, "prefix");
    // Offline-friendly: the registry is asked only for what the npm cache lacks.
    // better-sqlite3's build script is allowed by name, as npm's allowScripts asks of global installs.
    const install = await run("npm", ["install", "-g", "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund", "--allow-scripts=better-sqlite3", tarball], {
      env: npmEnv(),
      // better-sqlite3 compiles from source here: about 2 minutes on a quiet machine, over 4.5 beside a CPU
      // burner (seen). The bound only stops a hung install; it is not a measure of anything.
      timeoutMs: 900_000,
    });
    ok(install, "npm install -g");
    const bin = path.join(prefix, "bin", "warden");
    const installed = path.join(prefix, "lib", "node_modules", "warden");
    assert.equal(fs.realpathSync(bin), fs.realpathSync(path.join(installed, "dist", "daemon", "src", "cli", "main.js")), "bin/warden links to the package's main.js");
    fs.accessSync(bin, fs.constants.X_OK);
    const installedTree = installedPackages(path.join(installed, "node_modules"));
    // Nothing test-only: no package the lockfile has only as a devDependency (or one's
    // dependency), anywhere in the tree, and not the SARIF SDK.
    const runtime = new Set([...locked].filter(([, p]) => !p.dev).map(([place]) => nameAt(place)));
    const devOnly = new Set([...locked.keys()].map(nameAt).filter((name) => !runtime.has(name)));
    for (const dev of ["typescript", "eslint", "fast-check", "@types/node"]) assert.ok(devOnly.has(dev), `${dev} is dev-only in package-lock.json`);
    const testOnly = [...installedTree.keys()].map(nameAt).filter((name) => devOnly.has(name) || name === SARIF_SDK);
    assert.deepEqual(testOnly, [], "npm install -g installed devDependencies or the SARIF SDK");
    const du = ok(await run("du", ["-sk", prefix], { timeoutMs: 30_000 }), "du");
    console.log(`npm install -g: ${installedTree.size} packages, ${Math.round(Number.parseInt(du, 10) / 1024)} MB in the prefix`);

    const home = fs.mkdtempSync(path.join(os.tmpdir(), "wd-ph-"));
    const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env["PATH"] ?? ""}`, WARDEN_HOME: home, WARDEN_MANAGED_POLICY: path.join(home, "none.json"), XDG_CONFIG_HOME: path.join(home, "cfg") };
    const warden = (args: string[]) => run(bin, args, { cwd: tmp, env, timeoutMs: 30_000 });
    try {
      assert.equal(ok(await warden(["--version"]), "warden --version").trim(), VERSION);
      assert.match(ok(await warden(["--help"]), "warden --help"), /^Usage: warden /m);
      // The daemon opens its SQLite log: the native module npm just built loads.
      const started: unknown = JSON.parse(ok(await warden(["daemon", "start", "--json"]), "warden daemon start"));
      assert.ok(typeof started === "object" && started !== null && "version" in started && started.version === VERSION);
      const doctor: unknown = JSON.parse((await warden(["doctor", "--json"])).stdout);
      assert.ok(typeof doctor === "object" && doctor !== null && "checks" in doctor && Array.isArray(doctor.checks));
      const daemonCheck: unknown = doctor.checks.find((c: unknown) => typeof c === "object" && c !== null && "name" in c && c.name === "daemon");
      assert.ok(typeof daemonCheck === "object" && daemonCheck !== null && "status" in daemonCheck && daemonCheck.status === "ok", JSON.stringify(doctor));
    } finally {
      await warden(["daemon", "stop", "--json"]);
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe("the .vsix", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "wd-vsix-"));
  const extensionManifest = readJson(path.join(ROOT, "extension", "package.json"));
  const vsix = path.join(tmp, `${stringField(extensionManifest, "name")}-${stringField(extensionManifest, "version")}.vsix`);
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test("holds the bundled extension, its webview and schema, LICENSE, and no node_modules, sources, maps or machine paths", { timeout: 120_000 }, async () => {
    const tools = path.join(ROOT, "extension", "node_modules");
    if (!fs.existsSync(path.join(tools, "esbuild")) || !fs.existsSync(path.join(tools, "@vscode", "vsce"))) {
      assert.fail("extension/node_modules lacks esbuild or @vscode/vsce: run test/vscode/install.sh (npm ci in extension/)");
    }
    // --out: built beside, not into extension/out, which a concurrent demo may be serving.
    const built = ok(await run(process.execPath, [path.join(ROOT, "extension", "build.mjs"), "--package", "--out", tmp], { timeoutMs: 110_000 }), "build.mjs --package");
    assert.match(built, new RegExp(`${path.basename(vsix).replace(/\./g, "\\.")} \\(\\d+ KB\\)`));
    const entries = new Map(readZip(vsix).map((e) => [e.name, e]));
    const names = [...entries.keys()];
    for (const f of ["extension.vsixmanifest", "extension/package.json", "extension/out/extension.js", "extension/out/webview/webview.js", "extension/out/webview/webview.css", "extension/schema/policy.schema.json", "extension/LICENSE.txt", "extension/media/warden.svg"]) {
      assert.ok(names.includes(f), `${f} is in the .vsix (it has ${names.join(", ")})`);
    }
    assert.deepEqual(names.filter((n) => /(^|\/)node_modules\/|\.ts$|\.map$|\.node$/.test(n)), []);
    for (const [name, entry] of entries) assertNoMachinePaths(name, entry.read().toString("utf8"));

    const manifest: unknown = JSON.parse(entries.get("extension/package.json")?.read().toString("utf8") ?? "null");
    assert.ok(typeof manifest === "object" && manifest !== null && "main" in manifest && manifest.main === "./out/extension.js", "main points at the bundle");
    assert.ok(!("devDependencies" in manifest) && !("dependencies" in manifest), "nothing for VS Code to install beside it");
    // The bundle loads only the host's vscode, Node's own modules and ws's optional speed-ups (absent, and caught).
    const bundle = entries.get("extension/out/extension.js")?.read().toString("utf8") ?? "";
    const loads = new Set(specifiers(bundle).filter((s) => !isBuiltin(s)));
    assert.deepEqual([...loads].sort(), ["bufferutil", "utf-8-validate", "vscode"]);
  });

  test("code-server installs it: --install-extension, then --list-extensions shows warden-dev.warden", { timeout: 90_000 }, async () => {
    if (!fs.existsSync(vsix)) assert.fail("the .vsix was not built (see the test above)");
    // Installed by test/vscode/install.sh: code-server and the Node 24 it needs.
    const node24 = path.join(ROOT, "test", "vscode", ".node24", "bin", "node");
    const entry = path.join(ROOT, "test", "vscode", "code-server", "node_modules", "code-server", "out", "node", "entry.js");
    if (!fs.existsSync(node24) || !fs.existsSync(entry)) assert.fail("code-server is not installed: run test/vscode/install.sh");
    const scratch = path.join(tmp, "code-server");
    const extensions = path.join(scratch, "extensions");
    const env = { ...process.env, XDG_DATA_HOME: path.join(scratch, "data"), XDG_CONFIG_HOME: path.join(scratch, "config"), XDG_CACHE_HOME: path.join(scratch, "cache"), TMPDIR: scratch,
      // No marketplace, as in test/vscode: the gallery is a closed loopback port.
      EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: "http://127.0.0.1:9/gallery", itemUrl: "http://127.0.0.1:9/item" }),
      PATH: `${path.dirname(node24)}${path.delimiter}${process.env["PATH"] ?? ""}` };
    fs.mkdirSync(scratch, { recursive: true });
    const codeServer = (args: string[]) => run(node24, [entry, "--config", "/dev/null", "--user-data-dir", path.join(scratch, "user-data"), "--extensions-dir", extensions, ...args], { env, timeoutMs: 40_000 });
    assert.match(ok(await codeServer(["--install-extension", vsix]), "code-server --install-extension"), /successfully installed/);
    const id = `${stringField(extensionManifest, "publisher")}.${stringField(extensionManifest, "name")}`;
    const version = stringField(extensionManifest, "version");
    assert.match(ok(await codeServer(["--list-extensions", "--show-versions"]), "code-server --list-extensions"), new RegExp(`^${id.replace(/\./g, "\\.")}@${version.replace(/\./g, "\\.")}$`, "m"));
    const installed = path.join(extensions, `${id}-${version}`);
    const manifest = readJson(path.join(installed, "package.json"));
    assert.ok(fs.existsSync(path.join(installed, stringField(manifest, "main"))), "the installed extension's main exists");
  });
});

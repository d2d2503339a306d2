// The one place tests and benchmarks find their corpora (attack payloads, real-world shell
// commands, labelled secrets). They live in the repository at test/corpora/, each file
// gzip-compressed as <name>.gz, with source, commit and licence in test/corpora/MANIFEST.json,
// so a clone alone runs every test. Not shipped: package.json "files" leaves this module out.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

/** The repository root: this file is compiled to dist/daemon/src/, three levels below it. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
export const CORPORA_DIR = path.join(REPO_ROOT, "test", "corpora");

export function checkRepoRoot(): void {
  const pkg = path.join(REPO_ROOT, "package.json");
  const text = fs.existsSync(pkg) ? fs.readFileSync(pkg, "utf8") : "";
  if (!/"name":\s*"warden"/.test(text)) {
    throw new Error(`test corpora: expected Warden's package.json at ${pkg} (three levels above ${__dirname}); has the build output moved?`);
  }
}

/** The stored file of a corpus path such as "payloads/ssrf/x.txt"; refuses paths that leave test/corpora. */
function storedPath(relative: string): string {
  const full = path.resolve(CORPORA_DIR, `${relative}.gz`);
  if (path.isAbsolute(relative) || path.relative(CORPORA_DIR, full).split(path.sep).includes("..")) {
    throw new Error(`test corpora: '${relative}' is not a path inside test/corpora`);
  }
  return full;
}

/** The text of one corpus file, e.g. corpusText("shell/nl2bash-all.cm"). */
export function corpusText(relative: string): string {
  checkRepoRoot();
  const file = storedPath(relative);
  if (!fs.existsSync(file)) {
    throw new Error(
      `test corpus missing: test/corpora/${relative}.gz (looked for ${file}). The corpora are part of the repository: restore them with \`git checkout -- test/corpora\`, or see test/corpora/README.md`,
    );
  }
  return zlib.gunzipSync(fs.readFileSync(file)).toString("utf8");
}

/** The corpus paths (as corpusText takes them) of the files in `dir` whose names end in `ext`, sorted; never empty. */
export function corpusFiles(dir: string, ext: string): string[] {
  checkRepoRoot();
  const full = path.dirname(storedPath(`${dir}/x`));
  if (!fs.existsSync(full)) throw new Error(`test corpus directory missing: test/corpora/${dir} (looked for ${full}); see test/corpora/README.md`);
  const names = fs
    .readdirSync(full)
    .filter((n) => n.endsWith(`${ext}.gz`))
    .sort();
  if (names.length === 0) throw new Error(`test corpus directory test/corpora/${dir} holds no ${ext}.gz files`);
  return names.map((n) => `${dir}/${n.slice(0, -".gz".length)}`);
}

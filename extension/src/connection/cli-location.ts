import fs from "node:fs";
import path from "node:path";

/** The CLI's entry point inside a Warden package or checkout (npm's bin link points at it). */
const CLI_IN_PACKAGE = path.join("dist", "daemon", "src", "cli", "main.js");

/** Where the Warden CLI (a `main.js` run with warden.nodePath) was found, and how. */
export interface CliLocation {
  path: string;
  source: "setting" | "checkout" | "path";
  /**
   * Found on PATH: the `node` in the same bin directory, if there is one. npm links
   * global bins into `<prefix>/bin`, where its own Node lives (/usr/bin, nvm's
   * versions/node/vX/bin): the Node that built Warden's native modules.
   */
  node: string | null;
}

/** Said wherever the CLI is needed and none was found: what to install, and the setting that overrides. */
export const CLI_NOT_FOUND =
  "the Warden CLI was not found (warden.cliPath is empty and there is no 'warden' on PATH): install it with npm " +
  "('npm ci' then 'npm install -g .' in a Warden checkout, or 'npm install -g warden-<version>.tgz'), then reconnect; or set warden.cliPath";

export interface CliSearch {
  /** The warden.cliPath setting; empty means "find it". */
  configured: string;
  /** This extension's folder: in a checkout it sits beside dist/. */
  extensionPath: string;
  /** The extension host's PATH. */
  pathEnv: string | undefined;
}

/**
 * The one way the extension finds the CLI: the setting when given; else the CLI of
 * the Warden checkout the extension runs from (developing Warden, extension and CLI
 * are one build; an installed .vsix has no ../dist); else the `warden` on PATH that
 * `npm install -g` put there. Null when there is none.
 */
export function locateCli(search: CliSearch): CliLocation | null {
  if (search.configured !== "") return { path: search.configured, source: "setting", node: null };
  const checkout = path.resolve(search.extensionPath, "..", CLI_IN_PACKAGE);
  if (isFile(checkout)) return { path: checkout, source: "checkout", node: null };
  const installed = findOnPath(search.pathEnv);
  return installed === null ? null : { path: installed.cli, source: "path", node: installed.node };
}

/**
 * The first executable `warden` on PATH that is Warden's, with symlinks resolved:
 * npm links `<prefix>/bin/warden` to the package's main.js, which the extension runs
 * with warden.nodePath rather than through the shebang's `node`. Another program
 * called `warden` is passed over.
 */
export function findOnPath(pathEnv: string | undefined): { cli: string; node: string | null } | null {
  for (const dir of (pathEnv ?? "").split(path.delimiter)) {
    // A relative entry would depend on the extension host's cwd.
    if (!path.isAbsolute(dir)) continue;
    const real = executable(path.join(dir, "warden"));
    if (real !== null && isWardenCli(real)) return { cli: real, node: executable(path.join(dir, "node")) === null ? null : path.join(dir, "node") };
  }
  return null;
}

/** The file behind `file` when it is an executable file; null when missing, not executable, or a dangling link. */
function executable(file: string): string | null {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    const real = fs.realpathSync(file);
    return isFile(real) ? real : null;
  } catch {
    return null;
  }
}

function isWardenCli(file: string): boolean {
  if (!file.endsWith(path.sep + CLI_IN_PACKAGE)) return false;
  const manifest = path.join(file.slice(0, -CLI_IN_PACKAGE.length), "package.json");
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(manifest, "utf8"));
    return typeof parsed === "object" && parsed !== null && "name" in parsed && parsed.name === "warden";
  } catch {
    return false;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** For the log: where the CLI is and why that one. */
export function describeCli(l: CliLocation): string {
  const why = l.source === "setting" ? "warden.cliPath" : l.source === "checkout" ? "this checkout's build" : "'warden' on PATH";
  return `${l.path} (${why})${l.node === null ? "" : `, with the Node beside it: ${l.node}`}`;
}

/** warden.nodePath's default: `node` from PATH, unless the CLI was found with a Node beside it. */
export const DEFAULT_NODE = "node";

/** The Node that runs the CLI: the setting when changed from its default, else the Node installed beside the CLI. */
export function nodeFor(nodeSetting: string, location: CliLocation | null): string {
  return nodeSetting === DEFAULT_NODE && location !== null && location.node !== null ? location.node : nodeSetting;
}

/**
 * Looks once and keeps what it found (for as long as the setting is unchanged). A miss
 * is not kept: after `npm install -g`, reconnecting finds the CLI without a reload.
 */
export function rememberFound(locate: (configured: string) => CliLocation | null): (configured: string) => CliLocation | null {
  let kept: { configured: string; location: CliLocation } | null = null;
  return (configured) => {
    if (kept !== null && kept.configured === configured) return kept.location;
    const location = locate(configured);
    kept = location === null ? null : { configured, location };
    return location;
  };
}

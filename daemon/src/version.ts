import fs from "node:fs";
import path from "node:path";

let cached: string | undefined;

/** Warden's version, from the package.json at the root of the installed package. */
export function wardenVersion(): string {
  if (cached !== undefined) return cached;
  // Compiled to dist/daemon/src/version.js: the package root is three levels up.
  const file = path.resolve(__dirname, "..", "..", "..", "package.json");
  const parsed: unknown = JSON.parse(fs.readFileSync(file, "utf8"));
  const version = typeof parsed === "object" && parsed !== null && "version" in parsed ? parsed.version : undefined;
  cached = typeof version === "string" ? version : "0.0.0-unknown";
  return cached;
}

/** The daemon's entry point, for starting it in the background. */
export function daemonEntryPoint(): string {
  return path.resolve(__dirname, "main.js");
}

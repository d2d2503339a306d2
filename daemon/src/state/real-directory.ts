import fs from "node:fs";

/**
 * The real path of an existing directory, or null. Workspaces are identified by
 * real path; the CLI (for `--workspace`) and the daemon (for every request naming
 * a workspace) both resolve them here.
 */
export function realDirectory(input: string): string | null {
  try {
    const real = fs.realpathSync(input);
    return fs.statSync(real).isDirectory() ? real : null;
  } catch {
    return null;
  }
}

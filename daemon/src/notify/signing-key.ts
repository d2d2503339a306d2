import fs from "node:fs";
import { WardenError } from "../../../protocol/src/errors";
import { isWithin } from "../policy/paths/within";

const MIN_KEY_BYTES = 32;
const MAX_KEY_BYTES = 4096;

/**
 * Reads a webhook signing key from the file policy names. A file, not an
 * environment variable: the daemon's environment is fixed when it starts and is
 * handed down to what it runs, while a file can be checked (owner-only, not a
 * link, outside every workspace), rotated without a restart, and kept in Warden's
 * state directory where no agent may read it. (The OS keychain replaces this once
 * secrets live there.) Read at each delivery, so a rotated key is used at once.
 */
export function readSigningKey(file: string, workspaces: readonly string[]): Buffer {
  const fix = `create it with: umask 077; head -c 32 /dev/urandom | base64 > '${file}'`;
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch {
    throw new WardenError("bad_config", `signing key file ${file} cannot be read; ${fix}`, { path: file });
  }
  // Attack: a link swapped in to make the daemon read (and sign with) another file.
  if (st.isSymbolicLink() || !st.isFile()) throw new WardenError("insecure_state", `signing key file ${file} must be a regular file, not a link`, { path: file });
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) throw new WardenError("insecure_state", `signing key file ${file} is owned by uid ${st.uid}, not by you (uid ${uid})`, { path: file });
  if ((st.mode & 0o077) !== 0) {
    const mode = (st.mode & 0o777).toString(8).padStart(4, "0");
    throw new WardenError("insecure_state", `signing key file ${file} has mode ${mode}: others can read it. Fix: chmod 600 '${file}' (and replace the key, it may have been seen)`, { path: file });
  }
  // Attack: a key inside a workspace, where agents read files and git may publish them.
  const inside = workspaces.find((w) => isWithin(file, w, false) || isWithin(realOrSelf(file), w, false));
  if (inside !== undefined) throw new WardenError("insecure_state", `signing key file ${file} is inside workspace ${inside}, where agents can read it; move it to Warden's state directory`, { path: file });
  if (st.size < MIN_KEY_BYTES || st.size > MAX_KEY_BYTES) throw new WardenError("bad_config", `signing key file ${file} holds ${st.size} bytes; use ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES}. ${fix}`, { path: file });
  const key = Buffer.from(fs.readFileSync(file, "utf8").trim(), "utf8");
  if (key.length < MIN_KEY_BYTES) throw new WardenError("bad_config", `signing key in ${file} is shorter than ${MIN_KEY_BYTES} bytes. ${fix}`, { path: file });
  return key;
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return p;
  }
}

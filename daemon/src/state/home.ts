import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { WardenError } from "../../../protocol/src/errors";

/**
 * Creates the state directory owner-only, or checks an existing one. A directory or
 * token another user could read or replace is refused: they could read the token and
 * act as the user, or swap the socket.
 */
export function ensureHome(home: string): void {
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(home);
  if (st.isSymbolicLink() || !st.isDirectory()) {
    throw new WardenError("insecure_state", `${home} must be a directory, not a link or a file`, { path: home });
  }
  checkOwnerOnly(home, st, `chmod 700 '${home}'`);
}

/** The token clients present on connect; created once, random, mode 0600. */
export function ensureToken(tokenPath: string): string {
  try {
    const fd = fs.openSync(tokenPath, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    try {
      fs.writeSync(fd, randomBytes(32).toString("base64url"));
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    if (!isErrno(err, "EEXIST")) throw err;
  }
  return readToken(tokenPath);
}

/**
 * Reads the token, refusing one others could have read: we do not silently fix the
 * mode, because a token that was exposed must be replaced, not hidden again.
 */
export function readToken(tokenPath: string): string {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(tokenPath);
  } catch (err) {
    if (isErrno(err, "ENOENT")) {
      throw new WardenError("not_running", `no token file at ${tokenPath}: the daemon has not been started with this WARDEN_HOME`);
    }
    throw err;
  }
  if (st.isSymbolicLink() || !st.isFile()) {
    throw new WardenError("insecure_state", `token file ${tokenPath} must be a regular file, not a link`, { path: tokenPath });
  }
  checkOwnerOnly(tokenPath, st, `rm '${tokenPath}' (a new token is created on the next start)`);
  const token = fs.readFileSync(tokenPath, "utf8").trim();
  if (!/^[A-Za-z0-9_-]{32,}$/.test(token)) {
    throw new WardenError("insecure_state", `token file ${tokenPath} is malformed; remove it and restart the daemon`, { path: tokenPath });
  }
  return token;
}

function checkOwnerOnly(p: string, st: fs.Stats, fix: string): void {
  if (process.platform === "win32") return;
  const uid = process.getuid?.();
  if (uid !== undefined && st.uid !== uid) {
    throw new WardenError("insecure_state", `${p} is owned by uid ${st.uid}, not by you (uid ${uid})`, { path: p });
  }
  const loose = st.mode & 0o077;
  if (loose !== 0) {
    const mode = (st.mode & 0o777).toString(8).padStart(4, "0");
    throw new WardenError("insecure_state", `${p} has mode ${mode}: other users can access it. Fix: ${fix}`, { path: p, mode });
  }
}

export function isErrno(err: unknown, code: string): boolean {
  return err instanceof Error && "code" in err && err.code === code;
}

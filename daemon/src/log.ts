import fs from "node:fs";

/**
 * The daemon's operational log: one JSON object a line on stderr (which is the log
 * file when the daemon runs in the background). It is for operators; what agents did
 * goes to the audit log, never here alone.
 */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * Writes each line straight to descriptor 2. With the log file on a full disk a failed
 * write on process.stderr is an 'error' event nobody handles, which killed the daemon
 * and left every agent blocked until a restart; here it costs only the line. Lost lines
 * are counted and the count is logged once writing works again.
 */
export function stderrWriter(fd = 2): (line: string) => void {
  let lost = 0;
  const put = (text: string): void => {
    const data = Buffer.from(text);
    for (let at = 0; at < data.length; ) at += fs.writeSync(fd, data, at);
  };
  return (line) => {
    try {
      if (lost > 0) put(`${JSON.stringify({ ts: new Date().toISOString(), level: "warn", msg: "log lines were lost: the log could not be written", lost })}\n`);
      lost = 0;
      put(line);
    } catch {
      lost += 1;
    }
  };
}

export function createLogger(write: (line: string) => void = stderrWriter()): Logger {
  const emit = (level: string, msg: string, fields?: Record<string, unknown>): void => {
    write(`${JSON.stringify({ ts: new Date().toISOString(), level, msg, ...fields })}\n`);
  };
  return {
    info: (msg, fields) => emit("info", msg, fields),
    warn: (msg, fields) => emit("warn", msg, fields),
    error: (msg, fields) => emit("error", msg, fields),
  };
}

export function errorFields(err: unknown): Record<string, unknown> {
  return err instanceof Error ? { error: err.message, stack: err.stack } : { error: String(err) };
}

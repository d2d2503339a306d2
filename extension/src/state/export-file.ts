import { randomBytes } from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { finished } from "node:stream/promises";
import { WardenError } from "../../../protocol/src/errors";
import { ExportSink } from "./audit-export";

/**
 * Writes an export to `target` through a private temporary file beside it, renamed
 * into place only when `body` succeeds: an export that fails or is cancelled
 * leaves nothing that could pass for a complete log. The file is created with mode
 * 0600 (the log names files, commands and hosts). `overwrite` is for a target the
 * human confirmed in the save dialog; otherwise an existing file is refused.
 */
export async function writeExportFile<T>(target: string, overwrite: boolean, body: (sink: ExportSink) => Promise<T>): Promise<T> {
  if (!path.isAbsolute(target)) throw new WardenError("bad_config", `the export file '${target}' must be an absolute path`);
  if (!overwrite && fs.existsSync(target)) throw new WardenError("already_exists", `${target} exists; choose a new file (exports never overwrite without asking)`);
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString("hex")}.partial`);
  const stream = fs.createWriteStream(temp, { flags: "wx", mode: 0o600 });
  // Set by the stream's error event, which flow analysis cannot see, hence the holder.
  const state: { failure: Error | null } = { failure: null };
  stream.on("error", (err) => (state.failure = err));
  const sink: ExportSink = {
    write: (text) =>
      new Promise<void>((resolve, reject) => {
        if (state.failure !== null) return reject(state.failure);
        if (stream.write(text)) return resolve();
        const onDrain = (): void => {
          stream.off("error", onError);
          resolve();
        };
        const onError = (err: Error): void => {
          stream.off("drain", onDrain);
          reject(err);
        };
        stream.once("drain", onDrain);
        stream.once("error", onError);
      }),
  };
  try {
    const result = await body(sink);
    if (state.failure !== null) throw state.failure;
    stream.end();
    await finished(stream);
    if (overwrite) {
      await fs.promises.rename(temp, target);
    } else {
      // link() refuses an existing target, so a file created meanwhile is not replaced.
      await fs.promises.link(temp, target).catch((err: unknown) => {
        throw err instanceof Error && "code" in err && err.code === "EEXIST" ? new WardenError("already_exists", `${target} appeared while exporting; nothing was replaced, choose a new file`) : err;
      });
      await fs.promises.rm(temp, { force: true });
    }
    return result;
  } catch (err) {
    // The stream opens its file asynchronously: wait until it is closed, or it could create the file after the rm.
    const closed = stream.closed ? Promise.resolve() : once(stream, "close");
    stream.destroy();
    await closed.catch(() => undefined);
    await fs.promises.rm(temp, { force: true });
    throw err;
  }
}

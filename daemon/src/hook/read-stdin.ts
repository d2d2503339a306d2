import { WardenError } from "../../../protocol/src/errors";

/** Largest hook input read from stdin (a Write of a big file carries the whole file). */
export const MAX_HOOK_INPUT_BYTES = 4 * 1024 * 1024;

/**
 * Reads a stream to its end, refusing more than `limit` bytes: a runaway or hostile
 * writer cannot make the hook allocate without bound.
 */
export function readBounded(stream: NodeJS.ReadableStream, limit: number = MAX_HOOK_INPUT_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const fail = (err: WardenError): void => {
      if (done) return;
      done = true;
      stream.removeAllListeners("data");
      stream.pause();
      reject(err);
    };
    stream.on("data", (chunk: Buffer | string) => {
      const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
      size += buf.length;
      if (size > limit) fail(new WardenError("frame_too_large", `the hook input on stdin is larger than ${limit} bytes`));
      else chunks.push(buf);
    });
    stream.once("error", (err: Error) => fail(new WardenError("internal", `cannot read the hook input on stdin: ${err.message}`)));
    stream.once("end", () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks));
    });
  });
}

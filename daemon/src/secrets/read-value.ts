import { WardenError } from "../../../protocol/src/errors";
import { MAX_SECRET_LENGTH } from "../../../protocol/src/secrets-methods";

/** The streams a value is read from: the process's own, or a test's. */
export interface ValueInput {
  stdin: NodeJS.ReadStream | NodeJS.ReadableStream;
  stderr: NodeJS.WritableStream;
}

/**
 * A secret's value for `warden secret set|rotate`: typed at a hidden prompt (twice,
 * so a typo is not stored) when stdin is a terminal, else read whole from stdin
 * (one trailing newline dropped, as `echo` and here-strings add one). Never from
 * argv: that is visible to every user in `ps` and kept in shell history.
 */
export async function readSecretValue(name: string, io: ValueInput = { stdin: process.stdin, stderr: process.stderr }): Promise<string> {
  const { stdin } = io;
  if ("isTTY" in stdin && stdin.isTTY === true && "setRawMode" in stdin) {
    const first = await hiddenPrompt(stdin, io.stderr, `Value for ${name} (not shown): `);
    const again = await hiddenPrompt(stdin, io.stderr, "Again, to confirm: ");
    if (first !== again) throw new WardenError("invalid_params", "the two values differ; nothing was stored. Run the command again");
    return checked(first);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_SECRET_LENGTH * 4 + 2) throw new WardenError("invalid_params", `stdin holds more than a secret value can be (${MAX_SECRET_LENGTH} characters)`);
    chunks.push(buf);
  }
  return checked(Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, ""));
}

function checked(value: string): string {
  if (value === "") throw new WardenError("invalid_params", "no value was given: type it at the prompt, or pipe it on stdin (printf %s \"$VALUE\" | warden secret set NAME)");
  return value;
}

/** Reads one line with echo off; Ctrl-C or Ctrl-D abandons it. */
function hiddenPrompt(tty: NodeJS.ReadStream, out: NodeJS.WritableStream, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    out.write(question);
    let value = "";
    const wasRaw = tty.isRaw;
    tty.setRawMode(true);
    tty.resume();
    const finish = (err: WardenError | null): void => {
      tty.removeListener("data", onData);
      tty.setRawMode(wasRaw);
      tty.pause();
      out.write("\n");
      if (err === null) resolve(value);
      else reject(err);
    };
    const onData = (data: Buffer): void => {
      for (const ch of data.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return finish(null);
        if (ch === "\u0003" || ch === "\u0004") return finish(new WardenError("invalid_params", "cancelled; nothing was stored"));
        if (ch === "\u007f" || ch === "\b") value = [...value].slice(0, -1).join("");
        else value += ch;
      }
    };
    tty.on("data", onData);
  });
}

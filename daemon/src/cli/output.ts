import { WardenError } from "../../../protocol/src/errors";
import { exitCodeFor } from "./exit-codes";

/**
 * How a command talks back: human text by default, one JSON document with `--json`.
 * Errors are one line on stderr naming the bad input (and the same as JSON on
 * stdout with `--json`, so scripts get a parseable answer either way).
 */
export class Output {
  constructor(
    readonly json: boolean,
    private readonly out: NodeJS.WritableStream = process.stdout,
    private readonly err: NodeJS.WritableStream = process.stderr,
  ) {}

  /** Prints `human` (text) or `data` (as JSON) depending on the mode. */
  result(human: string, data: unknown): void {
    this.out.write(this.json ? `${JSON.stringify(data)}\n` : `${human}\n`);
  }

  /** A line of text for humans only (progress, hints); silent in JSON mode. */
  info(line: string): void {
    if (!this.json) this.err.write(`${line}\n`);
  }

  /** Writes raw output (streams of JSON lines). */
  write(text: string): boolean {
    return this.out.write(text);
  }

  fail(err: WardenError): number {
    this.err.write(`warden: ${err.message}\n`);
    if (this.json) this.out.write(`${JSON.stringify({ error: err.toJSON() })}\n`);
    return exitCodeFor(err.code);
  }
}

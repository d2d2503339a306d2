/** How the demo talks to the person running it: sections, the commands it runs, and their output. */
export class Out {
  private readonly started = Date.now();

  constructor(private readonly color: boolean) {}

  section(title: string): void {
    process.stdout.write(`\n${this.paint("1", `== ${title}`)}\n`);
  }

  /** A command as the user would type it. */
  command(line: string): void {
    process.stdout.write(`${this.paint("2", "$")} ${line}\n`);
  }

  /** A command's own output, indented under it. */
  output(text: string): void {
    for (const line of text.replace(/\s+$/, "").split("\n")) if (line !== "") process.stdout.write(`  ${line}\n`);
  }

  line(text = ""): void {
    process.stdout.write(`${text}\n`);
  }

  /** A timestamped line of what is happening live (agent tool calls, approvals). */
  live(text: string): void {
    const s = ((Date.now() - this.started) / 1000).toFixed(1).padStart(5);
    process.stdout.write(`${this.paint("2", `[${s}s]`)} ${text}\n`);
  }

  warn(text: string): void {
    process.stderr.write(`demo: ${text}\n`);
  }

  elapsedSeconds(): number {
    return Math.round((Date.now() - this.started) / 1000);
  }

  private paint(code: string, text: string): string {
    return this.color ? `\x1b[${code}m${text}\x1b[0m` : text;
  }
}

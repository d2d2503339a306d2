/** Named steps of a scenario: each passes or fails on its own, and the first failure stops the scenario. */
export class StepRunner {
  passed = 0;
  failed = 0;

  constructor(private readonly log: (line: string) => void) {}

  async run(name: string, body: () => Promise<void> | void, onFailure?: () => Promise<void>): Promise<void> {
    const started = Date.now();
    try {
      await body();
      this.passed++;
      this.log(`ok   - ${name} (${Date.now() - started} ms)`);
    } catch (err) {
      if (onFailure !== undefined) await onFailure().catch(() => undefined);
      this.fail(name, err);
      throw new StepFailed(name);
    }
  }

  fail(name: string, err: unknown): void {
    if (err instanceof StepFailed) return;
    this.failed++;
    this.log(`FAIL - ${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
}

/** Thrown after a failed step has been counted, to stop the scenario without counting it twice. */
export class StepFailed extends Error {
  override readonly name = "StepFailed";
}

/**
 * What runs inside the benchmark page (headless Chromium). Every function here is
 * handed to playwright as source, so each one is self-contained: no imports, no
 * closures over Node-side values, only its argument.
 */

export interface StreamFigures {
  seconds: number;
  rowsPerSecond: number;
  frames: number;
  medianMs: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Frames that took over 50 ms (a visible stutter). */
  longFrames: number;
}

export interface ListFigures {
  /** From the first message posted to the frame after the last row message was handled. */
  renderMs: number;
  rowsShown: number;
  domNodes: number;
  heapMb: number | null;
  stream: StreamFigures;
}

export interface PageResult {
  virtual: ListFigures;
  naive: ListFigures;
  /** Messages the webview dropped as malformed during its own phase (must be 0: the fake host speaks the real protocol). */
  droppedByWebview: number;
}

export interface BenchConfig {
  rows: number;
  /** Rows per activity/reset message, as the extension host sends a whole log. */
  chunk: number;
  streamSeconds: number;
  /** Rows per second while streaming, sent as the host batches them (every 100 ms). */
  streamRate: number;
}

/** Installed before the webview bundle runs: the `acquireVsCodeApi` a webview gets from VS Code, recording what it posts. */
export function installFakeVsCodeApi(): void {
  const sent: unknown[] = [];
  Reflect.set(window, "__wardenSent", sent);
  Reflect.set(window, "acquireVsCodeApi", () => ({ postMessage: (message: unknown) => void sent.push(message) }));
}

/**
 * The whole measurement, in one page: the real webview (its bundle rendering the
 * activity log in #root) and, beside it in #naive, a plain list that puts every
 * row in the DOM. Both get the same rows the same way (window messages, in the
 * chunks and batches the extension host uses); the webview's are the real
 * protocol's `activity/reset` and `activity/append`, which it validates.
 */
export async function runInPage(config: BenchConfig): Promise<PageResult> {
  const AGENTS = ["builder", "reviewer", "docs-bot", "release", "triage"];
  const KINDS = ["file.read", "file.write", "shell.exec", "git.push", "http.request"];
  const DECISIONS = ["allow", "allow", "allow", "allow+log", "ask", "deny"];
  const makeRows = (from: number, count: number): unknown[] => {
    const rows: unknown[] = [];
    for (let i = 0; i < count; i++) {
      const seq = from + i;
      const action = KINDS[seq % KINDS.length] ?? "file.read";
      rows.push({
        seq,
        ts: new Date(1_767_225_600_000 + seq * 37).toISOString(),
        kind: "action.decided",
        agent: AGENTS[seq % AGENTS.length] ?? null,
        decision: DECISIONS[seq % DECISIONS.length] ?? "allow",
        action,
        target: action === "shell.exec" ? `npm test -- --grep case-${seq}` : `src/generated/module-${seq % 997}/file-${seq}.ts`,
        detail: `Bash · rule-${seq % 40} · matched the workspace policy's rule for ${action} (${seq})`,
        ok: null,
      });
    }
    return rows;
  };
  const post = (message: unknown): void => window.postMessage(message, "*");
  const afterPaint = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const until = async (probe: () => boolean, what: string, timeoutMs = 120_000): Promise<void> => {
    const started = performance.now();
    while (!probe()) {
      if (performance.now() - started > timeoutMs) throw new Error(`benchmark page: ${what} did not happen within ${timeoutMs} ms`);
      await new Promise((r) => requestAnimationFrame(r));
    }
  };
  const quantile = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;
  const heapMb = (): number | null => {
    const memory: unknown = Reflect.get(performance, "memory");
    const used: unknown = typeof memory === "object" && memory !== null ? Reflect.get(memory, "usedJSHeapSize") : null;
    return typeof used === "number" ? Math.round((used / 1_048_576) * 10) / 10 : null;
  };

  /** Streams `streamRate` rows a second for `streamSeconds`, scrolling the list now and then, and records every frame. */
  const stream = async (send: (rows: unknown[]) => void, scroller: HTMLElement, firstSeq: number): Promise<StreamFigures> => {
    const gaps: number[] = [];
    let last = performance.now();
    let recording = true;
    const tick = (t: number): void => {
      gaps.push(t - last);
      last = t;
      if (recording) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    const perBatch = Math.round(config.streamRate / 10);
    const started = performance.now();
    let sent = 0;
    let batches = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        send(makeRows(firstSeq + sent, perBatch));
        sent += perBatch;
        batches++;
        // A person reading: scroll down a little, and back up, every half second.
        if (batches % 5 === 0) scroller.scrollTop += batches % 10 === 0 ? -600 : 800;
        if (performance.now() - started >= config.streamSeconds * 1000) {
          clearInterval(timer);
          resolve();
        }
      }, 100);
    });
    await afterPaint();
    recording = false;
    const seconds = (performance.now() - started) / 1000;
    const sorted = gaps.slice(1).sort((a, b) => a - b);
    return {
      seconds,
      rowsPerSecond: sent / seconds,
      frames: sorted.length,
      medianMs: quantile(sorted, 0.5),
      p95Ms: quantile(sorted, 0.95),
      p99Ms: quantile(sorted, 0.99),
      maxMs: sorted.at(-1) ?? Number.NaN,
      longFrames: sorted.filter((g) => g > 50).length,
    };
  };

  const domNodes = (): number => document.getElementsByTagName("*").length;
  const rows = [];
  for (let i = 0; i < config.rows; i += config.chunk) rows.push(makeRows(i + 1, Math.min(config.chunk, config.rows - i)));
  const expected = `${config.rows.toLocaleString()} events`;

  // ---- the webview (virtualised)
  const counts = document.getElementById("activity-counts");
  const viewport = document.getElementById("activity-rows");
  if (counts === null || viewport === null) throw new Error("benchmark page: the webview bundle did not render the activity log (#activity-counts, #activity-rows)");
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.map(String).join(" "));
  let t0 = performance.now();
  rows.forEach((chunk, i) => post({ type: "activity/reset", rows: chunk, done: i === rows.length - 1 }));
  await until(() => counts.textContent === expected && viewport.querySelectorAll(".vl-row span").length > 0, `the webview showing '${expected}'`);
  await afterPaint();
  const virtualRender = performance.now() - t0;
  const virtualNodes = domNodes();
  const virtualHeap = heapMb();
  const virtualStream = await stream((batch) => post({ type: "activity/append", rows: batch }), viewport, config.rows + 1);
  const virtualShown = Number((counts.textContent ?? "").replace(/[^0-9]/g, ""));
  const droppedByWebview = warnings.filter((w) => w.includes("dropped a malformed message")).length;
  post({ type: "activity/reset", rows: [], done: true });
  await until(() => counts.textContent === "0 events", "the webview emptied");
  console.warn = warn;

  // ---- the baseline: every row in the DOM, newest first, built with textContent as the webview does
  const naive = document.getElementById("naive");
  if (naive === null) throw new Error("benchmark page: #naive is missing");
  const naiveRow = (r: unknown): HTMLDivElement => {
    const node = document.createElement("div");
    node.className = "naive-row";
    const get = (k: string): string => String((typeof r === "object" && r !== null ? Reflect.get(r, k) : "") ?? "");
    for (const k of ["ts", "agent", "decision", "action", "target", "detail"]) {
      const cell = document.createElement("span");
      cell.textContent = k === "ts" ? new Date(get(k)).toLocaleTimeString(undefined, { hour12: false }) : get(k);
      node.append(cell);
    }
    return node;
  };
  let naiveDone = false;
  const onNaive = (event: MessageEvent<unknown>): void => {
    const m = event.data;
    if (typeof m !== "object" || m === null) return;
    const type: unknown = Reflect.get(m, "type");
    const batch: unknown = Reflect.get(m, "rows");
    if ((type !== "naive/reset" && type !== "naive/append") || !Array.isArray(batch)) return;
    const fragment = document.createDocumentFragment();
    for (let i = batch.length - 1; i >= 0; i--) fragment.append(naiveRow(batch[i]));
    naive.prepend(fragment);
    if (Reflect.get(m, "done") === true) naiveDone = true;
  };
  window.addEventListener("message", onNaive);
  t0 = performance.now();
  // Another type, so the webview (still listening) drops these at its first check instead of drawing them.
  rows.forEach((chunk, i) => post({ type: "naive/reset", rows: chunk, done: i === rows.length - 1 }));
  await until(() => naiveDone && naive.childElementCount === config.rows, `the naive list holding ${config.rows} rows`, 600_000);
  await afterPaint();
  const naiveRender = performance.now() - t0;
  const naiveNodes = domNodes();
  const naiveHeap = heapMb();
  const naiveStream = await stream((batch) => post({ type: "naive/append", rows: batch }), naive, config.rows + 1);
  window.removeEventListener("message", onNaive);

  return {
    virtual: { renderMs: virtualRender, rowsShown: virtualShown, domNodes: virtualNodes, heapMb: virtualHeap, stream: virtualStream },
    naive: { renderMs: naiveRender, rowsShown: naive.childElementCount, domNodes: naiveNodes, heapMb: naiveHeap, stream: naiveStream },
    droppedByWebview,
  };
}

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO, loadPlaywright } from "../deps";
import { BenchConfig, ListFigures, PageResult, installFakeVsCodeApi, runInPage } from "./in-page";

/**
 * `npm run bench:webview`: the activity webview against a naive list, in headless
 * Chromium (playwright-core driving /usr/bin/chromium with the flags PRODUCT.md
 * names). The page holds the built webview bundle (extension/out/webview) with a
 * fake VS Code host that posts the real protocol's messages, and beside it a list
 * that puts every row in the DOM — the baseline — measured in the same run:
 *   - time to render 100,000 rows (sent as the extension host sends a whole log);
 *   - frame times while 1,000 rows a second arrive and the list is scrolled.
 * Prints figures and ratios; never fails on timings (only when it cannot measure).
 */
const WEBVIEW = path.join(REPO, "extension", "out", "webview");
const ORIGIN = "http://warden-bench.invalid";
const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const CONFIG: BenchConfig = {
  rows: Number(process.env["WARDEN_BENCH_ROWS"] ?? 100_000),
  chunk: 5000,
  streamSeconds: Number(process.env["WARDEN_BENCH_STREAM_SECONDS"] ?? 10),
  streamRate: 1000,
};

/** The page: VS Code's theme variables the stylesheet uses, the webview's root, and the baseline's container beside it. */
const PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><title>Warden activity webview benchmark</title>
<link rel="stylesheet" href="${ORIGIN}/webview.css">
<style>
  :root { --vscode-font-family: system-ui, sans-serif; --vscode-font-size: 13px; --vscode-editor-font-family: monospace; --vscode-editor-font-size: 12px;
          --vscode-foreground: #ccc; --vscode-editor-background: #1e1e1e; --vscode-panel-border: #444; --vscode-list-hoverBackground: #2a2d2e; }
  body { display: flex; flex-direction: row; }
  #root { flex: 1 1 50%; min-width: 0; }
  #naive { flex: 1 1 50%; min-width: 0; overflow-y: auto; border-left: 1px solid #444; }
  .naive-row { display: grid; grid-template-columns: 72px 110px 70px 100px minmax(120px, 2fr) minmax(120px, 3fr); gap: 8px; padding: 0 8px; height: 22px; align-items: center; white-space: nowrap; }
  .naive-row > span { overflow: hidden; text-overflow: ellipsis; }
</style></head>
<body data-page="activity"><main id="root"></main><section id="naive" aria-label="baseline: every row in the DOM"></section>
<script src="${ORIGIN}/webview.js"></script></body></html>`;

function check(): void {
  for (const f of ["webview.js", "webview.css"]) {
    if (!fs.existsSync(path.join(WEBVIEW, f))) throw new Error(`${path.join(WEBVIEW, f)} is missing: build the webview bundle with 'node extension/build.mjs' (needs 'npm ci' in extension/)`);
  }
  if (!fs.existsSync("/usr/bin/chromium")) throw new Error("/usr/bin/chromium is missing: run test/vscode/install.sh (it installs Debian's chromium)");
}

const ms = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : "n/a");
const ratio = (naive: number, virtual: number): string => (virtual > 0 && Number.isFinite(naive) ? `${(naive / virtual).toFixed(1)}×` : "n/a");

function table(r: PageResult): string {
  const row = (label: string, f: (x: ListFigures) => string, k: (x: ListFigures) => number): string =>
    `  ${label.padEnd(34)}${f(r.virtual).padStart(16)}${f(r.naive).padStart(16)}${ratio(k(r.naive), k(r.virtual)).padStart(12)}`;
  const s = (x: ListFigures) => x.stream;
  return [
    `  ${"".padEnd(34)}${"virtualised".padStart(16)}${"naive".padStart(16)}${"naive/virt".padStart(12)}`,
    row(`render ${CONFIG.rows.toLocaleString("en")} rows`, (x) => ms(x.renderMs), (x) => x.renderMs),
    row("DOM elements after render", (x) => x.domNodes.toLocaleString("en"), (x) => x.domNodes),
    row("JS heap after render (not DOM)", (x) => (x.heapMb === null ? "n/a" : `${x.heapMb} MB`), (x) => x.heapMb ?? Number.NaN),
    row(`stream ${CONFIG.streamRate}/s: rows/s achieved`, (x) => s(x).rowsPerSecond.toFixed(0), () => Number.NaN),
    row("  frames drawn", (x) => String(s(x).frames), () => Number.NaN),
    row("  frame time median", (x) => ms(s(x).medianMs), (x) => s(x).medianMs),
    row("  frame time p95", (x) => ms(s(x).p95Ms), (x) => s(x).p95Ms),
    row("  frame time p99", (x) => ms(s(x).p99Ms), (x) => s(x).p99Ms),
    row("  frame time max", (x) => ms(s(x).maxMs), (x) => s(x).maxMs),
    row("  frames over 50 ms", (x) => String(s(x).longFrames), (x) => s(x).longFrames),
  ].join("\n");
}

async function main(): Promise<number> {
  check();
  const { chromium } = loadPlaywright();
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_FLAGS });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (err) => pageErrors.push(err.message));
    // No server and no network: the page and the bundle are answered from memory and disk.
    await page.route(`${ORIGIN}/**`, async (route) => {
      const name = new URL(route.request().url()).pathname.slice(1);
      if (name === "index.html") return route.fulfill({ contentType: "text/html", body: PAGE });
      if (name === "webview.js" || name === "webview.css") return route.fulfill({ contentType: name.endsWith(".js") ? "text/javascript" : "text/css", body: fs.readFileSync(path.join(WEBVIEW, name)) });
      return route.fulfill({ status: 404, body: "" });
    });
    await page.addInitScript(installFakeVsCodeApi);
    await page.goto(`${ORIGIN}/index.html`);
    await page.locator("#activity-counts").waitFor({ timeout: 30_000 });
    const sent: unknown = await page.evaluate(() => JSON.stringify(Reflect.get(window, "__wardenSent")));
    if (sent !== JSON.stringify([{ type: "ready" }])) throw new Error(`the webview should say 'ready' once and nothing else before any message; it sent ${String(sent)}`);
    const started = Date.now();
    const result = await page.evaluate(runInPage, CONFIG);
    if (pageErrors.length > 0) throw new Error(`the page threw: ${pageErrors.join("; ")}`);
    if (result.droppedByWebview > 0) throw new Error(`the webview dropped ${result.droppedByWebview} of the fake host's messages as malformed: the benchmark does not speak the real protocol`);
    const version = browser.version();
    process.stdout.write(
      [
        `webview benchmark: Chromium ${version} headless (software rendering), ${os.cpus().length} cores, viewport 1400×900; ${Math.round((Date.now() - started) / 1000)} s`,
        `  rows arrive as the extension host sends them: ${CONFIG.chunk.toLocaleString("en")}-row activity/reset messages, then activity/append every 100 ms`,
        table(result),
        `  rows shown at the end: virtualised ${result.virtual.rowsShown.toLocaleString("en")}, naive ${result.naive.rowsShown.toLocaleString("en")}`,
        "  (the webview also validates every message with the protocol's schemas; the naive list does not, so the comparison favours the baseline)",
        "",
      ].join("\n"),
    );
    return 0;
  } finally {
    await browser.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`webview benchmark could not measure: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);

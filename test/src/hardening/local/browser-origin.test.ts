import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import { after, before, describe, test } from "node:test";
import { TempWarden } from "../../helpers/warden-home";
import { AgentFixture, isAllowed } from "../agent-fixture";
import { launchChromium, type Browser } from "./headless-browser";

/**
 * A web page cannot reach the daemon (issue 9), attacked from a real browser: headless
 * Chromium (playwright-core, /usr/bin/chromium) opens pages whose scripts go for the
 * daemon's loopback listener. The worst case is assumed: the page knows a valid agent
 * token (leaked into a log, a paste…), so only the browser checks stand in the way.
 * - a page on another origin (http://evil.test:P, mapped to 127.0.0.1): WebSocket and
 *   fetch to 127.0.0.1 and localhost, simple and preflighted, hook and MCP routes;
 * - DNS rebinding: the page is served as http://rebind.test:DAEMON_PORT/ (as the attacker's
 *   server would, before the name is re-pointed at 127.0.0.1), so its requests to the
 *   daemon are same-origin; a same-origin GET carries no Origin, only the Host header
 *   gives it away.
 * Every attempt must be refused, and the refusals must be in the daemon's audit log
 * and in its operational log with their reasons.
 */
const SCRIPT = String.raw`
const results = {};
function ws(url) {
  return new Promise((resolve) => {
    let socket;
    try { socket = new WebSocket(url); } catch (e) { resolve("threw " + e.message); return; }
    const timer = setTimeout(() => resolve("timeout"), 5000);
    socket.onopen = () => { clearTimeout(timer); resolve("open"); socket.close(); };
    socket.onerror = () => { clearTimeout(timer); resolve("error"); };
  });
}
async function call(url, init) {
  try {
    const r = await fetch(url, init);
    let body = "";
    try { body = await r.text(); } catch (e) { body = ""; }
    return r.type === "opaque" ? "opaque" : "status " + r.status + " " + body.slice(0, 300);
  } catch (e) { return "failed " + e.message; }
}
const hook = JSON.stringify({ session_id: "browser", cwd: WORKSPACE, hook_event_name: "PreToolUse", tool_name: "Bash", tool_input: { command: "git status" } });
const auth = { Authorization: "Bearer " + TOKEN, "Content-Type": "application/json" };
(async () => {
  for (const [name, run] of ATTACKS) results[name] = await run();
  window.__results = JSON.stringify(results);
})();
`;

const CROSS_ORIGIN_ATTACKS = String.raw`[
  ["ws 127.0.0.1", () => ws("ws://127.0.0.1:" + DAEMON_PORT + "/")],
  ["ws localhost", () => ws("ws://localhost:" + DAEMON_PORT + "/?token=" + TOKEN)],
  ["simple POST hook", () => call("http://127.0.0.1:" + DAEMON_PORT + "/hooks/claude-code", { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body: hook })],
  ["preflighted POST hook", () => call("http://127.0.0.1:" + DAEMON_PORT + "/hooks/claude-code", { method: "POST", headers: auth, body: hook })],
  ["simple POST mcp", () => call("http://localhost:" + DAEMON_PORT + "/mcp", { method: "POST", mode: "no-cors", headers: { "Content-Type": "text/plain" }, body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' })],
  ["control", () => call("http://evil.test:" + PAGE_PORT + "/control", {})],
]`;

const REBINDING_ATTACKS = String.raw`[
  ["rebound GET hook", () => call("/hooks/claude-code", { headers: { Authorization: "Bearer " + TOKEN } })],
  ["rebound POST hook", () => call("/hooks/claude-code", { method: "POST", headers: auth, body: hook })],
  ["rebound ws", () => ws("ws://rebind.test:" + DAEMON_PORT + "/")],
]`;

function page(attacks: string, values: Record<string, string | number>): string {
  const constants = Object.entries(values).map(([name, value]) => `const ${name} = ${JSON.stringify(value)};`).join("\n");
  return `<!doctype html><html><body><script>\n${constants}\nconst ATTACKS = ${attacks};\n${SCRIPT}</script></body></html>`;
}

function parseResults(value: unknown): Record<string, string> {
  if (typeof value !== "string") throw new Error(`the page returned ${typeof value}`);
  const parsed: unknown = JSON.parse(value);
  if (typeof parsed !== "object" || parsed === null) throw new Error(`the page returned ${value}`);
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
}

describe("a web page cannot reach the daemon, from a real browser", () => {
  const w = new TempWarden();
  const fx = new AgentFixture(w);
  let browser: Browser | null = null;
  let pageServer: http.Server | null = null;
  let pagePort = 0;
  let daemonPort = 0;
  let pageHtml = "";

  before(async () => {
    await fx.start();
    daemonPort = Number(fx.address.split(":")[1]);
    const server = http.createServer((req, res) => {
      if (req.url === "/control") {
        res.writeHead(200, { "Content-Type": "text/plain" });
        res.end("control reached");
        return;
      }
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(pageHtml);
    });
    pageServer = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    pagePort = typeof address === "object" && address !== null ? address.port : 0;
    browser = await launchChromium(["evil.test", "rebind.test"]);
  });

  after(async () => {
    await browser?.close();
    pageServer?.close();
    await fx.close();
  });

  async function refusals(fromSeq: number): Promise<Array<{ reason: string; origin: string | null }>> {
    const { records } = await fx.client().request("audit/query", { filter: { kinds: ["daemon.connection_refused"], fromSeq }, limit: 100 });
    return records.map((r) => {
      const payload = typeof r.payload === "object" && r.payload !== null && !Array.isArray(r.payload) ? r.payload : {};
      const reason = payload["reason"];
      return { reason: typeof reason === "string" ? reason : JSON.stringify(reason), origin: typeof payload["origin"] === "string" ? payload["origin"] : null };
    });
  }

  test("the token works outside a browser (the attacks below are refused for being browsers)", async () => {
    assert.ok(isAllowed(await fx.bash("git status")));
  });

  test("attack: a page on another origin gets no WebSocket and no answer from the daemon", async () => {
    assert.ok(browser !== null);
    const fromSeq = (await fx.headSeq()) + 1;
    pageHtml = page(CROSS_ORIGIN_ATTACKS, { TOKEN: fx.token, WORKSPACE: fx.workspace, DAEMON_PORT: daemonPort, PAGE_PORT: pagePort });
    const tab = await browser.newPage();
    await tab.goto(`http://evil.test:${pagePort}/`);
    await tab.waitForFunction("typeof window.__results === 'string'", undefined, { timeout: 60_000 });
    const results = parseResults(await tab.evaluate("window.__results"));
    console.log(`browser, cross-origin page: ${JSON.stringify(results)}`);
    assert.match(results["control"] ?? "", /^status 200 control reached/, "the page's own requests work");
    assert.notEqual(results["ws 127.0.0.1"], "open");
    assert.notEqual(results["ws localhost"], "open");
    // A preflighted call never gets past the preflight; simple ones come back opaque at most.
    assert.match(results["preflighted POST hook"] ?? "", /^failed/);
    for (const name of ["simple POST hook", "simple POST mcp"]) assert.match(results[name] ?? "", /^(opaque|failed)/, name);

    const refused = await refusals(fromSeq);
    const origin = `http://evil.test:${pagePort}`;
    const fromPage = refused.filter((r) => r.origin === origin);
    console.log(`browser, cross-origin page: ${fromPage.length} refusals audited: ${JSON.stringify([...new Set(fromPage.map((r) => r.reason))])}`);
    // Two WebSockets, two hook calls (the preflight stands for the preflighted one), one MCP call.
    assert.ok(fromPage.length >= 5, `expected at least 5 refusals from ${origin}, got ${JSON.stringify(refused)}`);
    assert.ok(fromPage.every((r) => /connections from browsers \(with an Origin header\) are refused/.test(r.reason)), JSON.stringify(fromPage));
    assert.deepEqual(await fx.decisions(fromSeq - 1), [], "no call from the page was decided");
    const log = fs.readFileSync(w.paths.logFile, "utf8");
    assert.ok(log.includes(`"msg":"connection refused","listener":"tcp","reason":"connections from browsers (with an Origin header) are refused","origin":"${origin}"`), "the daemon log names the refusal");
  });

  test("attack: DNS rebinding — a page whose host name now points at 127.0.0.1 — is refused by Host", async () => {
    assert.ok(browser !== null);
    const fromSeq = (await fx.headSeq()) + 1;
    const origin = `http://rebind.test:${daemonPort}`;
    const tab = await browser.newPage();
    const html = page(REBINDING_ATTACKS, { TOKEN: fx.token, WORKSPACE: fx.workspace, DAEMON_PORT: daemonPort, PAGE_PORT: pagePort });
    // The attacker's server answers the first load; every later request goes to 127.0.0.1:DAEMON_PORT.
    await tab.route(`${origin}/`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: html }));
    await tab.goto(`${origin}/`);
    await tab.waitForFunction("typeof window.__results === 'string'", undefined, { timeout: 60_000 });
    const results = parseResults(await tab.evaluate("window.__results"));
    console.log(`browser, rebinding page: ${JSON.stringify(results)}`);
    // Same-origin now, so the page could read any answer: it gets refusals only.
    assert.match(results["rebound GET hook"] ?? "", new RegExp(`^status 403 .*Host header 'rebind\\.test:${daemonPort}' is not this loopback listener`));
    assert.match(results["rebound POST hook"] ?? "", /^status 403 /);
    assert.notEqual(results["rebound ws"], "open");

    const refused = await refusals(fromSeq);
    console.log(`browser, rebinding page: ${refused.length} refusals audited: ${JSON.stringify([...new Set(refused.map((r) => r.reason))])}`);
    assert.ok(refused.some((r) => r.origin === null && r.reason === `Host header 'rebind.test:${daemonPort}' is not this loopback listener`), JSON.stringify(refused));
    assert.ok(refused.filter((r) => r.origin === origin).length >= 2, `the POST and the WebSocket are refused for their Origin: ${JSON.stringify(refused)}`);
  });
});

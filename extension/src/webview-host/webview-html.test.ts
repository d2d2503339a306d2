import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { makeNonce, webviewHtml } from "./webview-html";

describe("webview HTML", () => {
  const page = { title: 'Approve? <script>alert(1)</script>"', cspSource: "https://file+.vscode-resource.vscode-cdn.net", scriptUri: "https://x/webview.js", styleUri: "https://x/webview.css", page: "approval" } as const;

  test("strict CSP: nothing by default, scripts only with this load's nonce, no inline styles or eval", () => {
    const html = webviewHtml(page, "NONCE123");
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? "";
    assert.match(csp, /^default-src 'none'; /);
    assert.match(csp, /script-src 'nonce-NONCE123'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.match(html, /<script nonce="NONCE123" src="https:\/\/x\/webview.js"><\/script>/);
    assert.equal(html.match(/<script/g)?.length, 1);
  });

  test("attack: a title with markup (an agent's summary) is escaped, not parsed", () => {
    const html = webviewHtml(page, "N");
    assert.doesNotMatch(html, /<script>alert/);
    assert.match(html, /&#60;script&#62;alert\(1\)&#60;\/script&#62;&#34;/);
  });

  test("nonces are fresh and unguessable (144 bits from the CSPRNG)", () => {
    const nonces = new Set(Array.from({ length: 100 }, () => makeNonce()));
    assert.equal(nonces.size, 100);
    for (const n of nonces) assert.match(n, /^[A-Za-z0-9_-]{24}$/);
  });
});

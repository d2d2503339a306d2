import { randomBytes } from "node:crypto";

export interface WebviewPage {
  title: string;
  /** `webview.cspSource`: the origin VS Code serves the extension's files from. */
  cspSource: string;
  /** `webview.asWebviewUri(...)` of the bundled script and the stylesheet. */
  scriptUri: string;
  styleUri: string;
  /** Which page the bundle should render: "activity" or "approval". */
  page: "activity" | "approval";
}

/** A fresh nonce per page load, from the OS's CSPRNG. */
export function makeNonce(): string {
  return randomBytes(18).toString("base64url");
}

function escapeAttribute(value: string): string {
  // Attribute values are double-quoted, so the CSP's single quotes stay as they are.
  return value.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The HTML shell of a webview. Strict CSP: nothing loads unless named — scripts
 * only with this load's nonce, styles and fonts only from the extension. Attack:
 * agent-controlled text (targets, diffs, commit subjects) is shown in these pages,
 * so an injected `<script>` or inline handler must not run; the page builds its
 * DOM with textContent, never innerHTML, and the CSP is the second line.
 */
export function webviewHtml(page: WebviewPage, nonce: string = makeNonce()): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    // vscode-elements' components adopt constructed stylesheets; this covers our own sheet.
    `style-src ${page.cspSource}`,
    `font-src ${page.cspSource}`,
    `img-src ${page.cspSource} data:`,
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(page.styleUri)}">
<title>${escapeAttribute(page.title)}</title>
</head>
<body data-page="${page.page}">
<main id="root"></main>
<script nonce="${nonce}" src="${escapeAttribute(page.scriptUri)}"></script>
</body>
</html>`;
}

import { z } from "zod";
import { Action } from "../../../protocol/src/actions";
import { WardenError } from "../../../protocol/src/errors";
import { JsonValue } from "../../../protocol/src/json";
import { describeHttp } from "../approvals/describe";
import { needsExplicitRule, parseHttpTarget } from "../policy/http";
import { defineTool } from "./define-tool";
import { HopResponse, requestOnce } from "./http-exec";
import { BrokerServices, brokerAction, clip } from "./services";
import { hasReference } from "../secrets/references";
import { BrokerTool, Describe, ToolContext } from "./types";

export const MAX_REDIRECTS = 5;
export const HTTP_TIMEOUT_MS = 30_000;
/** Headers worth showing the agent; the rest stay out of its context. */
const SHOWN_HEADERS = ["content-type", "content-length", "location", "last-modified", "etag", "retry-after"];
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Credentials that must not follow a redirect to another origin (as fetch drops them). */
const ORIGIN_BOUND = new Set(["authorization", "cookie", "proxy-authorization"]);

const httpAction = (url: string, method: string): Action => brokerAction("http.request", url, "http_request", { method });

/**
 * http_request: one request whose every hop is decided. A redirect is not
 * followed blindly: the next URL is its own http.request, decided by policy (a
 * human asked where policy says so), and a refused hop ends the call there.
 */
export function httpTools(services: BrokerServices): BrokerTool[] {
  return [
    defineTool({
      name: "http_request",
      description: `Send an HTTP(S) request. Every redirect (at most ${MAX_REDIRECTS}) is decided by policy like the first request. The answer shows the status, a few headers and the body (cut at 1 MiB). Write \${secret:NAME} in a header value, the URL's path or query, or the body to have Warden put in a stored secret where policy binds it to the host; you never see the value.`,
      args: z.strictObject({
        url: z.string().min(1).max(8192).describe("http:// or https:// URL"),
        method: z.string().regex(/^[A-Za-z]{1,16}$/, "expected an HTTP method such as GET or POST").optional().describe("default GET"),
        headers: z.record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/, "expected a header name"), z.string().max(8192)).optional(),
        body: z.string().max(512 * 1024).optional().describe("request body (text)"),
      }),
      plan: (a, ctx) => {
        const method = (a.method ?? "GET").toUpperCase();
        const body = a.body ?? null;
        const contentType = Object.entries(a.headers ?? {}).find(([k]) => k.toLowerCase() === "content-type")?.[1] ?? null;
        // Secrets referenced are checked (stored, bound to this host for this agent) before anyone is asked.
        const secrets = services.secrets.planHttp(ctx.caller, ctx.workspace, { url: a.url, headers: a.headers ?? {}, body });
        const describe = (m: string, b: string | null): Describe => (action) => ({
          // A secret.use that asks is shown as the request it rides on.
          data: describeHttp(action.kind === "secret.use" ? a.url : action.target, m, b, contentType, secrets),
          rollback: "cannot be undone: the request leaves the machine",
        });
        return {
          actions: [httpAction(a.url, method), ...secrets.map((name) => brokerAction("secret.use", name, "http_request", { name, url: clip(a.url, 1024) }))],
          audit: { url: clip(a.url, 1024), method, ...(secrets.length > 0 ? { secrets } : {}) },
          describe: describe(method, body),
          execute: async (decided) => follow({ url: a.url, method, headers: a.headers ?? {}, body }, decided.seq, ctx, describe, services),
        };
      },
    }),
  ];
}

interface Request {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
}

async function follow(first: Request, firstSeq: number, ctx: ToolContext, describe: (m: string, b: string | null) => Describe, services: BrokerServices) {
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(HTTP_TIMEOUT_MS)]);
  const hops: JsonValue[] = [];
  let req = first;
  let decisionSeq = firstSeq;
  for (let hop = 0; ; hop++) {
    const target = parseHttpTarget(req.url);
    // Policy has refused such URLs already; this is the executor not trusting that.
    if (!target.ok) throw new WardenError("forbidden", `the URL is refused: ${target.reason}`);
    // Values go in only now, for this hop, where its binding allows; `req` keeps the references.
    const sent = await services.secrets.injectHttp(ctx.caller, ctx.workspace, { url: target.url, headers: req.headers, body: req.body }, decisionSeq);
    const res = await requestOnce({ url: sent.url, shownUrl: target.url, method: req.method, headers: sent.headers, body: sent.body, internalAllowed: needsExplicitRule(target), signal, redactor: services.secrets.stream() });
    hops.push({ url: target.url, method: req.method, status: res.status, decisionSeq });
    const location = res.headers.location;
    if (!REDIRECTS.has(res.status) || location === undefined) return answer(res, hops, null);
    if (hop + 1 > MAX_REDIRECTS) return answer(res, hops, `stopped after ${MAX_REDIRECTS} redirects`);
    let next: Request;
    try {
      next = redirected(req, target.url, location, res.status);
    } catch {
      return answer(res, hops, `the redirect to '${clip(location, 200)}' is not a valid URL`);
    }
    // Attack: a server planting ${secret:NAME} in Location, to have Warden put a value where it chooses.
    if (hasReference(next.url)) return answer(res, hops, "the redirect URL holds a secret reference; only references the agent wrote are filled in, so it was not followed");
    // Attack: a redirect to another host carrying a secret on in a re-sent body.
    if (new URL(next.url).origin !== new URL(target.url).origin && next.body !== null && hasReference(next.body)) {
      return answer(res, hops, `the redirect to ${clip(next.url, 500)} would carry a secret to another host in the body; not followed`);
    }
    const decided = await ctx.mediate([httpAction(next.url, next.method)], { describe: describe(next.method, next.body) });
    if (decided.decision.decision === "deny") {
      hops.push({ url: clip(next.url, 1024), method: next.method, status: null, decisionSeq: decided.seq });
      return answer(res, hops, `the redirect to ${clip(next.url, 500)} was denied by Warden: ${decided.decision.reason} [rule ${decided.decision.rule ?? "none"}]`);
    }
    req = next;
    decisionSeq = decided.seq;
  }
}

/** The next request as fetch would make it: 303 (and POST on 301/302) become GET, credentials stay with their origin. */
function redirected(req: Request, from: string, location: string, status: number): Request {
  const url = new URL(location, from);
  const toGet = status === 303 ? req.method !== "HEAD" : (status === 301 || status === 302) && req.method === "POST";
  const sameOrigin = url.origin === new URL(from).origin;
  const headers = Object.fromEntries(
    // A secret reference never follows a redirect to another origin, whatever header it is in.
    Object.entries(req.headers).filter(([k, v]) => (sameOrigin || (!ORIGIN_BOUND.has(k.toLowerCase()) && !hasReference(v))) && !(toGet && k.toLowerCase().startsWith("content-"))),
  );
  return { url: url.href, method: toGet ? "GET" : req.method, headers, body: toGet ? null : req.body };
}

function answer(res: HopResponse, hops: JsonValue[], stopped: string | null) {
  const head = [`HTTP ${res.status} ${res.statusText}`];
  for (const name of SHOWN_HEADERS) {
    const v = res.headers[name];
    if (v !== undefined) head.push(`${name}: ${Array.isArray(v) ? v.join(", ") : v}`);
  }
  const text = bodyText(res);
  const lines = [...head, "", text];
  if (stopped !== null) lines.push("", `[${stopped}]`);
  return {
    text: lines.join("\n"),
    ok: stopped === null,
    summary: `HTTP ${res.status} after ${hops.length} hop${hops.length === 1 ? "" : "s"}${stopped !== null ? ` (${clip(stopped, 200)})` : ""}`,
    ...(stopped !== null ? { error: stopped } : {}),
    fields: { status: res.status, hops, responseBytes: res.totalBytes },
  };
}

function bodyText(res: HopResponse): string {
  if (res.totalBytes === 0) return "(empty body)";
  const cut = res.truncated ? `\n[body truncated: ${res.totalBytes}+ bytes, the first ${res.body.length} shown]` : "";
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(res.body) + cut;
  } catch {
    // A cut may split a character; anything else undecodable is binary.
    if (res.truncated) return new TextDecoder("utf-8").decode(res.body) + cut;
    return `(binary body of ${res.totalBytes} bytes; not shown)`;
  }
}

import http from "node:http";
import { timingSafeEqual } from "node:crypto";

export interface ApiRequest {
  method: string;
  path: string;
  /** Whether it carried `Authorization: Bearer <the .env key>`. */
  authorized: boolean;
  /** Whether it carried any Authorization header at all. */
  hadAuthorization: boolean;
}

export interface PaymentsApi {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  requests: readonly ApiRequest[];
  close(): Promise<void>;
}

/**
 * A stand-in for the payment provider's API, on 127.0.0.1: the "external" service
 * the agent calls through Warden's broker. `/v1/status` is public; `/v1/balance`
 * answers only with the key from the workspace's .env as a Bearer token (which
 * Warden injects; the agent never holds it).
 */
export async function startPaymentsApi(apiKey: string): Promise<PaymentsApi> {
  const requests: ApiRequest[] = [];
  const expected = Buffer.from(`Bearer ${apiKey}`);
  const server = http.createServer((req, res) => {
    const auth = req.headers.authorization;
    const given = Buffer.from(auth ?? "");
    const authorized = given.length === expected.length && timingSafeEqual(given, expected);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push({ method: req.method ?? "?", path: url.pathname, authorized, hadAuthorization: auth !== undefined });
    req.resume();
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(`${JSON.stringify(body, null, 2)}\n`);
    };
    if (req.method === "GET" && url.pathname === "/v1/status") return send(200, { object: "status", status: "operational", region: "demo-local" });
    if (req.method === "GET" && url.pathname === "/v1/balance") {
      if (!authorized) return send(401, { error: { type: "invalid_request_error", message: "No valid API key provided." } });
      return send(200, { object: "balance", livemode: true, available: [{ amount: 482_500, currency: "usd" }], pending: [{ amount: 12_990, currency: "usd" }] });
    }
    send(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${req.method ?? "?"}: ${url.pathname})` } });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("payments API stand-in: no TCP address after listen");
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

import dns from "node:dns/promises";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { classifyIp } from "../policy/http";

export interface EgressProxy {
  /** The Unix socket the sandbox's bridge connects to. */
  socketPath: string;
  close(): Promise<void>;
}

export interface EgressRules {
  /** Host names as the policy lists them: exact, or "*.example.com" for subdomains. */
  hosts: readonly string[];
  /** "address:port" pairs never reached whatever the list says: Warden's own listener. */
  refuse: readonly string[];
  /** Told of every refused destination (recorded as sandbox.blocked). */
  onRefused(host: string): void;
}

/**
 * The only way out of a sandbox whose policy names hosts: an HTTP proxy (CONNECT for
 * TLS, absolute URLs for plain HTTP) on a Unix socket that the sandbox reaches
 * through a bridge, the sandbox itself having no network. Each destination is
 * checked against the list, resolved here (so DNS cannot leak from inside and a
 * name cannot rebind between check and connect), and connected by address.
 */
export async function startEgressProxy(rules: EgressRules): Promise<EgressProxy> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "warden-egress-"));
  const socketPath = path.join(dir, "proxy.sock");
  const server = http.createServer((req, res) => {
    void forward(req, res, rules);
  });
  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    void tunnel(req, client, head, rules);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, resolve);
  });
  return {
    socketPath,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Where a request may go: the address to connect to, or why not. */
export async function destination(host: string, port: number, rules: EgressRules): Promise<{ address: string } | { refused: string }> {
  const name = host.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  const exact = rules.hosts.includes(name);
  const wildcard = rules.hosts.some((h) => h === "*" || (h.startsWith("*.") && name.endsWith(h.slice(1)) && name.length > h.length - 1));
  if (!exact && !wildcard) return { refused: `${name} is not in the policy's sandbox.allowHosts` };
  let addresses: string[];
  try {
    addresses = net.isIP(name) !== 0 ? [name] : (await dns.lookup(name, { all: true })).map((a) => a.address);
  } catch {
    return { refused: `${name} does not resolve` };
  }
  for (const address of addresses) {
    // Attack: a listed wildcard name resolving to loopback or the cloud's metadata service.
    if (!exact && classifyIp(address) !== "public") continue;
    // Attack: reaching Warden's own listener through a host the policy lists.
    if (rules.refuse.includes(`${address}:${port}`)) return { refused: `${name}:${port} is Warden's own listener` };
    return { address };
  }
  return { refused: `${name} resolves only to internal addresses, which a wildcard never reaches` };
}

async function tunnel(req: http.IncomingMessage, client: net.Socket, head: Buffer, rules: EgressRules): Promise<void> {
  client.on("error", () => client.destroy());
  const target = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(req.url ?? "");
  const port = Number(target?.[2] ?? 0);
  if (target === null || port < 1 || port > 65535) {
    client.end("HTTP/1.1 400 Bad Request\r\n\r\n");
    return;
  }
  const host = target[1] ?? "";
  const to = await destination(host, port, rules);
  if ("refused" in to) {
    rules.onRefused(host);
    client.end(`HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n\r\nWarden's sandbox refused ${host}:${port}: ${to.refused}\n`);
    return;
  }
  const upstream = net.connect(port, to.address, () => {
    client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  upstream.on("error", () => client.end("HTTP/1.1 502 Bad Gateway\r\n\r\n"));
}

async function forward(req: http.IncomingMessage, res: http.ServerResponse, rules: EgressRules): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url ?? "");
  } catch {
    res.writeHead(400).end("Warden's sandbox proxy takes absolute http:// URLs and CONNECT\n");
    return;
  }
  if (url.protocol !== "http:") {
    res.writeHead(400).end("only http:// is forwarded; https goes through CONNECT\n");
    return;
  }
  const port = Number(url.port === "" ? 80 : url.port);
  const to = await destination(url.hostname, port, rules);
  if ("refused" in to) {
    rules.onRefused(url.hostname);
    res.writeHead(403, { "Content-Type": "text/plain" }).end(`Warden's sandbox refused ${url.hostname}:${port}: ${to.refused}\n`);
    return;
  }
  const headers = { ...req.headers };
  delete headers["proxy-connection"];
  delete headers["proxy-authorization"];
  const upstream = http.request({ host: to.address, port, method: req.method, path: `${url.pathname}${url.search}`, headers: { ...headers, host: url.host } }, (up) => {
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  upstream.on("error", () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
}

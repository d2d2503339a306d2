import { randomBytes } from "node:crypto";
import http from "node:http";
import type { Socket } from "node:net";

export type Target = { socketPath: string } | { host: string; port: number };

export type UpgradeOutcome = { upgraded: true; socket: Socket } | { upgraded: false; status: number; body: string };

/**
 * A WebSocket upgrade by hand, so tests can send what a real client never would
 * (any headers, any frames) and can stop reading on purpose.
 */
export function rawUpgrade(target: Target, headers: Record<string, string>): Promise<UpgradeOutcome> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      ...target,
      path: "/",
      headers: {
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
        ...headers,
      },
    });
    req.on("upgrade", (_res, socket) => resolve({ upgraded: true, socket }));
    req.on("response", (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ upgraded: false, status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Encodes one client→server frame (masked, as RFC 6455 requires of clients). */
export function clientFrame(payload: Buffer | string, opcode = 0x1): Buffer {
  const data = typeof payload === "string" ? Buffer.from(payload) : payload;
  const mask = randomBytes(4);
  let header: Buffer;
  if (data.length < 126) {
    header = Buffer.from([0x80 | opcode, 0x80 | data.length]);
  } else if (data.length < 65536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 0x80 | 126;
    header.writeUInt16BE(data.length, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(data.length), 2);
  }
  const masked = Buffer.alloc(data.length);
  for (let i = 0; i < data.length; i++) masked[i] = (data[i] ?? 0) ^ (mask[i % 4] ?? 0);
  return Buffer.concat([header, mask, masked]);
}

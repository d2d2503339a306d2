// Docker / Podman registry credentials (~/.docker/config.json, DOCKER_AUTH_CONFIG,
// .dockerconfigjson): under "auths", each registry's "auth" is base64 of
// "user:password". The value is reported only when it decodes to that shape, so
// other "auth" fields (flags, modes, nested objects) are left alone.
import { isPlaceholder } from "./not-secret";
import type { RawMatch, Rule } from "./types";

// Quotes may be JSON-escaped once or twice when the config is embedded in a string.
const AUTH = /\\{0,3}"auth\\{0,3}"\s{0,3}:\s{0,3}\\{0,3}"([A-Za-z0-9+/]{8,2000}={0,2})\\{0,3}"/g;
// Service-account logins put a whole JSON key after "_json_key:", newlines included.
const PRINTABLE = /^[\x20-\x7e\t\r\n]+$/;

export const dockerConfigRule: Rule = {
  id: "docker-config-auth",
  kind: "docker-registry-credential",
  keywords: ["auths"],
  find(text: string): RawMatch[] {
    const out: RawMatch[] = [];
    for (const m of text.matchAll(AUTH)) {
      const value = m[1] ?? "";
      const decoded = Buffer.from(value, "base64").toString("latin1");
      const colon = decoded.indexOf(":");
      if (!PRINTABLE.test(decoded) || colon < 1 || colon === decoded.length - 1) continue;
      if (isPlaceholder(decoded.slice(colon + 1))) continue;
      const start = m.index + m[0].lastIndexOf(value);
      out.push({ start, end: start + value.length, confidence: "high" });
    }
    return out;
  },
};

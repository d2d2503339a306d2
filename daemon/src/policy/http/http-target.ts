// The result type of parseHttpTarget, shared by the parser, the policy engine
// and the executor that re-checks the resolved address at connect time.

/** What an address (or, for a few names, a DNS name) points at. Only "public" and "dns" are allowed without a rule. */
export type AddressClass =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "metadata"
  | "unspecified"
  | "multicast"
  | "reserved"
  | "dns";

/** The classes an IP address can have: an address is never "dns". */
export type IpAddressClass = Exclude<AddressClass, "dns">;

export type HostKind = "dns" | "ipv4" | "ipv6";

export type HttpTargetOk = {
  ok: true;
  /** Normalised, always with an explicit port and no fragment, e.g. "https://api.github.com:443/repos/x?y". Fetch this, never the raw input. */
  url: string;
  scheme: "http" | "https";
  /** Lower-case DNS name without trailing dot, or canonical IP text (dotted quad / compressed IPv6, no brackets). */
  host: string;
  hostKind: HostKind;
  /** Explicit or default 80/443. */
  port: number;
  /** Dot segments resolved; escapes of unreserved characters decoded, every other escape kept (so %2F stays %2F). */
  path: string;
  /** The text after "?", without it; "" when there is none. */
  query: string;
  /**
   * For IP literals (and IPv4-mapped/translated IPv6): the address class. For DNS names: "dns", except names
   * that are internal by definition (localhost, metadata names, single-label and internal-suffix names, names
   * that spell a non-public IPv4 address as nip.io-style services resolve them).
   */
  addressClass: AddressClass;
};

export type HttpTargetError = { ok: false; reason: string };

export type HttpTarget = HttpTargetOk | HttpTargetError;

/** True when the target needs an explicit policy rule (anything but public/dns). */
export function needsExplicitRule(t: HttpTarget & { ok: true }): boolean {
  return t.addressClass !== "public" && t.addressClass !== "dns";
}

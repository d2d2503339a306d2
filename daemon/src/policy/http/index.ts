// Warden's strict HTTP target parser, used by the policy engine to decide http.request actions.
export type { AddressClass, HostKind, HttpTarget, HttpTargetError, HttpTargetOk, IpAddressClass } from "./http-target";
export { needsExplicitRule } from "./http-target";
export { MAX_URL_LENGTH, parseHttpTarget } from "./parse-http-target";
export { classifyIp } from "./classify-ip";

/** The one typed module for every boundary between Warden's programs. */
export * from "./audit";
export * from "./client";
export * from "./errors";
export * from "./frames";
export * from "./json";
export * from "./limits";
export * from "./methods";
export * from "./transport";
export * from "./startup";
export * from "./agents";
export * from "./actions";
export * from "./hooks";
export * from "./approvals";
export * from "./http-routes";
export * from "./hook-events";
export * from "./webview";

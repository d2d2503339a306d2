// The webview message protocol, declared once in protocol/ and validated on both sides.
export * from "../../protocol/src/webview";

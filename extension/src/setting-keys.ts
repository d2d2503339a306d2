/**
 * Every setting the extension reads, in one place.
 *
 * Adding a setting: 1. add its key here; 2. declare it under
 * `contributes.configuration` in extension/package.json with a description and a
 * default; 3. read it only through `readSettings` in settings.ts, so tests can
 * inject values; 4. say in its description when a change takes effect.
 */
export const SECTION = "warden";

export const SETTING = {
  /** Where the daemon keeps its state (socket, token, database); empty means $WARDEN_HOME or the XDG data dir. */
  home: "home",
  /** The Node that runs the Warden CLI and daemon: it must be the one Warden's native modules were built for. */
  nodePath: "nodePath",
  /** The Warden CLI entry point (main.js); empty means the one beside this extension. */
  cliPath: "cliPath",
  /** Start the daemon when none is running. */
  autoStartDaemon: "autoStartDaemon",
  /** Open the approval panel by itself when an agent asks. */
  openApprovalsAutomatically: "openApprovalsAutomatically",
} as const;

export type SettingKey = (typeof SETTING)[keyof typeof SETTING];

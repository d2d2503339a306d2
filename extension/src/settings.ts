import { DEFAULT_NODE } from "./connection/cli-location";
import { SETTING, SettingKey } from "./setting-keys";

export interface Settings {
  home: string;
  nodePath: string;
  cliPath: string;
  autoStartDaemon: boolean;
  openApprovalsAutomatically: boolean;
}

/** Reads the settings through `get` (VS Code's configuration in the extension, a map in tests). */
export function readSettings(get: (key: SettingKey) => unknown): Settings {
  const text = (key: SettingKey, fallback: string): string => {
    const v = get(key);
    return typeof v === "string" && v.trim() !== "" ? v.trim() : fallback;
  };
  const flag = (key: SettingKey, fallback: boolean): boolean => {
    const v = get(key);
    return typeof v === "boolean" ? v : fallback;
  };
  return {
    home: text(SETTING.home, ""),
    // Not the extension host's own Node (VS Code's, or code-server's): Warden's native
    // modules are built for the Node on PATH where it was installed (cli-location.ts's
    // nodeFor prefers the one beside the `warden` it found).
    nodePath: text(SETTING.nodePath, DEFAULT_NODE),
    // Empty: connection/cli-location.ts finds it (the checkout's, else `warden` on PATH).
    cliPath: text(SETTING.cliPath, ""),
    autoStartDaemon: flag(SETTING.autoStartDaemon, true),
    openApprovalsAutomatically: flag(SETTING.openApprovalsAutomatically, true),
  };
}

import { DecisionResult } from "../../../protocol/src/actions";
import { JsonValue } from "../../../protocol/src/json";
import { SandboxDirective } from "../../../protocol/src/sandbox";
import { builtin } from "../policy/file-subject";
import { MatchOptions, PolicySet } from "../policy/layers";
import { SandboxAvailability, probeSandbox } from "./availability";
import { compileProfile } from "./compile-profile";
import { agentSockets } from "./prepare";
import { sandboxSettings } from "./sandbox-settings";
import { scanWorkspace } from "./workspace-scan";

export interface SandboxPlanRequest {
  workspace: string;
  set: PolicySet;
  match: MatchOptions;
  /** A human approved this call: the paths it names, which it may then read. */
  approvedReads: readonly string[];
}

export interface SandboxPlan {
  directive: SandboxDirective;
  /** Set when the policy requires a sandbox and none is available: the command is denied with this. */
  refusal: DecisionResult | null;
  /** What the decision's audit record says of the sandbox. */
  audit: Record<string, JsonValue>;
}

/** After a failed probe, how long before the machine is probed again (bubblewrap may have been installed). */
const REPROBE_MS = 60_000;

/**
 * Plans the sandbox of each command the daemon allows and Warden runs (the shell
 * gate's, the broker's): compiled from the same policy that allowed it.
 */
export class SandboxPlanner {
  private probed: { at: number; result: SandboxAvailability } | null = null;

  constructor(
    private readonly wardenHome: string,
    private readonly home: string,
    private readonly probe: () => SandboxAvailability = probeSandbox,
    private readonly now: () => number = Date.now,
  ) {}

  /** The daemon's loopback listener ("127.0.0.1:7391"), once it listens: never reachable from a sandbox. */
  listenAddress: () => string | null = () => null;

  availability(): SandboxAvailability {
    const p = this.probed;
    if (p !== null && (p.result.available || this.now() - p.at <= REPROBE_MS)) return p.result;
    const result = this.probe();
    this.probed = { at: this.now(), result };
    return result;
  }

  plan(req: SandboxPlanRequest): SandboxPlan {
    const settings = sandboxSettings(req.set, this.home);
    const base = { mode: settings.mode };
    if (settings.mode === "off") {
      return { directive: { kind: "unsandboxed", reason: "the policy turns the sandbox off (sandbox.mode \"off\")" }, refusal: null, audit: { sandbox: { ...base, state: "off" } } };
    }
    const available = this.availability();
    if (!available.available) {
      if (settings.mode === "required") {
        const refusal = builtin("deny", "sandbox-required", `the policy requires an OS sandbox for commands and none is available: ${available.reason}`);
        return { directive: { kind: "unsandboxed", reason: available.reason }, refusal, audit: { sandbox: { ...base, state: "unavailable", reason: available.reason } } };
      }
      return {
        directive: { kind: "unsandboxed", reason: `no OS sandbox on this machine, so the command runs unsandboxed (sandbox.mode "preferred"): ${available.reason}` },
        refusal: null,
        audit: { sandbox: { ...base, state: "unsandboxed", reason: available.reason } },
      };
    }
    const scan = scanWorkspace(req.workspace);
    const listen = this.listenAddress();
    const compiled = compileProfile({
      workspace: req.workspace, wardenHome: this.wardenHome, home: this.home, set: req.set, match: req.match, settings, scan,
      approvedReads: req.approvedReads, extraHidden: agentSockets(process.env), refuse: listen === null ? [] : [listen, ...(listen.startsWith("127.0.0.1:") ? [`::1:${listen.slice(10)}`] : [])],
    });
    // Without the bridge there is no way to the proxy: no network at all rather than all of it.
    const noBridge = compiled.network.mode === "proxy" && available.launcher.socat === null;
    const profile = noBridge ? { ...compiled, network: { mode: "none" as const } } : compiled;
    return {
      directive: { kind: "sandbox", profile, launcher: available.launcher },
      refusal: null,
      audit: {
        sandbox: {
          ...base,
          state: "sandboxed",
          network: profile.network.mode === "none" ? "none" : profile.network.hosts,
          readOnly: profile.readOnly.length + profile.absent.length,
          hidden: profile.hiddenDirs.length + profile.hiddenFiles.length,
          ...(noBridge ? { networkNote: "sandbox.allowHosts is set but socat is not installed: no network (apt-get install socat)" } : {}),
          ...(scan.truncated ? { note: "the workspace has more entries than the sandbox scans; secret files beyond them are not hidden" } : {}),
        },
      },
    };
  }
}

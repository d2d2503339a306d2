import type { OptionSpec } from "./option-scan";

/**
 * Programs that run another program given as their arguments. Each entry lists every
 * option we accept in front of the command; anything else makes the analysis
 * unresolved, since an option we do not know might take the next word as its value.
 */
export interface WrapperSpec {
  options: OptionSpec;
  /** Operands before the command: timeout's DURATION, chroot's NEWROOT. */
  leadingOperands?: number;
  /** Options that make the wrapper run nothing (`command -v`, `sudo -l`). */
  noRun?: readonly string[];
  /** NAME=VALUE operands before the command set its environment (env, sudo). */
  assignments?: boolean;
  /** Options whose value names a file the wrapper writes (`time -o`, `strace -o`). */
  writesTo?: readonly string[];
  /** Options whose value is NAME=VALUE for the command's environment (`strace -E`). */
  envOption?: readonly string[];
  /** Options that are not analysed (a code-running mini language, an editor); each gives the runsCode reason. */
  unanalysed?: Readonly<Record<string, string>>;
  /** What the wrapper runs when no command follows; null when it then runs nothing. */
  withoutCommand?: string | null;
}

const HELP = ["--help", "--version"];

const TIMEOUT: WrapperSpec = {
  options: {
    flags: "v",
    valued: "ks",
    longFlags: ["--preserve-status", "--foreground", "--verbose", ...HELP],
    longValued: ["--kill-after", "--signal"],
  },
  leadingOperands: 1,
  noRun: HELP,
};

export const WRAPPERS: Readonly<Record<string, WrapperSpec>> = {
  env: {
    options: {
      flags: "i0v",
      valued: "uCS",
      longFlags: ["--ignore-environment", "--null", "--debug", "--list-signal-handling", ...HELP],
      longValued: ["--unset", "--chdir", "--split-string"],
      longOptional: ["--default-signal", "--ignore-signal", "--block-signal"],
    },
    assignments: true,
    noRun: HELP,
    unanalysed: { "-S": "env -S", "--split-string": "env -S" },
  },
  command: { options: { flags: "pvV" }, noRun: ["-v", "-V"] },
  builtin: { options: {} },
  exec: { options: { flags: "cl", valued: "a" } },
  nohup: { options: { longFlags: HELP }, noRun: HELP },
  time: {
    options: {
      flags: "pvqa",
      valued: "fo",
      longFlags: ["--portability", "--verbose", "--quiet", "--append", ...HELP],
      longValued: ["--format", "--output"],
    },
    writesTo: ["-o", "--output"],
    noRun: HELP,
  },
  timeout: TIMEOUT,
  gtimeout: TIMEOUT,
  nice: { options: { valued: "n", longValued: ["--adjustment"], longFlags: HELP, numericShort: true }, noRun: HELP },
  ionice: {
    options: {
      flags: "t",
      valued: "cnpPu",
      longFlags: ["--ignore", ...HELP],
      longValued: ["--class", "--classdata", "--pid", "--pgid", "--uid"],
    },
    noRun: ["-p", "-P", "-u", "--pid", "--pgid", "--uid", ...HELP],
  },
  stdbuf: { options: { valued: "ioe", longValued: ["--input", "--output", "--error"], longFlags: HELP }, noRun: HELP },
  setsid: { options: { flags: "cfw", longFlags: ["--ctty", "--fork", "--wait", ...HELP] }, noRun: HELP },
  sudo: {
    options: {
      flags: "AbEHiKklnPSsVve",
      valued: "CDgprTtUuR",
      longFlags: [
        "--askpass", "--background", "--set-home", "--login", "--remove-timestamp", "--reset-timestamp",
        "--list", "--non-interactive", "--preserve-groups", "--stdin", "--shell", "--validate", "--edit", ...HELP,
      ],
      longValued: [
        "--close-from", "--chdir", "--group", "--host", "--prompt", "--role", "--type",
        "--command-timeout", "--other-user", "--user", "--chroot",
      ],
      longOptional: ["--preserve-env"],
    },
    assignments: true,
    noRun: ["-K", "-l", "--list", "-v", "--validate", "-V", ...HELP],
    unanalysed: { "-e": "sudo -e (runs an editor on files as root)", "--edit": "sudo -e (runs an editor on files as root)" },
    withoutCommand: "interactive shell",
  },
  doas: { options: { flags: "Lns", valued: "Cu" }, noRun: ["-L", "-C"], withoutCommand: "interactive shell" },
  chroot: {
    options: { longValued: ["--userspec", "--groups"], longFlags: ["--skip-chdir", ...HELP] },
    leadingOperands: 1,
    noRun: HELP,
    withoutCommand: "interactive shell",
  },
  strace: {
    options: { flags: "cCdDfFhikqrtTvVwxyzZ", valued: "abeEIoOpPsSuUX" },
    writesTo: ["-o"],
    envOption: ["-E"],
    noRun: ["-h", "-V"],
  },
  ltrace: {
    options: { flags: "bcCfhiLrStTV", valued: "aAeDFlnopsuxX" },
    writesTo: ["-o"],
    noRun: ["-h", "-V"],
  },
  coproc: { options: {} },
  pkexec: { options: { longValued: ["--user"], longFlags: ["--disable-internal-agent", "--keep-cwd", ...HELP] }, noRun: HELP, withoutCommand: "interactive shell" },
  unbuffer: { options: { flags: "p" } },
  caffeinate: { options: { flags: "dimsu", valued: "tw" } },
  busybox: { options: { longFlags: ["--list", "--list-full", "--help"] }, noRun: ["--list", "--list-full", "--help"] },
  // `! ! cmd`: the grammar reads the second `!` as a command name.
  "!": { options: {} },
};

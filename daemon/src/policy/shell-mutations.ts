/**
 * Programs whose whole job is to change, move or remove the files they are given.
 * Their operands are decided as file writes and deletions, each on its own, so a
 * rule that allows `rm` in general cannot remove `.warden/policy.json` or Warden's
 * audit log: the built-in protections and the file rules see every target.
 */

export interface FileTarget {
  op: "file.write" | "file.delete";
  target: string;
}

interface Mutator {
  /** Options that take the next word as their value (so that word is not a file). */
  valued: readonly string[];
  /** Leading operands that are not files (chmod's mode, chown's owner). */
  skip: number;
  /** What each remaining operand is; `last` gets the final operand's kind when it differs (mv's destination). */
  each: FileTarget["op"];
  last?: FileTarget["op"];
  /** Options naming a target directory (`-t DIR`, `--target-directory=DIR`): written to. */
  targetDir?: boolean;
}

const MUTATORS: Record<string, Mutator> = {
  rm: { valued: [], skip: 0, each: "file.delete" },
  rmdir: { valued: [], skip: 0, each: "file.delete" },
  unlink: { valued: [], skip: 0, each: "file.delete" },
  shred: { valued: ["-n", "-s", "--iterations", "--size", "--random-source"], skip: 0, each: "file.delete" },
  mv: { valued: ["-S", "--suffix", "-t", "--target-directory"], skip: 0, each: "file.delete", last: "file.write", targetDir: true },
  cp: { valued: ["-S", "--suffix", "-t", "--target-directory"], skip: 0, each: "file.write", targetDir: true },
  ln: { valued: ["-S", "--suffix", "-t", "--target-directory"], skip: 0, each: "file.write", targetDir: true },
  install: { valued: ["-m", "--mode", "-o", "--owner", "-g", "--group", "-S", "--suffix", "-t", "--target-directory"], skip: 0, each: "file.write", targetDir: true },
  touch: { valued: ["-d", "--date", "-r", "--reference", "-t"], skip: 0, each: "file.write" },
  mkdir: { valued: ["-m", "--mode"], skip: 0, each: "file.write" },
  truncate: { valued: ["-s", "--size", "-r", "--reference"], skip: 0, each: "file.write" },
  chmod: { valued: ["--reference"], skip: 1, each: "file.write" },
  chown: { valued: ["--reference", "--from"], skip: 1, each: "file.write" },
  chgrp: { valued: ["--reference"], skip: 1, each: "file.write" },
};

export function isFileMutator(program: string): boolean {
  return Object.hasOwn(MUTATORS, program);
}

/** The files a mutating command acts on, each with what it does to it; [] for other programs. */
export function mutationTargets(program: string, args: readonly string[]): FileTarget[] {
  const m = Object.hasOwn(MUTATORS, program) ? MUTATORS[program] : undefined;
  if (m === undefined) return [];
  const operands: string[] = [];
  const out: FileTarget[] = [];
  let optionsDone = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (!optionsDone && arg === "--") {
      optionsDone = true;
      continue;
    }
    if (!optionsDone && arg.startsWith("-") && arg !== "-") {
      const [name = "", inline] = arg.startsWith("--") ? arg.split(/=(.*)/s, 2) : [arg.slice(0, 2), arg.length > 2 ? arg.slice(2) : undefined];
      const isTargetDir = m.targetDir === true && (name === "-t" || name === "--target-directory");
      if (m.valued.includes(name)) {
        const value = inline ?? args[++i];
        if (isTargetDir && value !== undefined) out.push({ op: "file.write", target: value });
      }
      continue;
    }
    operands.push(arg);
  }
  const files = operands.slice(m.skip);
  files.forEach((target, i) => out.push({ op: i === files.length - 1 && m.last !== undefined && files.length > 1 ? m.last : m.each, target }));
  return out;
}

/**
 * File modes set during the build: `chmod`, `mkdir -m`, `install -m` in RUN and `COPY/ADD --chmod`,
 * shared by the world-writable and setuid/setgid rules.
 */
import type { DockerfileModel, DockerInstruction, Span } from '../../../documents/dockerfile';
import { hasFlag, type ShellWord } from '../../../documents/shell';
import { runCommands, instructionsWith } from '../helpers';
import { memoize } from '../../../memo';

/** What a chmod mode grants, for octal (`4755`, `0777`) and symbolic (`u+s,o+w`, `a=rwx`) forms. */
export interface ModeEffect {
  worldWritable: boolean;
  setuid: boolean;
  setgid: boolean;
  sticky: boolean;
  octal?: number;
}

export function modeEffect(mode: string): ModeEffect | undefined {
  const m = mode.trim();
  if (/^[0-7]{1,5}$/.test(m)) {
    const v = parseInt(m, 8);
    return { worldWritable: (v & 0o002) !== 0, setuid: (v & 0o4000) !== 0, setgid: (v & 0o2000) !== 0, sticky: (v & 0o1000) !== 0, octal: v };
  }
  if (!/^[ugoa]*[-+=][rwxXstugo]*(?:[-+=][rwxXstugo]*)*(?:,[ugoa]*[-+=][rwxXstugo]*(?:[-+=][rwxXstugo]*)*)*$/.test(m)) return undefined;
  const effect: ModeEffect = { worldWritable: false, setuid: false, setgid: false, sticky: false };
  for (const clause of m.split(',')) {
    const who = /^[ugoa]*/.exec(clause)![0];
    // Without a "who", chmod applies the umask: `+w` does not reach others, `+s` still sets both bits.
    const others = who.includes('o') || who.includes('a');
    const user = who === '' || who.includes('u') || who.includes('a');
    const group = who === '' || who.includes('g') || who.includes('a');
    for (const [, op, perms] of clause.slice(who.length).matchAll(/([-+=])([rwxXstugo]*)/g)) {
      if (op === '-') continue;
      if (others && perms.includes('w')) effect.worldWritable = true;
      if (perms.includes('s')) {
        if (user) effect.setuid = true;
        if (group) effect.setgid = true;
      }
      if (perms.includes('t')) effect.sticky = true;
    }
  }
  return effect;
}

export interface ModeSetting {
  instruction: DockerInstruction;
  /** `chmod`, `mkdir -m`, `install -m`, `COPY --chmod`. */
  via: string;
  mode: string;
  effect: ModeEffect;
  modeSpan: Span;
  recursive: boolean;
  targets: string[];
}

function modeOption(args: ShellWord[]): { mode: ShellWord; text: string } | undefined {
  for (let i = 0; i < args.length; i++) {
    const t = args[i].text;
    if ((t === '-m' || t === '--mode') && args[i + 1]) return { mode: args[i + 1], text: args[i + 1].text };
    if (t.startsWith('--mode=')) return { mode: args[i], text: t.slice(7) };
    if (/^-m[0-7]{3,5}$/.test(t)) return { mode: args[i], text: t.slice(2) };
  }
  return undefined;
}

export function modeSettings(model: DockerfileModel): readonly ModeSetting[] {
  // Both permission rules read the same list.
  return memoize(model, 'modeSettings', () => computeModeSettings(model));
}

function computeModeSettings(model: DockerfileModel): ModeSetting[] {
  const out: ModeSetting[] = [];
  for (const { instruction, effective } of runCommands(model)) {
    const args = effective.args;
    if (effective.program === 'chmod') {
      // `--reference=FILE` copies another file's mode: nothing to judge.
      if (args.some((a) => a.text.startsWith('--reference'))) continue;
      let modeIndex = -1;
      for (let i = 0; i < args.length; i++) {
        const t = args[i].text;
        // `-w`, `-x` are modes, `-R`, `-v`, `-f`, `-c` are options.
        if (/^-[RvfcHLP]+$/.test(t) || t.startsWith('--')) continue;
        modeIndex = i;
        break;
      }
      if (modeIndex < 0) continue;
      const word = args[modeIndex];
      if (word.dynamic) continue;
      const effect = modeEffect(word.text);
      if (!effect) continue;
      out.push({
        instruction,
        via: 'chmod',
        mode: word.text,
        effect,
        modeSpan: { start: word.start, end: word.end },
        recursive: hasFlag(args.slice(0, modeIndex), ['--recursive'], 'R'),
        targets: args.slice(modeIndex + 1).filter((a) => !a.text.startsWith('-')).map((a) => a.text),
      });
    } else if (effective.program === 'mkdir' || effective.program === 'install') {
      const option = modeOption(args);
      if (!option || option.mode.dynamic) continue;
      const effect = modeEffect(option.text);
      if (!effect) continue;
      const start = option.mode.end - option.text.length;
      out.push({
        instruction,
        via: `${effective.program} -m`,
        mode: option.text,
        effect,
        modeSpan: { start, end: option.mode.end },
        recursive: false,
        targets: args.filter((a) => !a.text.startsWith('-') && a !== option.mode).map((a) => a.text),
      });
    }
  }
  for (const instruction of instructionsWith(model, ['COPY', 'ADD'])) {
    const flag = instruction.flags.find((f) => f.name.toLowerCase() === 'chmod');
    if (!flag || !flag.value || flag.valueStart === undefined || flag.valueEnd === undefined || flag.value.includes('$')) continue;
    const effect = modeEffect(flag.value);
    if (!effect) continue;
    out.push({
      instruction,
      via: `${instruction.keyword} --chmod`,
      mode: flag.value,
      effect,
      modeSpan: { start: flag.valueStart, end: flag.valueEnd },
      recursive: true,
      targets: instruction.args.filter((a) => !a.value.startsWith('--')).slice(-1).map((a) => a.value),
    });
  }
  return out.sort((a, b) => a.modeSpan.start - b.modeSpan.start);
}

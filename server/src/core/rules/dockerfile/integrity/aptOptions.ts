/** apt-get/apt/aptitude command lines: which programs count and how `-o Key=value` options are read. */
import type { ShellWord } from '../../../documents/shell';
import { mayHaveOption, scanOptions, type OptionHit } from '../shell/invocations';

export const APT_PROGRAMS = new Set(['apt-get', 'apt', 'aptitude']);
export const APT_SPEC = { shortWithValue: 'octT', longWithValue: ['--option', '--config-file', '--target-release', '--default-release'] };

export interface AptConfigOption {
  hit: OptionHit;
  key: string;
  value: string;
}

/** `-o APT::Get::AllowUnauthenticated=true` and `--option=…` settings on an apt command line. */
export function aptConfigOptions(args: readonly ShellWord[]): AptConfigOption[] {
  const out: AptConfigOption[] = [];
  if (!mayHaveOption(args, ['-o', '--option'])) return out;
  for (const hit of scanOptions(args, APT_SPEC).options) {
    if ((hit.name !== '-o' && hit.name !== '--option') || !hit.value) continue;
    const eq = hit.value.indexOf('=');
    if (eq < 0) continue;
    out.push({ hit, key: hit.value.slice(0, eq).trim(), value: hit.value.slice(eq + 1).trim() });
  }
  return out;
}

export function isTruthy(value: string): boolean {
  return /^["']?(1|true|yes|on)["']?$/i.test(value.trim());
}

/**
 * Recognises package-manager invocations in RUN instructions (shell form, heredoc bodies, ONBUILD
 * triggers and exec form) and splits them into subcommand, options and package operands with
 * document offsets, so that every package rule reads the same parse.
 */
import type { DockerfileModel, DockerInstruction } from '../../../documents/dockerfile';
import { effectiveCommand, programName, type ShellCommand, type ShellWord } from '../../../documents/shell';
import { finalStageChain, variablesInScope, instructionsWith } from '../helpers';
import { trimTrailing } from '../../../text';
import { memoize } from '../../../memo';

export type PackageManager =
  | 'apt-get'
  | 'apt'
  | 'aptitude'
  | 'apk'
  | 'yum'
  | 'dnf'
  | 'microdnf'
  | 'tdnf'
  | 'zypper'
  | 'pip'
  | 'pipx'
  | 'uv-pip'
  | 'npm'
  | 'yarn'
  | 'pnpm'
  | 'gem'
  | 'go'
  | 'cargo'
  | 'composer';

export interface PackageOption {
  /** The option word as written (`--index-url=https://…`, `-y`). */
  word: ShellWord;
  /** Name without an inline value: `--index-url`, `-y`, `-q`. */
  name: string;
  /** Inline (`--x=v`) or separate (`--x v`) value. */
  value?: string;
  valueWord?: ShellWord;
}

export interface PackageInvocation {
  manager: PackageManager;
  instruction: DockerInstruction;
  /** The shell command (synthetic for exec-form RUN). */
  command: ShellCommand;
  /** All commands of the same RUN in script order, for "followed by a cleanup" checks. */
  siblings: ShellCommand[];
  /** The word naming the package manager (`apt-get`, `/usr/bin/pip3`, or `pip` in `python -m pip`). */
  program: ShellWord;
  /** Lower-cased subcommand; two words for `dnf module install`, `yarn global add`; '' when none. */
  subcommand: string;
  subcommandWords: ShellWord[];
  options: PackageOption[];
  /** Positional words after the subcommand, option values excluded, up to `--`. */
  operands: ShellWord[];
  /** Words after a bare `--` (build arguments for gem, program arguments for go run). */
  passthrough: ShellWord[];
  /** `VAR=value` given on the command line (`PIP_NO_CACHE_DIR=1 pip …`, `env X=1 …`). */
  commandEnv: Map<string, string>;
  /** False for exec-form RUN, whose JSON cannot take a plain-text insertion. */
  editable: boolean;
}

interface ManagerSpec {
  /** Options that take the next word as their value. */
  valueOptions: ReadonlySet<string>;
  /** Words that combine with the next one into a subcommand (`module install`). */
  compound?: ReadonlySet<string>;
  /** The manager has no subcommand (operands start right away). */
  noSubcommand?: boolean;
}

const set = (...values: string[]): ReadonlySet<string> => new Set(values);

const RPM_VALUE_OPTIONS = set(
  '-c', '--config', '-d', '--debuglevel', '-e', '--errorlevel', '--installroot', '--releasever', '--setopt',
  '--enablerepo', '--disablerepo', '--repo', '--repoid', '--exclude', '-x', '--excludepkgs', '--disableexcludes',
  '--forcearch', '--color', '--rpmverbosity', '--downloaddir', '--destdir', '--comment', '--advisory', '--advisories',
  '--bz', '--cve', '--sec-severity', '--secseverity', '--repofrompath', '--setopt', '--use-host-config', '--config-file',
);

const SPECS: Record<PackageManager, ManagerSpec> = {
  'apt-get': { valueOptions: set('-t', '--target-release', '--default-release', '-o', '--option', '-c', '--config-file', '-a', '--host-architecture', '-P', '--build-profiles') },
  apt: { valueOptions: set('-t', '--target-release', '--default-release', '-o', '--option', '-c', '--config-file', '-a', '--host-architecture', '-P', '--build-profiles') },
  aptitude: { valueOptions: set('-t', '--target-release', '--default-release', '-o', '-F', '--display-format', '-w', '--width', '-S', '--sort') },
  apk: {
    valueOptions: set(
      '-X', '--repository', '-t', '--virtual', '-p', '--root', '--arch', '--keys-dir', '--cache-dir', '--repositories-file',
      '--wait', '--progress-fd', '--cache-max-age', '--timeout',
    ),
  },
  yum: { valueOptions: RPM_VALUE_OPTIONS, compound: set('module', 'group', 'groups') },
  dnf: { valueOptions: RPM_VALUE_OPTIONS, compound: set('module', 'group', 'groups') },
  microdnf: { valueOptions: RPM_VALUE_OPTIONS, compound: set('module', 'group', 'groups') },
  tdnf: { valueOptions: RPM_VALUE_OPTIONS, compound: set('module', 'group', 'groups') },
  zypper: {
    valueOptions: set(
      '-r', '--repo', '--from', '-t', '--type', '-R', '--root', '--installroot', '-c', '--config', '--reposd-dir', '-D',
      '--cache-dir', '-C', '--raw-cache-dir', '--solv-cache-dir', '--pkg-cache-dir', '-p', '--plus-repo', '--userdata',
      '--download', '-x', '--xmlout-type',
    ),
  },
  pip: {
    valueOptions: set(
      '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-t', '--target', '--prefix', '--root', '--build',
      '--src', '--upgrade-strategy', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--trusted-host',
      '--platform', '--python-version', '--implementation', '--abi', '--global-option', '--install-option',
      '-C', '--config-settings', '--progress-bar', '--root-user-action', '--cache-dir', '--log', '--proxy', '--retries',
      '--timeout', '--exists-action', '--cert', '--client-cert', '--only-binary', '--no-binary', '--python', '--report',
      '--keyring-provider', '--group', '--use-feature', '--use-deprecated', '--hash',
    ),
  },
  'uv-pip': {
    valueOptions: set(
      '-r', '--requirement', '--requirements', '-c', '--constraint', '--constraints', '-e', '--editable', '--target', '--prefix',
      '-i', '--index-url', '--index', '--default-index', '--extra-index-url', '-f', '--find-links', '-p', '--python',
      '--python-version', '--python-platform', '--cache-dir', '--upgrade-package', '-P', '--reinstall-package', '--override',
      '--overrides', '--build-constraint', '--build-constraints', '--index-strategy', '--keyring-provider', '--resolution',
      '--prerelease', '--exclude-newer', '--link-mode', '--config-file', '--directory', '--project', '--extra', '--group',
    ),
  },
  pipx: { valueOptions: set('--python', '--pip-args', '--index-url', '-i', '--suffix', '--spec', '--preinstall', '--backend') },
  npm: {
    valueOptions: set(
      '--registry', '--loglevel', '--prefix', '--cache', '--tag', '--userconfig', '--globalconfig', '-w', '--workspace',
      '--omit', '--include', '--install-strategy', '--otp', '--save-prefix', '--before', '--proxy', '--https-proxy', '--cafile',
      '--scope', '-C',
    ),
  },
  yarn: { valueOptions: set('--cache-folder', '--modules-folder', '--network-timeout', '--registry', '--cwd', '--mutex', '--global-folder', '--link-folder', '--network-concurrency'), compound: set('global') },
  pnpm: { valueOptions: set('--registry', '-C', '--dir', '--filter', '-F', '--store-dir', '--loglevel', '--reporter', '--config', '--workspace-dir') },
  gem: {
    valueOptions: set(
      '-v', '--version', '-i', '--install-dir', '-n', '--bindir', '--platform', '-s', '--source', '--document', '--build-root',
      '-g', '--file', '--without', '-P', '--trust-policy', '--config-file', '-p', '--http-proxy',
    ),
  },
  go: {
    valueOptions: set(
      '-o', '-C', '-p', '-tags', '-ldflags', '-gcflags', '-asmflags', '-mod', '-modfile', '-overlay', '-pkgdir', '-toolexec',
      '-exec', '-buildmode', '-compiler', '-gccgoflags', '-installsuffix', '-pgo', '-covermode', '-coverpkg',
    ),
  },
  cargo: {
    valueOptions: set(
      '--version', '--vers', '--git', '--branch', '--tag', '--rev', '--path', '--root', '--registry', '--index', '-F',
      '--features', '--target', '--target-dir', '-j', '--jobs', '--profile', '--bin', '--example', '--config', '-Z', '--color',
    ),
  },
  composer: { valueOptions: set('-d', '--working-dir'), compound: set('global') },
};

const PROGRAMS: Record<string, PackageManager> = {
  'apt-get': 'apt-get',
  apt: 'apt',
  aptitude: 'aptitude',
  apk: 'apk',
  yum: 'yum',
  dnf: 'dnf',
  dnf5: 'dnf',
  microdnf: 'microdnf',
  tdnf: 'tdnf',
  zypper: 'zypper',
  pipx: 'pipx',
  npm: 'npm',
  yarn: 'yarn',
  yarnpkg: 'yarn',
  pnpm: 'pnpm',
  gem: 'gem',
  go: 'go',
  cargo: 'cargo',
  composer: 'composer',
  'composer.phar': 'composer',
};

const PIP_PROGRAM = /^pip(\d+(\.\d+)?)?$/;
const PYTHON_PROGRAM = /^python(\d+(\.\d+)?)?$/;

/** Every package-manager invocation of the file, ONBUILD triggers included, in file order. */
export function packageInvocations(model: DockerfileModel): PackageInvocation[] {
  return memoize(model, 'packageInvocations', () => {
    const out: PackageInvocation[] = [];
    for (const instruction of instructionsWith(model, ['RUN'])) {
      const commands = instruction.shell ? instruction.shell.commands : execCommand(instruction);
      const siblings = commands.slice();
      // Commands nested in `$(…)` come after their parent; sort only when the order is off.
      if (!isSortedByStart(siblings)) siblings.sort((a, b) => a.start - b.start);
      for (const command of siblings) {
        const invocation = recognise(instruction, command, siblings, !!instruction.shell);
        if (invocation) out.push(invocation);
      }
    }
    return out;
  });
}

function isSortedByStart(commands: readonly ShellCommand[]): boolean {
  for (let i = 1; i < commands.length; i++) if (commands[i - 1].start > commands[i].start) return false;
  return true;
}

/** Exec-form `RUN ["apt-get", "install", "curl"]` as a single synthetic command. */
function execCommand(instruction: DockerInstruction): ShellCommand[] {
  const args = instruction.execArgs;
  if (instruction.form !== 'exec' || !args || args.length === 0) return [];
  const words: ShellWord[] = args.map((a) => ({ text: a.value, start: a.start, end: a.end, dynamic: false }));
  const command: ShellCommand = { name: words[0], args: words.slice(1), assignments: [], redirects: [], start: instruction.start, end: instruction.end, pipeline: [] };
  command.pipeline = [command];
  return [command];
}

function recognise(instruction: DockerInstruction, command: ShellCommand, siblings: ShellCommand[], editable: boolean): PackageInvocation | undefined {
  const effective = effectiveCommand(command);
  if (!effective.program) return undefined;
  let manager: PackageManager | undefined = PROGRAMS[effective.program];
  let program = effective.nameWord;
  let args = effective.args;
  if (!manager && PIP_PROGRAM.test(effective.program)) manager = 'pip';
  if (!manager && PYTHON_PROGRAM.test(effective.program)) {
    // `python -I -m pip install …`
    // Only interpreter options count: in `python script.py -m pip`, -m belongs to the script.
    const firstOperand = args.findIndex((a) => !a.text.startsWith('-'));
    const m = args.findIndex((a, n) => (firstOperand < 0 || n < firstOperand) && a.text.startsWith('-m'));
    if (m < 0) return undefined;
    const moduleWord = args[m].text === '-m' ? args[m + 1] : { ...args[m], text: args[m].text.slice(2) };
    if (!moduleWord || !/^pip\d*$/.test(moduleWord.text)) return undefined;
    manager = 'pip';
    program = moduleWord;
    args = args.slice(args[m].text === '-m' ? m + 2 : m + 1);
  }
  if (manager === undefined && effective.program === 'uv' && args[0]?.text === 'pip') {
    manager = 'uv-pip';
    program = args[0];
    args = args.slice(1);
  }
  if (!manager) return undefined;
  const spec = SPECS[manager];
  const options: PackageOption[] = [];
  const operands: ShellWord[] = [];
  const passthrough: ShellWord[] = [];
  const subcommandWords: ShellWord[] = [];
  let afterDoubleDash = false;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const text = word.text;
    if (afterDoubleDash) {
      passthrough.push(word);
    } else if (text === '--') {
      afterDoubleDash = true;
    } else if (text.startsWith('-') && text.length > 1 && !word.dynamic) {
      const eq = text.indexOf('=');
      if (eq > 0) {
        options.push({ word, name: text.slice(0, eq), value: text.slice(eq + 1) });
      } else if (spec.valueOptions.has(text) && i + 1 < args.length) {
        options.push({ word, name: text, value: args[i + 1].text, valueWord: args[i + 1] });
        i++;
      } else {
        options.push({ word, name: text });
      }
    } else if (!spec.noSubcommand && subcommandWords.length === 0 && operands.length === 0) {
      subcommandWords.push(word);
      if (spec.compound?.has(text.toLowerCase())) {
        // `dnf module install`, `dnf -y group install`, `composer global require`
        let j = i + 1;
        while (j < args.length && args[j].text.startsWith('-')) j++;
        if (j < args.length) {
          for (let k = i + 1; k < j; k++) {
            const o = args[k];
            options.push({ word: o, name: o.text.includes('=') ? o.text.slice(0, o.text.indexOf('=')) : o.text, value: o.text.includes('=') ? o.text.slice(o.text.indexOf('=') + 1) : undefined });
          }
          subcommandWords.push(args[j]);
          i = j;
        }
      }
    } else {
      operands.push(word);
    }
  }
  const commandEnv = new Map<string, string>();
  for (const a of command.assignments) addAssignment(commandEnv, a.text);
  // `env PIP_NO_CACHE_DIR=1 pip …`: assignments consumed by the env wrapper.
  for (const a of command.args) {
    if (a.start >= effective.nameWord.start) break;
    addAssignment(commandEnv, a.text);
  }
  return {
    manager,
    instruction,
    command,
    siblings,
    program,
    subcommand: subcommandWords.map((w) => w.text.toLowerCase()).join(' '),
    subcommandWords,
    options,
    operands,
    passthrough,
    commandEnv,
    editable,
  };
}

function addAssignment(into: Map<string, string>, text: string): void {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(text);
  if (m) into.set(m[1], m[2]);
}

/** True when one of the options is present: long names exactly, short letters also inside bundles (`-yq`). */
export function hasOption(invocation: PackageInvocation, names: readonly string[], shortLetters = ''): boolean {
  for (const o of invocation.options) {
    if (names.includes(o.name)) return true;
    if (shortLetters && /^-[A-Za-z]{2,}$/.test(o.word.text)) {
      for (const c of o.word.text.slice(1)) if (shortLetters.includes(c)) return true;
    }
  }
  return false;
}

/** Values of every occurrence of the named options. */
export function optionValues(invocation: PackageInvocation, names: readonly string[]): string[] {
  return invocation.options.filter((o) => names.includes(o.name) && o.value !== undefined).map((o) => o.value as string);
}

/** The last word of the subcommand, where a flag is inserted by quick fixes. */
export function subcommandEnd(invocation: PackageInvocation): number {
  return (invocation.subcommandWords.at(-1) ?? invocation.program).end;
}

/** The `apt-get install` span: program word to the end of the subcommand. */
export function headSpan(invocation: PackageInvocation): { start: number; end: number } {
  return { start: invocation.program.start, end: subcommandEnd(invocation) };
}

/** Commands of the same RUN that start after this invocation (for "cleaned afterwards" checks). */
export function commandsAfter(invocation: PackageInvocation): ShellCommand[] {
  return invocation.siblings.filter((c) => c.start >= invocation.command.end);
}

/** Other invocations of the same RUN after this one. */
export function invocationsAfter(all: PackageInvocation[], invocation: PackageInvocation): PackageInvocation[] {
  return all.filter((i) => i.instruction === invocation.instruction && i.command.start >= invocation.command.end);
}

/** Targets of `RUN --mount=type=cache|tmpfs,target=…` on this instruction. */
export function cacheMountTargets(instruction: DockerInstruction): string[] {
  const out: string[] = [];
  for (const flag of instruction.flags) {
    if (flag.name.toLowerCase() !== 'mount' || !flag.value) continue;
    const fields = new Map<string, string>();
    for (const part of flag.value.split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) fields.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
    }
    const type = fields.get('type');
    if (type !== 'cache' && type !== 'tmpfs') continue;
    const target = fields.get('target') ?? fields.get('dst') ?? fields.get('destination');
    if (target) out.push(normalisePath(target));
  }
  return out;
}

function normalisePath(path: string): string {
  return trimTrailing(path.replace(/^["']|["']$/g, ''), '/') || '/';
}

/** True when a cache/tmpfs mount covers `dir` (the mount is `dir` itself or one of its parents). */
export function mountCovers(instruction: DockerInstruction, dir: string): boolean {
  const target = normalisePath(dir);
  return cacheMountTargets(instruction).some((m) => target === m || target.startsWith(m + '/'));
}

/** `rm -rf <path>` (any recursive rm) of a path that starts with one of `prefixes`. */
export function removesPath(command: ShellCommand, prefixes: readonly string[]): boolean {
  const effective = effectiveCommand(command);
  if (effective.program !== 'rm') return false;
  const recursive = effective.args.some((a) => /^-[A-Za-z]*[rR]/.test(a.text) || a.text === '--recursive');
  if (!recursive) return false;
  return effective.args.some((a) => prefixes.some((p) => a.text === p || a.text.startsWith(p + '/') || a.text.startsWith(p + '*') || a.text === p + '/'));
}

/** The instruction's layer ends up in the final image: final stage chain, no stage at all, or an ONBUILD trigger. */
export function reachesFinalImage(model: DockerfileModel, instruction: DockerInstruction): boolean {
  if (instruction.onbuild) return true;
  if (!instruction.stage) return true;
  return finalStageChain(model).includes(instruction.stage);
}

/** Environment visible to the command: ENV/ARG in scope, `export`s earlier in the RUN, then command-line assignments. */
export function environmentOf(model: DockerfileModel, invocation: PackageInvocation): Map<string, string | undefined> {
  const env = scopeOf(model, invocation.instruction);
  for (const a of invocation.instruction.shell?.variableAssignments ?? []) {
    if (a.start < invocation.command.start) env.set(a.name, a.value);
  }
  for (const [k, v] of invocation.commandEnv) env.set(k, v);
  return env;
}

/** ARG/ENV visible at the instruction; also for instructions of a file without FROM (snippets, tests). */
export function scopeOf(model: DockerfileModel, instruction: DockerInstruction): Map<string, string | undefined> {
  if (instruction.stage) return new Map(variablesInScope(model, instruction));
  const scope = new Map<string, string | undefined>();
  for (const other of model.instructions) {
    if (other.index >= instruction.index) break;
    if (other.keyword !== 'ARG' && other.keyword !== 'ENV') continue;
    const properties = (other.ast as unknown as { getProperties?: () => { getName(): string; getValue(): string | null }[] }).getProperties;
    if (typeof properties !== 'function') continue;
    for (const p of properties.call(other.ast)) scope.set(p.getName(), p.getValue() ?? (other.keyword === 'ENV' ? '' : undefined));
  }
  return scope;
}

const TRUTHY = /^(1|on|yes|true)$/i;
export function isTruthy(value: string | undefined): boolean {
  return value !== undefined && TRUTHY.test(value.trim());
}

/**
 * The operand's value(s) as the build would see them: Dockerfile variables in scope substituted,
 * variables only known at build time (ARG without default, shell variables set in the RUN,
 * command substitutions) replaced by a stand-in version `1`, undeclared ones by nothing.
 * A word that is nothing but an unknown expansion yields no packages; a list in a variable is split.
 */
export function operandValues(model: DockerfileModel, invocation: PackageInvocation, word: ShellWord): string[] {
  if (!word.dynamic) return [word.text];
  const scope = scopeOf(model, invocation.instruction);
  const shellVars = new Set((invocation.instruction.shell?.variableAssignments ?? []).filter((a) => a.start < invocation.command.start).map((a) => a.name));
  const placeholder = '\u0001';
  const withoutSubstitutions = word.text.replace(/\$\((?:[^()]|\([^()]*\))*\)|`[^`]*`/g, placeholder);
  const substituted = withoutSubstitutions.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+=?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced, op, alt, bare) => {
    const name = (braced ?? bare) as string;
    if (scope.has(name)) {
      const value = scope.get(name);
      if (value === undefined) return placeholder;
      if (op === '+') return value ? (alt as string) : '';
      if ((op === '-' || op === '=') && !value) return alt as string;
      return value;
    }
    if (shellVars.has(name)) return placeholder;
    if (op === '-' || op === '=') return alt as string;
    return '';
  });
  const literal = substituted.replace(new RegExp(placeholder, 'g'), '');
  if (literal.trim() === '' && substituted.includes(placeholder)) return [];
  return substituted
    .replace(new RegExp(placeholder, 'g'), '1')
    .split(/\s+/)
    .filter(Boolean);
}

/** Package operands with their values, for pinning checks. */
export interface PackageOperand {
  word: ShellWord;
  value: string;
}

export function packageOperands(model: DockerfileModel, invocation: PackageInvocation): PackageOperand[] {
  const out: PackageOperand[] = [];
  for (const word of invocation.operands) for (const value of operandValues(model, invocation, word)) out.push({ word, value });
  return out;
}

/** A local file or directory rather than a name resolved from a registry. */
export function isLocalPath(value: string): boolean {
  return /^(\.{1,2}(\/|$)|\/|~\/)/.test(value) || value === '.';
}

/** Names of unique unpinned packages, in order, quoted for messages. */
export function describePackages(operands: PackageOperand[]): string {
  const names = [...new Set(operands.map((o) => o.value))];
  const shown = names.slice(0, 6).join(', ');
  return names.length > 6 ? `${shown} and ${names.length - 6} more` : shown;
}

export const programOf = (word: ShellWord): string => programName(word.text);

/** Command-line parsing for `drydock`: small and strict, so a typo is a usage error (exit 2). */

export class UsageError extends Error {}

export type ScanFormat = 'text' | 'json' | 'sarif';
export type RulesFormat = 'text' | 'json' | 'markdown';
export type FailOn = 'error' | 'warning' | 'info' | 'hint' | 'none';

export interface ScanOptions {
  command: 'scan';
  paths: string[];
  format: ScanFormat;
  failOn: FailOn;
  config?: string;
  output?: string;
  color: boolean;
  /** Look images up in their registries and scan them (the only way the CLI touches the network). */
  online: boolean;
  /** OSV database: a directory of records or `all.zip` files (default: the `drydock db update` folder). */
  db?: string;
  /** Platform to scan, `linux/amd64`, when a reference names none (default: this machine's). */
  platform?: string;
  /** Registries (`host` or `host:port`) spoken to without TLS verification (`--insecure-registry`, repeatable). */
  insecureRegistries: string[];
  /** Run the on-device model (default); `--no-model` gives rules-only results. */
  model: boolean;
}

export interface FeedbackExportOptions {
  command: 'model-feedback-export';
  from?: string;
  output?: string;
}

export interface DbUpdateOptions {
  command: 'db-update';
  dir?: string;
  ecosystems: string[];
  baseUrl?: string;
}

export interface RulesOptions {
  command: 'rules';
  format: RulesFormat;
  output?: string;
}

export type Command = ScanOptions | RulesOptions | DbUpdateOptions | FeedbackExportOptions | { command: 'help' } | { command: 'version' };

export const USAGE = `Usage:
  drydock scan PATH... [--format text|json|sarif] [--fail-on error|warning|info|none]
                       [--config FILE] [--output FILE] [--no-color]
                       [--online [--db DIR|ZIP] [--platform OS/ARCH] [--insecure-registry HOST]...]
                       [--no-model]
  drydock rules [--format text|json|markdown] [--output FILE]
  drydock db update [--dir DIR] [--ecosystem NAME]... [--base-url URL]
  drydock model feedback export [--from FILE] [--output FILE]
  drydock --version
  drydock --help

scan    Analyse Dockerfiles, Kubernetes manifests and compose files. Directories are
        walked (node_modules, .git and the config's ignorePaths are skipped); files
        named like Dockerfiles and YAML/JSON holding manifests or compose services are
        analysed, and a file given explicitly is always analysed. .drydock.yaml is found
        by walking up from each scanned path unless --config is given.
        --online looks every image up in its registry (credentials from
        ~/.docker/config.json and credential helpers), reads its packages and matches
        them against the OSV database from --db or "drydock db update". Without
        --online nothing touches the network. TLS certificates are verified;
        --insecure-registry HOST[:PORT] turns that off for one registry (HTTPS
        without verification, plain HTTP if it has no TLS), with a warning.
        The on-device model (shipped in the package, run locally) flags suspicious shell
        commands and secret-looking values; --no-model turns it off.
rules   List every rule with its metadata (markdown = the docs/rules.md reference).
model feedback export
        Copy the findings you marked as expected (recorded only when you enabled
        drydock.model.feedback; default file ~/.cache/drydock/model-feedback.jsonl) for
        retraining. Nothing is ever sent anywhere.
db update
        Download OSV advisories (all.zip per ecosystem; default Debian, Alpine, Ubuntu,
        npm, PyPI) into DIR (default ~/.cache/drydock/osv), for scan --online.

Exit codes: 0 = no finding at or above --fail-on (default: error), 1 = findings at or
above it, 2 = usage or internal error. Unreadable files are reported, not fatal.`;

const FAIL_ON: readonly FailOn[] = ['error', 'warning', 'info', 'hint', 'none'];

export function parseArgs(argv: readonly string[]): Command {
  const args = [...argv];
  if (args.length === 0) throw new UsageError('no command given');
  const first = args[0];
  if (first === '--help' || first === '-h' || first === 'help') return { command: 'help' };
  if (first === '--version' || first === '-v' || first === 'version') return { command: 'version' };
  if (first === 'scan') return parseScan(args.slice(1));
  if (first === 'rules') return parseRules(args.slice(1));
  if (first === 'model') {
    if (args[1] !== 'feedback' || args[2] !== 'export') throw new UsageError('model needs a subcommand: drydock model feedback export');
    return parseFeedbackExport(args.slice(3));
  }
  if (first === 'db') {
    if (args[1] !== 'update') throw new UsageError('db needs a subcommand: drydock db update');
    return parseDbUpdate(args.slice(2));
  }
  throw new UsageError(first.startsWith('-') ? `unknown option "${first}"` : `unknown command "${first}"`);
}

/** Splits `--name=value` and `--name value`; returns [name, value, consumed]. */
function takeOption(args: string[], i: number): [string, string | undefined, number] {
  const arg = args[i];
  const eq = arg.indexOf('=');
  if (arg.startsWith('--') && eq > 0) return [arg.slice(0, eq), arg.slice(eq + 1), 1];
  return [arg, args[i + 1], 2];
}

function requireValue(name: string, value: string | undefined): string {
  if (value === undefined || (value.startsWith('-') && value !== '-')) throw new UsageError(`option ${name} needs a value`);
  return value;
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
  return value as T;
}

function parseScan(args: string[]): ScanOptions | { command: 'help' } {
  const options: ScanOptions = { command: 'scan', paths: [], format: 'text', failOn: 'error', color: true, online: false, model: true, insecureRegistries: [] };
  let i = 0;
  while (i < args.length) {
    const arg = args[i];
    if (arg === '--') {
      options.paths.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      options.paths.push(arg);
      i++;
      continue;
    }
    if (arg === '--help' || arg === '-h') return { command: 'help' };
    if (arg === '--no-color') {
      options.color = false;
      i++;
      continue;
    }
    if (arg === '--online') {
      options.online = true;
      i++;
      continue;
    }
    if (arg === '--no-model') {
      options.model = false;
      i++;
      continue;
    }
    const [name, raw, consumed] = takeOption(args, i);
    switch (name) {
      case '--format':
      case '-f':
        options.format = oneOf('--format', requireValue(name, raw), ['text', 'json', 'sarif'] as const);
        break;
      case '--fail-on':
        options.failOn = oneOf('--fail-on', requireValue(name, raw), FAIL_ON);
        break;
      case '--config':
      case '-c':
        options.config = requireValue(name, raw);
        break;
      case '--output':
      case '-o':
        options.output = requireValue(name, raw);
        break;
      case '--db':
        options.db = requireValue(name, raw);
        break;
      case '--insecure-registry':
        options.insecureRegistries.push(requireValue(name, raw));
        break;
      case '--platform':
        options.platform = requireValue(name, raw);
        if (!/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(options.platform)) throw new UsageError(`--platform must look like linux/amd64 (got "${options.platform}")`);
        break;
      default:
        throw new UsageError(`unknown option "${name}"`);
    }
    i += consumed;
  }
  if ((options.db || options.platform || options.insecureRegistries.length) && !options.online) {
    throw new UsageError('--db, --platform and --insecure-registry need --online');
  }
  if (options.paths.length === 0) throw new UsageError('scan needs at least one PATH (for example: drydock scan .)');
  return options;
}

function parseRules(args: string[]): RulesOptions | { command: 'help' } {
  const options: RulesOptions = { command: 'rules', format: 'text' };
  let i = 0;
  while (i < args.length) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') return { command: 'help' };
    if (!arg.startsWith('-')) throw new UsageError(`rules takes no arguments (got "${arg}")`);
    const [name, raw, consumed] = takeOption(args, i);
    switch (name) {
      case '--format':
      case '-f':
        options.format = oneOf('--format', requireValue(name, raw), ['text', 'json', 'markdown'] as const);
        break;
      case '--output':
      case '-o':
        options.output = requireValue(name, raw);
        break;
      default:
        throw new UsageError(`unknown option "${name}"`);
    }
    i += consumed;
  }
  return options;
}

export const DEFAULT_ECOSYSTEMS = ['Debian', 'Alpine', 'Ubuntu', 'npm', 'PyPI'];

function parseDbUpdate(args: string[]): DbUpdateOptions | { command: 'help' } {
  const options: DbUpdateOptions = { command: 'db-update', ecosystems: [] };
  let i = 0;
  while (i < args.length) {
    if (args[i] === '--help' || args[i] === '-h') return { command: 'help' };
    const [name, raw, consumed] = takeOption(args, i);
    switch (name) {
      case '--dir':
        options.dir = requireValue(name, raw);
        break;
      case '--ecosystem':
        options.ecosystems.push(requireValue(name, raw));
        break;
      case '--base-url':
        options.baseUrl = requireValue(name, raw);
        break;
      default:
        throw new UsageError(`unknown option "${name}"`);
    }
    i += consumed;
  }
  if (options.ecosystems.length === 0) options.ecosystems = [...DEFAULT_ECOSYSTEMS];
  return options;
}

function parseFeedbackExport(args: string[]): FeedbackExportOptions | { command: 'help' } {
  const options: FeedbackExportOptions = { command: 'model-feedback-export' };
  let i = 0;
  while (i < args.length) {
    if (args[i] === '--help' || args[i] === '-h') return { command: 'help' };
    const [name, raw, consumed] = takeOption(args, i);
    if (name === '--from') options.from = requireValue(name, raw);
    else if (name === '--output' || name === '-o') options.output = requireValue(name, raw);
    else throw new UsageError(`unknown option "${name}"`);
    i += consumed;
  }
  return options;
}

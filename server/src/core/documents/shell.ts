/**
 * Shell parsing of RUN bodies (and, later, Kubernetes/compose commands) with tree-sitter-bash
 * compiled to WASM. The WASM bytes are handed in by the shell (server or CLI), so this module
 * stays free of IO. Parsing is synchronous once `ShellParser.create` has resolved.
 *
 * Why tree-sitter over sh-syntax: see ARCHITECTURE.md ("Shell parser choice"); in short it
 * parses synchronously, 60x faster per RUN, keeps UTF-16 offsets and exposes the whole tree.
 */
import { Language, Parser, type Node } from 'web-tree-sitter';
import { TextCache } from '../textCache';

export interface ShellWord {
  /** The word with quotes and backslash escapes removed; expansions are kept verbatim. */
  text: string;
  /** Offsets into the analysed document (not into the script). */
  start: number;
  end: number;
  /** True when the word contains `$VAR`, `$(…)` or backticks, so its value is not known. */
  dynamic: boolean;
}

export interface ShellRedirect {
  operator: string;
  target?: ShellWord;
  start: number;
  end: number;
}

export interface ShellCommand {
  /** Program name as written (`/usr/bin/curl`, `sudo`). */
  name: ShellWord;
  args: ShellWord[];
  /** Leading `VAR=value` words. */
  assignments: ShellWord[];
  redirects: ShellRedirect[];
  start: number;
  end: number;
  /** Commands of the same pipeline in order, including this one; length 1 when not piped. */
  pipeline: ShellCommand[];
  /** Set for commands nested in `$(…)`, backticks or `<(…)`. */
  substitution?: 'command' | 'process';
  /** The command whose argument holds this substitution. */
  parent?: ShellCommand;
  /** Cache for `effectiveCommand`; rules ask for it many times per command. */
  effectiveCache?: EffectiveCommand;
}

export interface ShellScript {
  commands: ShellCommand[];
  hasSyntaxError: boolean;
  /** Bare `export X=1` / `X=1` assignments in the script, for rules that read environment. */
  variableAssignments: { name: string; value: string; start: number; end: number }[];
}

export interface ShellParserWasm {
  /** web-tree-sitter's runtime (web-tree-sitter.wasm). */
  runtime: Uint8Array;
  /** The bash grammar (tree-sitter-bash.wasm). */
  bash: Uint8Array;
}

/** Scripts kept for reuse, counted in characters; a keystroke re-analyses a file whose RUNs mostly did not change. */
const CACHE_CHARACTER_BUDGET = 4 * 1024 * 1024;

export class ShellParser {
  /** Parsed scripts at base offset 0. */
  private readonly cache = new TextCache<ShellScript>(CACHE_CHARACTER_BUDGET);

  private constructor(private readonly parser: Parser) {}

  static async create(wasm: ShellParserWasm): Promise<ShellParser> {
    await Parser.init({ wasmBinary: wasm.runtime } as object);
    const bash = await Language.load(wasm.bash);
    const parser = new Parser();
    parser.setLanguage(bash);
    return new ShellParser(parser);
  }

  /**
   * Parses `script` whose first character sits at `baseOffset` of the document. The script must
   * have the same length as the source slice it came from (see `shellViewOfRun`).
   */
  parse(script: string, baseOffset: number): ShellScript {
    let template = this.cache.get(script);
    if (!template) {
      template = this.parseUncached(script);
      this.cache.set(script, template);
    }
    return rebase(template, baseOffset);
  }

  /** Forgets every parsed script (benchmarks use it to measure parsing itself). */
  clearCache(): void {
    this.cache.clear();
  }

  private parseUncached(script: string): ShellScript {
    const tree = this.parser.parse(script);
    if (!tree) return { commands: [], hasSyntaxError: true, variableAssignments: [] };
    try {
      const builder = new ScriptBuilder(script, 0);
      builder.visit(tree.rootNode, undefined, undefined);
      return {
        commands: builder.commands,
        hasSyntaxError: tree.rootNode.hasError,
        variableAssignments: builder.variableAssignments,
      };
    } finally {
      tree.delete();
    }
  }
}

/** A copy of `template` with every offset moved by `base`; callers may annotate it freely. */
function rebase(template: ShellScript, base: number): ShellScript {
  const word = (w: ShellWord): ShellWord => ({ text: w.text, start: w.start + base, end: w.end + base, dynamic: w.dynamic });
  const copies = new Map<ShellCommand, ShellCommand>();
  const commands = template.commands.map((c) => {
    const copy: ShellCommand = {
      name: word(c.name),
      args: c.args.map(word),
      assignments: c.assignments.map(word),
      redirects: c.redirects.map((r) => ({ operator: r.operator, target: r.target ? word(r.target) : undefined, start: r.start + base, end: r.end + base })),
      start: c.start + base,
      end: c.end + base,
      pipeline: [],
      substitution: c.substitution,
      parent: undefined,
      effectiveCache: undefined,
    };
    copies.set(c, copy);
    return copy;
  });
  template.commands.forEach((c, i) => {
    commands[i].pipeline = c.pipeline.map((member) => copies.get(member) ?? commands[i]);
    commands[i].parent = c.parent ? copies.get(c.parent) : undefined;
  });
  return {
    commands,
    hasSyntaxError: template.hasSyntaxError,
    variableAssignments: template.variableAssignments.map((a) => ({ name: a.name, value: a.value, start: a.start + base, end: a.end + base })),
  };
}

class ScriptBuilder {
  readonly commands: ShellCommand[] = [];
  readonly variableAssignments: ShellScript['variableAssignments'] = [];

  constructor(
    private readonly script: string,
    private readonly base: number,
  ) {}

  visit(node: Node, parent: ShellCommand | undefined, substitution: ShellCommand['substitution']): void {
    switch (node.type) {
      case 'pipeline': {
        const members: ShellCommand[] = [];
        for (const child of node.namedChildren) {
          if (!child) continue;
          const inner = this.commandNode(child);
          if (inner) {
            const command = this.buildCommand(inner, child, parent, substitution);
            members.push(command);
            command.pipeline = members;
          } else {
            this.visit(child, parent, substitution);
          }
        }
        return;
      }
      case 'command':
      case 'redirected_statement': {
        const inner = this.commandNode(node);
        if (inner) {
          this.buildCommand(inner, node, parent, substitution);
          return;
        }
        break;
      }
      case 'variable_assignment':
      case 'declaration_command': {
        this.collectAssignments(node);
        break;
      }
      case 'command_substitution':
        for (const child of node.namedChildren) if (child) this.visit(child, parent, 'command');
        return;
      case 'process_substitution':
        for (const child of node.namedChildren) if (child) this.visit(child, parent, 'process');
        return;
    }
    for (const child of node.namedChildren) if (child) this.visit(child, parent, substitution);
  }

  /** A `command` node, possibly wrapped in a redirected_statement. */
  private commandNode(node: Node): Node | undefined {
    if (node.type === 'command') return node;
    if (node.type === 'redirected_statement') {
      const body = node.childForFieldName('body') ?? node.namedChildren[0];
      if (body && body.type === 'command') return body;
    }
    return undefined;
  }

  private buildCommand(
    commandNode: Node,
    outer: Node,
    parent: ShellCommand | undefined,
    substitution: ShellCommand['substitution'],
  ): ShellCommand {
    const command: ShellCommand = {
      name: { text: '', start: this.base + commandNode.startIndex, end: this.base + commandNode.startIndex, dynamic: false },
      args: [],
      assignments: [],
      redirects: [],
      start: this.base + outer.startIndex,
      end: this.base + outer.endIndex,
      pipeline: [],
      substitution,
      parent,
      effectiveCache: undefined,
    };
    command.pipeline = [command];
    this.commands.push(command);
    const nested: Node[] = [];
    for (const child of commandNode.namedChildren) {
      if (!child) continue;
      if (child.type === 'command_name') {
        command.name = this.word(child.namedChildren[0] ?? child);
        this.findSubstitutions(child, nested);
      } else if (child.type === 'variable_assignment') {
        command.assignments.push(this.word(child));
        this.findSubstitutions(child, nested);
      } else if (child.type.endsWith('redirect') || child.type === 'heredoc_redirect') {
        command.redirects.push(this.redirect(child));
        this.findSubstitutions(child, nested);
      } else if (child.type !== 'comment') {
        command.args.push(this.word(child));
        this.findSubstitutions(child, nested);
      }
    }
    if (outer !== commandNode) {
      for (const child of outer.namedChildren) {
        if (!child || child === commandNode || child.id === commandNode.id) continue;
        if (child.type.endsWith('redirect')) {
          command.redirects.push(this.redirect(child));
          this.findSubstitutions(child, nested);
        }
      }
    }
    for (const n of nested) this.visit(n, command, n.type === 'process_substitution' ? 'process' : 'command');
    return command;
  }

  private findSubstitutions(node: Node, into: Node[]): void {
    if (node.type === 'command_substitution' || node.type === 'process_substitution') {
      into.push(node);
      return;
    }
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'command_substitution' || child.type === 'process_substitution') into.push(child);
      else this.findSubstitutions(child, into);
    }
  }

  private redirect(node: Node): ShellRedirect {
    let operator = '';
    for (const child of node.children) {
      if (child && !child.isNamed) {
        operator = child.type;
        break;
      }
    }
    const destination = node.childForFieldName('destination') ?? node.namedChildren.find((c) => c && c.type !== 'file_descriptor');
    return {
      operator,
      target: destination ? this.word(destination) : undefined,
      start: this.base + node.startIndex,
      end: this.base + node.endIndex,
    };
  }

  private collectAssignments(node: Node): void {
    const assignments = node.type === 'variable_assignment' ? [node] : node.namedChildren.filter((c): c is Node => !!c && c.type === 'variable_assignment');
    for (const a of assignments) {
      const name = a.childForFieldName('name')?.text ?? '';
      const valueNode = a.childForFieldName('value');
      this.variableAssignments.push({
        name,
        value: valueNode ? unquote(valueNode, this.script) : '',
        start: this.base + a.startIndex,
        end: this.base + a.endIndex,
      });
    }
  }

  private word(node: Node): ShellWord {
    return {
      text: unquote(node, this.script),
      start: this.base + node.startIndex,
      end: this.base + node.endIndex,
      dynamic: isDynamic(node),
    };
  }
}

function isDynamic(node: Node): boolean {
  const t = node.type;
  if (t === 'simple_expansion' || t === 'expansion' || t === 'command_substitution' || t === 'process_substitution') return true;
  for (const child of node.namedChildren) if (child && isDynamic(child)) return true;
  return false;
}

/** Best-effort literal value of a word: quotes and escapes removed, expansions kept verbatim. */
function unquote(node: Node, script: string): string {
  const raw = script.slice(node.startIndex, node.endIndex);
  switch (node.type) {
    case 'raw_string':
      return raw.slice(1, -1);
    case 'ansi_c_string':
      return raw.slice(2, -1);
    case 'string': {
      let out = '';
      let cursor = node.startIndex + 1;
      for (const child of node.namedChildren) {
        if (!child) continue;
        out += unescapeDoubleQuoted(script.slice(cursor, child.startIndex));
        out += child.type === 'string_content' ? unescapeDoubleQuoted(script.slice(child.startIndex, child.endIndex)) : script.slice(child.startIndex, child.endIndex);
        cursor = child.endIndex;
      }
      out += unescapeDoubleQuoted(script.slice(cursor, Math.max(cursor, node.endIndex - 1)));
      return out;
    }
    case 'concatenation': {
      let out = '';
      let cursor = node.startIndex;
      for (const child of node.children) {
        if (!child) continue;
        out += unescapeBare(script.slice(cursor, child.startIndex));
        out += unquote(child, script);
        cursor = child.endIndex;
      }
      out += unescapeBare(script.slice(cursor, node.endIndex));
      return out;
    }
    case 'word':
    case 'number':
      return unescapeBare(raw);
    case 'variable_assignment': {
      const name = node.childForFieldName('name');
      const value = node.childForFieldName('value');
      return `${name ? name.text : ''}=${value ? unquote(value, script) : ''}`;
    }
    default:
      return raw;
  }
}

function unescapeBare(text: string): string {
  return text.replace(/\\\r?\n/g, '').replace(/\\(.)/g, '$1');
}

function unescapeDoubleQuoted(text: string): string {
  return text.replace(/\\\r?\n/g, '').replace(/\\([$`"\\])/g, '$1');
}

const WRAPPERS = new Set(['sudo', 'doas', 'su-exec', 'gosu', 'env', 'nice', 'nohup', 'time', 'exec', 'command', 'builtin', 'xargs', 'timeout', 'stdbuf', 'ionice', 'chroot']);
const WRAPPER_OPTIONS_WITH_VALUE: Record<string, Set<string>> = {
  sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '--user', '--group']),
  env: new Set(['-u', '-C', '-S', '--unset', '--chdir']),
  nice: new Set(['-n', '--adjustment']),
  timeout: new Set(['-s', '-k', '--signal', '--kill-after']),
  xargs: new Set(['-I', '-L', '-n', '-P', '-s', '-d', '-E', '-a']),
  ionice: new Set(['-c', '-n', '-p']),
};

/** Base name of a program path: `/usr/bin/apt-get` → `apt-get`. */
export function programName(word: string): string {
  const slash = word.lastIndexOf('/');
  return slash >= 0 ? word.slice(slash + 1) : word;
}

export interface EffectiveCommand {
  /** Program after wrappers such as sudo/env/xargs are stripped, as a base name. */
  program: string;
  nameWord: ShellWord;
  args: ShellWord[];
  /** Wrappers that were stripped, in order (`sudo`, `env`). */
  wrappers: string[];
}

/** Strips `sudo`, `env X=1`, `nice -n 5`, `timeout 10` … so rules see the command that runs. */
export function effectiveCommand(command: ShellCommand): EffectiveCommand {
  command.effectiveCache ??= computeEffectiveCommand(command);
  return command.effectiveCache;
}

function computeEffectiveCommand(command: ShellCommand): EffectiveCommand {
  // Most commands run no wrapper: skip building the word list.
  const first = programName(command.name.text);
  if (!WRAPPERS.has(first)) return { program: first, nameWord: command.name, args: command.args.slice(), wrappers: [] };
  let words = [command.name, ...command.args];
  const wrappers: string[] = [];
  for (let guard = 0; guard < 6 && words.length > 0; guard++) {
    const program = programName(words[0].text);
    if (!WRAPPERS.has(program)) break;
    wrappers.push(program);
    let i = 1;
    const withValue = WRAPPER_OPTIONS_WITH_VALUE[program] ?? new Set<string>();
    while (i < words.length) {
      const w = words[i].text;
      if (w === '--') {
        i++;
        break;
      }
      if (program === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) {
        i++;
        continue;
      }
      if (program === 'timeout' && /^\d/.test(w)) {
        i++;
        break;
      }
      if ((program === 'su-exec' || program === 'gosu') && i === 1) {
        i++;
        break;
      }
      if (program === 'chroot' && !w.startsWith('-')) {
        i++;
        break;
      }
      if (!w.startsWith('-')) break;
      i += withValue.has(w) ? 2 : 1;
    }
    words = words.slice(i);
  }
  if (words.length === 0) return { program: '', nameWord: command.name, args: [], wrappers };
  return { program: programName(words[0].text), nameWord: words[0], args: words.slice(1), wrappers };
}

/** Splits args into flags and positional operands; `valueFlags` lists options that take a value. */
export function splitArgs(args: ShellWord[], valueFlags: ReadonlySet<string> = new Set()): { flags: ShellWord[]; operands: ShellWord[] } {
  const flags: ShellWord[] = [];
  const operands: ShellWord[] = [];
  let afterDashDash = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (afterDashDash) {
      operands.push(a);
    } else if (a.text === '--') {
      afterDashDash = true;
    } else if (a.text.startsWith('-') && a.text.length > 1) {
      flags.push(a);
      if (valueFlags.has(a.text) && i + 1 < args.length) i++;
    } else {
      operands.push(a);
    }
  }
  return { flags, operands };
}

/** True when any flag matches: long names exactly or as `--name=…`, short letters also inside bundles (`-fsSL`). */
export function hasFlag(args: ShellWord[], long: string[], shortLetters = ''): boolean {
  for (const a of args) {
    const t = a.text;
    if (t === '--') return false;
    if (t.startsWith('--')) {
      const name = t.includes('=') ? t.slice(0, t.indexOf('=')) : t;
      if (long.includes(name)) return true;
    } else if (t.startsWith('-') && t.length > 1 && shortLetters) {
      if (long.includes(t)) return true;
      for (const c of t.slice(1)) if (shortLetters.includes(c)) return true;
    } else if (long.includes(t)) {
      return true;
    }
  }
  return false;
}

/**
 * YAML files (Kubernetes manifests, compose files) parsed once with `yaml`, keeping every node's
 * offsets so that findings can point at the exact key or value. Multi-document streams keep one
 * AST per document; offsets are file offsets, so no per-document rebasing is needed anywhere.
 *
 * Helm templates are not YAML: their `{{ … }}` actions are blanked before parsing (spaces when
 * alone on a line, filler inside a value; offsets kept), and every value that overlapped an
 * action reads as unknown.
 */
import { Composer, Parser, isAlias, isMap, isPair, isScalar, isSeq, type Document, type Pair, type ParsedNode, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { LineIndex } from '../text';
import { runToEnd } from '../steps';
import { TextCache } from '../textCache';

export type YamlNode = ParsedNode;
export type YamlPair = Pair<ParsedNode, ParsedNode | null>;

export interface YamlComment {
  /** Offset of `#`. */
  start: number;
  end: number;
  line: number;
  /** Text after `#`, trimmed. */
  content: string;
  /** The comment follows content on its line (`key: value  # note`). */
  trailing: boolean;
}

export interface YamlDocument {
  index: number;
  document: Document.Parsed;
  contents: YamlNode | null;
  /** File offsets of the document (from its first token to its end). */
  start: number;
  end: number;
}

export interface YamlProblem {
  start: number;
  end: number;
  message: string;
}

export interface YamlFile {
  /** The text as parsed (Helm actions blanked); same length as the original. */
  text: string;
  lines: LineIndex;
  documents: YamlDocument[];
  comments: YamlComment[];
  /** Parse errors; documents with errors are still analysed where they parsed. */
  problems: YamlProblem[];
  /** Spans of blanked template actions (`{{ … }}`), in order. */
  templateActions: { start: number; end: number }[];
  /** The file is JSON (first significant character `{` or `[`): fixes quote keys and strings. */
  json: boolean;
  /** Indentation the file uses for nested mappings, and whether block sequences are indented under their key. */
  style: { indent: number; indentSequences: boolean };
}

/**
 * Helm actions: each `{{` to the first `}}` after it. A scan, not `/\{\{[\s\S]*?\}\}/g`, which re-reads the rest of
 * the text from every `{{` that has no `}}` after it (quadratic on `{{{{…`; test/unit/regexAudit.test.ts).
 */
export function templateActionSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (let from = 0; ; ) {
    const start = text.indexOf('{{', from);
    if (start < 0) break;
    const close = text.indexOf('}}', start + 2);
    if (close < 0) break; // no later `{{` can close either
    spans.push({ start, end: close + 2 });
    from = close + 2;
  }
  return spans;
}

export interface YamlParseOptions {
  /**
   * Reuse documents whose text was parsed before, moving their offsets in place. The nodes of
   * such a file are then valid only until the next cached parse of a text sharing documents with
   * it, so only the engine asks for it, with `hold`.
   */
  reuseDocuments?: boolean;
  /**
   * Keep the reused documents of this file for it until `releaseYamlFile`: another parse meanwhile parses
   * its own copy instead of moving them (the language server interleaves analyses between rules).
   */
  hold?: boolean;
  /**
   * The file this text is of (its name or URI). Documents are reused only by a later parse of the same file: files
   * sharing documents (copies, overlays) would otherwise take turns at them, and a file analysed while another holds
   * them would parse all of its documents afresh.
   */
  owner?: string;
}

/** Cached documents a file still being analysed holds: no other parse may move their offsets. */
const held = new Set<ParsedChunk>();
const heldBy = new WeakMap<YamlFile, ParsedChunk[]>();

/** Gives back the cached documents `file` held (see `YamlParseOptions.hold`). */
export function releaseYamlFile(file: YamlFile): void {
  for (const chunk of heldBy.get(file) ?? []) held.delete(chunk);
  heldBy.delete(file);
}

const isBlank = (c: string) => c !== '\n' && /\s/.test(c);

/** Whether only whitespace stands between the start of `offset`'s line and `offset`. */
function onlyBlanksBefore(text: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && isBlank(text[i])) i--;
  return i < 0 || text[i] === '\n';
}

/** Whether the line goes on from `offset` with whitespace only, up to its end or to another `{{`. */
function blanksThenEndOrAction(text: string, offset: number): boolean {
  let i = offset;
  while (i < text.length && isBlank(text[i])) i++;
  return i === text.length || text[i] === '\n' || text.startsWith('{{', i);
}

/** Parses a YAML stream (several documents, ranges kept, Helm actions blanked). */
export function parseYamlFile(original: string, options: YamlParseOptions = {}): YamlFile {
  return runToEnd(parseYamlFileSteps(original, options));
}

/**
 * `parseYamlFile` one document at a time: it yields after each document it parsed or reused, so the language server
 * serves other messages between the documents of a long file that was pasted or opened (a cold parse of a 5,000-line
 * manifest is tens of milliseconds). Abandoned with `return()`, it gives back the cached documents it held.
 */
export function* parseYamlFileSteps(original: string, options: YamlParseOptions = {}): Generator<void, YamlFile, void> {
  const templateActions: { start: number; end: number }[] = [];
  let text = original;
  if (original.includes('{{')) {
    let blanked = '';
    let last = 0;
    for (const span of templateActionSpans(original)) {
      const offset = span.start;
      const match = original.slice(offset, span.end);
      templateActions.push(span);
      // An action alone on its line (`{{- if … }}`) becomes blank; one inside a value becomes part of
      // that scalar (`name: {{ .Release.Name }}-role` → `name: ______…-role`), so the value reads as unknown.
      // Scanning only the blanks around the action keeps a line of many actions linear.
      const alone = onlyBlanksBefore(original, offset) && blanksThenEndOrAction(original, span.end);
      blanked += original.slice(last, offset) + match.replace(/[^\r\n]/g, alone ? ' ' : '_');
      last = span.end;
    }
    text = blanked + original.slice(last);
  }
  const lines = new LineIndex(text);
  const problems: YamlProblem[] = [];
  const documents: YamlDocument[] = [];
  const commentSpans: { start: number; end: number; source: string }[] = [];
  const used = new Set<ParsedChunk>();
  const chunks = splitDocuments(text);
  // Held from the moment they are used: while this parse is paused, no other may move their offsets.
  const holding: ParsedChunk[] = [];
  let parsedAll = false;
  try {
    for (const chunk of chunks) {
      const parsed = parsedChunk(text.slice(chunk.start, chunk.end), chunk.start, chunks.length === 1, options.reuseDocuments === true, used, options.owner ?? '');
      if (options.hold && options.reuseDocuments && chunkCache.peek(parsed.key) === parsed) {
        held.add(parsed);
        holding.push(parsed);
      }
      for (const error of parsed.errors) problems.push({ ...error });
      for (const document of parsed.documents) {
        const range = document.range ?? [chunk.start, chunk.start, chunk.start];
        documents.push({ index: documents.length, document, contents: (document.contents as YamlNode | null) ?? null, start: range[0], end: range[2] });
      }
      commentSpans.push(...parsed.comments);
      yield;
    }
    parsedAll = true;
  } finally {
    if (!parsedAll) for (const chunk of holding) held.delete(chunk);
  }
  if (options.reuseDocuments) forgetOlderVersions(options.owner ?? '', used);
  const comments = commentSpans.map((c) => commentAt(c, lines, text));
  const firstSignificant = /\S/.exec(text);
  const json = firstSignificant !== null && (firstSignificant[0] === '{' || firstSignificant[0] === '[');
  const file: YamlFile = { text, lines, documents, comments, problems, templateActions, json, style: { indent: 2, indentSequences: false } };
  file.style = detectStyle(file);
  if (options.hold && options.reuseDocuments) heldBy.set(file, holding);
  return file;
}

// ---------------------------------------------------------------------------------------------
// Per-document parse cache. Typing in one document of a long multi-document file changes that
// document only; the others are reused from the last parse, their offsets shifted in place.
// A line starting with `---` is always a document marker in YAML (it may not start a line of
// content, quoted or not), so splitting there is exact; files with directives (`%YAML`) are
// parsed whole because a directive belongs to the document after it.

interface ParsedChunk {
  /** The owner and the text: the chunk's key in the cache. */
  key: string;
  owner: string;
  text: string;
  /** File offset all ranges of this entry are currently expressed in. */
  base: number;
  documents: Document.Parsed[];
  errors: YamlProblem[];
  comments: { start: number; end: number; source: string }[];
}

const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;
const CACHE_LIMIT_CHARS = 2 * 1024 * 1024;
/** The cached chunks of each owner's last parse. */
const chunksOf = new Map<string, Set<ParsedChunk>>();
const chunkCache = new TextCache<ParsedChunk>(CACHE_LIMIT_CHARS, {
  largestKey: CACHE_LIMIT_CHARS / 4,
  onRemove: (_key, chunk) => {
    const owned = chunksOf.get(chunk.owner);
    owned?.delete(chunk);
    if (owned?.size === 0) chunksOf.delete(chunk.owner);
  },
});

function evict(chunk: ParsedChunk): void {
  if (chunkCache.peek(chunk.key) === chunk) chunkCache.delete(chunk.key);
}

/**
 * After a parse of `owner`, its chunks the parse did not use belong to older versions of the file: typing reuses the
 * last version only, so they go (a burst of edits to ten large manifests would otherwise fill the cache with versions
 * nobody will parse again).
 */
function forgetOlderVersions(owner: string, used: ReadonlySet<ParsedChunk>): void {
  for (const chunk of chunksOf.get(owner) ?? []) if (!used.has(chunk)) evict(chunk);
  const current = new Set([...used].filter((c) => chunkCache.peek(c.key) === c));
  if (current.size > 0) chunksOf.set(owner, current);
  else chunksOf.delete(owner);
}

function splitDocuments(text: string): { start: number; end: number }[] {
  if (/^%/m.test(text)) return [{ start: 0, end: text.length }];
  const starts = [0];
  DOCUMENT_START.lastIndex = 0;
  for (let m = DOCUMENT_START.exec(text); m; m = DOCUMENT_START.exec(text)) if (m.index > 0) starts.push(m.index);
  return starts.map((start, i) => ({ start, end: i + 1 < starts.length ? starts[i + 1] : text.length }));
}

function parsedChunk(chunkText: string, base: number, whole: boolean, reuse: boolean, used: Set<ParsedChunk>, owner: string): ParsedChunk {
  const cacheable = reuse && !whole;
  const key = cacheable ? `${owner}\u0000${chunkText}` : '';
  const cached = cacheable ? chunkCache.get(key) : undefined;
  if (cached && !used.has(cached) && !held.has(cached)) {
    shiftChunk(cached, base - cached.base);
    used.add(cached);
    return cached;
  }
  const tokens = Array.from(new Parser().parse(chunkText));
  // Aliases are never expanded (no toJS), so alias bombs cost nothing; see `deref`.
  const composer = new Composer({ keepSourceTokens: false, uniqueKeys: false, strict: false, prettyErrors: false });
  const documents = Array.from(composer.compose(tokens, whole, chunkText.length)) as Document.Parsed[];
  const errors: YamlProblem[] = documents.flatMap((d) => d.errors.map((e) => ({ start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1), message: e.message.split('\n')[0] })));
  const entry: ParsedChunk = { key, owner, text: chunkText, base: 0, documents, errors, comments: collectComments(tokens) };
  shiftChunk(entry, base);
  if (cacheable && !cached) {
    chunkCache.set(key, entry);
    if (chunkCache.peek(key) === entry) used.add(entry);
  }
  return entry;
}

/** Moves every offset of a parsed chunk by `delta` (its nodes, documents, errors and comments). */
function shiftChunk(chunk: ParsedChunk, delta: number): void {
  chunk.base += delta;
  if (delta === 0) return;
  const shiftRange = (range: number[] | null | undefined) => {
    if (!range) return;
    for (let i = 0; i < range.length; i++) range[i] += delta;
  };
  const visit = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > 500) return;
    shiftRange((node as { range?: number[] }).range);
    const items = (node as { items?: unknown[] }).items;
    if (!Array.isArray(items)) return;
    for (const item of items) {
      if (isPair(item)) {
        visit(item.key, depth + 1);
        visit(item.value, depth + 1);
      } else visit(item, depth + 1);
    }
  };
  for (const document of chunk.documents) {
    shiftRange(document.range as number[] | undefined);
    visit(document.contents, 0);
    for (const error of [...document.errors, ...document.warnings]) shiftRange(error.pos as unknown as number[]);
  }
  for (const error of chunk.errors) {
    error.start += delta;
    error.end += delta;
  }
  for (const comment of chunk.comments) {
    comment.start += delta;
    comment.end += delta;
  }
}

function commentAt(span: { start: number; end: number; source: string }, lines: LineIndex, text: string): YamlComment {
  const line = lines.positionAt(span.start).line;
  const before = text.slice(lines.lineStart(line), span.start).trim();
  return { start: span.start, end: span.end, line, content: span.source.replace(/^#/, '').trim(), trailing: before !== '' && before !== '-' };
}

/** Comments from the CST: every source token of type `comment`, wherever it sits. */
function collectComments(tokens: unknown[]): { start: number; end: number; source: string }[] {
  const comments: { start: number; end: number; source: string }[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 200 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth + 1);
      return;
    }
    const token = value as { type?: string; offset?: number; source?: string };
    if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
      comments.push({ start: token.offset, end: token.offset + token.source.length, source: token.source });
      return;
    }
    for (const key of Object.keys(token)) {
      if (key === 'source' || key === 'offset' || key === 'indent' || key === 'type') continue;
      visit((token as Record<string, unknown>)[key], depth + 1);
    }
  };
  visit(tokens, 0);
  comments.sort((a, b) => a.start - b.start);
  return comments;
}

/** Empties the per-document parse cache (benchmarks measure a file never seen before with it). */
export function clearYamlCache(): void {
  chunkCache.clear();
  chunksOf.clear();
}

/** The indentation the author used, so that inserted lines look like theirs. */
function detectStyle(file: YamlFile): YamlFile['style'] {
  let indent: number | undefined;
  let indentSequences: boolean | undefined;
  const visit = (node: YamlNode | null | undefined, depth: number): void => {
    if (!node || depth > 50 || (indent !== undefined && indentSequences !== undefined)) return;
    if (isMap(node) && !node.flow) {
      for (const pair of node.items as YamlPair[]) {
        const key = pair.key;
        const value = pair.value;
        if (!key || !value || !('range' in value) || !value.range) continue;
        const keyColumn = file.lines.positionAt(key.range![0]).character;
        if (isMap(value) && !value.flow && value.items.length > 0 && indent === undefined) {
          const childKey = (value.items[0] as YamlPair).key;
          if (childKey?.range) {
            const childLine = file.lines.positionAt(childKey.range[0]);
            const keyLine = file.lines.positionAt(key.range![0]).line;
            if (childLine.line > keyLine && childLine.character > keyColumn) indent = childLine.character - keyColumn;
          }
        }
        if (isSeq(value) && !value.flow && value.items.length > 0 && indentSequences === undefined) {
          const dash = file.lines.positionAt(value.range[0]);
          if (dash.line > file.lines.positionAt(key.range![0]).line) indentSequences = dash.character > keyColumn;
        }
        visit(value, depth + 1);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item as YamlNode, depth + 1);
    }
  };
  for (const document of file.documents) visit(document.contents, 0);
  return { indent: indent ?? 2, indentSequences: indentSequences ?? false };
}

/** Deeper than this, a YAML file is not analysed: real manifests stay under 30 levels; rule walkers recurse. */
export const MAX_YAML_NESTING = 200;

/**
 * How deep each parsed document's collections nest (stopped past MAX_YAML_NESTING), kept with the document: a
 * keystroke re-parses one document of a long file and reuses the others (`reuseDocuments`), whose structure it
 * never changes, and walking all of them again was a seventh of what a 5,000-line manifest's analysis allocated.
 */
const nestingOfDocument = new WeakMap<object, number>();

/**
 * How deep the file's collections nest, counted without recursion and stopping at `limit + 1` (aliases are not
 * followed). The `yaml` composer reports a stack overflow as a parse error for extreme nesting; that counts as too deep.
 */
export function yamlNesting(file: YamlFile, limit = MAX_YAML_NESTING): number {
  if (file.problems.some((p) => /call stack/i.test(p.message))) return limit + 1;
  let deepest = 0;
  for (const { document } of file.documents) {
    let depth = limit === MAX_YAML_NESTING ? nestingOfDocument.get(document) : undefined;
    if (depth === undefined) {
      depth = nesting(document.contents, limit);
      if (limit === MAX_YAML_NESTING) nestingOfDocument.set(document, depth);
    }
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
  }
  return deepest;
}

/** How deep `root`'s collections nest, stopping past `limit`; a node and its depth on two stacks, not a pair each. */
function nesting(root: unknown, limit: number): number {
  let deepest = 0;
  const nodes: unknown[] = [root];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const depth = depths.pop()!;
    if (!node || typeof node !== 'object') continue;
    const items = (node as { items?: unknown[] }).items;
    if (!Array.isArray(items)) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const item of items) {
      if (isPair(item)) {
        nodes.push(item.key, item.value);
        depths.push(depth + 1, depth + 1);
      } else {
        nodes.push(item);
        depths.push(depth + 1);
      }
    }
  }
  return deepest;
}

// ---------------------------------------------------------------------------------------------
// Navigation. Aliases are followed one level (never expanded), so alias bombs cost nothing.

/**
 * Targets of resolved aliases. `Alias.resolve` walks the whole document to find the anchor, so a file with many
 * aliases would cost aliases × nodes; parsed documents are never mutated (edits are text), so the answer is kept.
 */
const aliasTargets = new WeakMap<object, YamlNode | null>();

/** The node an alias points at, or the node itself. */
export function deref(document: YamlDocument | undefined, node: YamlNode | null | undefined): YamlNode | undefined {
  if (!node) return undefined;
  if (isAlias(node)) {
    if (!document) return undefined;
    const known = aliasTargets.get(node);
    if (known !== undefined) return known ?? undefined;
    const target = node.resolve(document.document);
    const resolved = target && !isAlias(target) ? (target as YamlNode) : null;
    aliasTargets.set(node, resolved);
    return resolved ?? undefined;
  }
  return node;
}

export function asMap(node: YamlNode | null | undefined): YAMLMap<ParsedNode, ParsedNode | null> | undefined {
  return node && isMap(node) ? (node as YAMLMap<ParsedNode, ParsedNode | null>) : undefined;
}

export function asSeq(node: YamlNode | null | undefined): YAMLSeq<ParsedNode> | undefined {
  return node && isSeq(node) ? (node as YAMLSeq<ParsedNode>) : undefined;
}

/** The key of a pair as a string (scalar keys only). */
export function keyName(pair: YamlPair): string | undefined {
  const key = pair.key;
  if (key && isScalar(key)) return String(key.value);
  return undefined;
}

export function findPair(map: YAMLMap<ParsedNode, ParsedNode | null> | undefined, key: string): YamlPair | undefined {
  if (!map) return undefined;
  for (const item of map.items) {
    if (isPair(item) && keyName(item as YamlPair) === key) return item as YamlPair;
  }
  return undefined;
}

/** `map[key]` with one level of alias resolution; `null` for a present key with no value. */
export function getNode(map: YAMLMap<ParsedNode, ParsedNode | null> | undefined, key: string, document?: YamlDocument): YamlNode | null | undefined {
  const pair = findPair(map, key);
  if (!pair) return undefined;
  if (pair.value === null) return null;
  return deref(document, pair.value) ?? null;
}

export function getMap(map: YAMLMap<ParsedNode, ParsedNode | null> | undefined, key: string, document?: YamlDocument) {
  return asMap(getNode(map, key, document));
}

export function getSeq(map: YAMLMap<ParsedNode, ParsedNode | null> | undefined, key: string, document?: YamlDocument) {
  return asSeq(getNode(map, key, document));
}

/** Follows `path` through nested maps. */
export function getPath(map: YAMLMap<ParsedNode, ParsedNode | null> | undefined, path: readonly string[], document?: YamlDocument): YamlNode | null | undefined {
  let current = map as YamlNode | null | undefined;
  for (const key of path) {
    const m = asMap(current);
    if (!m) return undefined;
    current = getNode(m, key, document);
  }
  return current;
}

/** Whether `node` overlaps a blanked template action: its value is unknown. */
export function isTemplated(file: YamlFile, node: { range?: [number, number, number] | null } | null | undefined): boolean {
  if (!node?.range || file.templateActions.length === 0) return false;
  const [start, end] = node.range;
  return file.templateActions.some((a) => a.start < Math.max(end, start + 1) && a.end > start);
}

/** The scalar value of `node` (string, number, boolean, null), undefined when not a known scalar. */
export function scalarValue(file: YamlFile, node: YamlNode | null | undefined): unknown {
  if (!node || !isScalar(node) || isTemplated(file, node)) return undefined;
  return (node as Scalar).value;
}

/** Strings, and numbers as Kubernetes and compose accept them in string fields. */
export function stringValue(file: YamlFile, node: YamlNode | null | undefined): string | undefined {
  const value = scalarValue(file, node);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return undefined;
}

const YAML11_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const YAML11_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

/**
 * Booleans the way the cluster reads them: `true`/`false`, and YAML 1.1's plain `yes`/`no`/`on`/`off`,
 * which kubectl's YAML 1.1 decoder still turns into booleans.
 */
export function booleanValue(file: YamlFile, node: YamlNode | null | undefined): boolean | undefined {
  const value = scalarValue(file, node);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && (node as Scalar).type === 'PLAIN') {
    if (YAML11_TRUE.has(value)) return true;
    if (YAML11_FALSE.has(value)) return false;
  }
  return undefined;
}

export function numberValue(file: YamlFile, node: YamlNode | null | undefined): number | undefined {
  const value = scalarValue(file, node);
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** Items of a sequence, aliases resolved. */
export function seqItems(document: YamlDocument | undefined, seq: YAMLSeq<ParsedNode> | undefined): YamlNode[] {
  if (!seq) return [];
  const items: YamlNode[] = [];
  for (const item of seq.items) {
    const node = deref(document, item as YamlNode);
    if (node) items.push(node);
  }
  return items;
}

/** Offsets of a node's content (without trailing comments and line breaks). */
export function nodeSpan(node: { range?: [number, number, number] | null }): { start: number; end: number } {
  const range = node.range ?? [0, 0, 0];
  return { start: range[0], end: Math.max(range[1], range[0]) };
}

/** `key: value` as one span: from the key to the end of the value (the value's first line for collections). */
export function pairSpan(file: YamlFile, pair: YamlPair): { start: number; end: number } {
  const key = nodeSpan(pair.key);
  const value = pair.value;
  if (!value || !value.range) return key;
  if (isScalar(value)) {
    const end = nodeSpan(value).end;
    const keyLineEnd = file.lines.lineEnd(file.lines.positionAt(key.start).line);
    return { start: key.start, end: Math.min(Math.max(end, key.end), Math.max(keyLineEnd, key.end)) };
  }
  return key;
}

/** Just the key of a pair: where a finding about a missing child of this key goes. */
export function keySpan(pair: YamlPair): { start: number; end: number } {
  return nodeSpan(pair.key);
}

/**
 * Minimal text edits to YAML, made the way a person would make them: a new key goes after the
 * last key of its mapping at that mapping's indentation, a changed value keeps its quoting, flow
 * collections (`{…}`, `[…]`, JSON) stay flow, and nothing outside the edited node moves. The
 * document is never re-serialised, so comments, key order and formatting elsewhere survive.
 */
import { isMap, isScalar, isSeq, type ParsedNode, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { OffsetEdit } from '../rule';
import { eolOf } from '../text';
import { asMap, deref, findPair, type YamlDocument, type YamlFile, type YamlNode, type YamlPair } from './yaml';

type YMap = YAMLMap<ParsedNode, ParsedNode | null>;

export type YamlValue = string | number | boolean | readonly YamlValue[] | { readonly [key: string]: YamlValue };

const PLAIN_SAFE = /^[A-Za-z0-9_/][\w./-]*$/;
/** Colons inside a plain scalar are fine when no space follows them and they do not end it. */
const PLAIN_WITH_COLON = /^[A-Za-z_/][\w./-]*(?::[\w./-]+)+$/;
const PLAIN_RESERVED = /^(true|false|null|yes|no|on|off|y|n|~)$/i;
/** Plain scalars YAML would read as numbers (`10`, `1.5`, `1e3`, `0x1f`, `0o7`). */
const NUMBER_LIKE = /^[-+]?(\.\d|\d)[\d_]*(\.\d*)?([eE][-+]?\d+)?$|^0[xo]/;

function renderScalar(file: YamlFile, value: string | number | boolean, quoteLike?: Scalar): string {
  if (typeof value !== 'string') return String(value);
  if (file.json) return JSON.stringify(value);
  if (quoteLike?.type === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  if (quoteLike?.type === 'QUOTE_DOUBLE') return JSON.stringify(value);
  if (PLAIN_SAFE.test(value) && !PLAIN_RESERVED.test(value) && !NUMBER_LIKE.test(value)) return value;
  // `no-new-privileges:true` is a plain scalar; `8080:80` is not (YAML 1.1 reads it as base 60).
  if (PLAIN_WITH_COLON.test(value) && !/^[\d:._]+$/.test(value)) return value;
  return JSON.stringify(value);
}

function renderKey(file: YamlFile, key: string): string {
  return file.json ? JSON.stringify(key) : PLAIN_SAFE.test(key) && !NUMBER_LIKE.test(key) ? key : JSON.stringify(key);
}

/**
 * The file as seen by an edit of `node`: a flow collection written in JSON style (double-quoted
 * keys) gets JSON-style additions even inside a YAML file.
 */
function styleFor(file: YamlFile, node: YMap | YAMLSeq<ParsedNode>): YamlFile {
  if (file.json || !node.flow) return file;
  const first = node.items[0] as YamlPair | YamlNode | undefined;
  const sample = first && 'key' in (first as object) ? (first as YamlPair).key : (first as YamlNode | undefined);
  return sample && isScalar(sample) && sample.type === 'QUOTE_DOUBLE' ? { ...file, json: true } : file;
}

function isCollection(value: YamlValue): value is readonly YamlValue[] | { readonly [key: string]: YamlValue } {
  return typeof value === 'object' && value !== null;
}

/** Flow style: `{type: RuntimeDefault}`, `[ALL]`, or JSON. */
export function renderFlow(file: YamlFile, value: YamlValue): string {
  if (Array.isArray(value)) return `[${value.map((v) => renderFlow(file, v)).join(', ')}]`;
  if (isCollection(value)) {
    const entries = Object.entries(value).map(([k, v]) => `${renderKey(file, k)}: ${renderFlow(file, v)}`);
    return `{${entries.join(', ')}}`;
  }
  return renderScalar(file, value);
}

/**
 * The text that follows `key:` for `value` when the key sits at `column`: ` scalar` on the same
 * line, or nested block lines.
 */
function renderBlockValue(file: YamlFile, value: YamlValue, column: number, eol: string): string {
  const unit = file.style.indent;
  if (Array.isArray(value)) {
    const dashColumn = column + (file.style.indentSequences ? unit : 0);
    return value.map((item) => `${eol}${' '.repeat(dashColumn)}- ${renderSequenceItem(file, item, dashColumn + 2, eol)}`).join('');
  }
  if (isCollection(value)) {
    const childColumn = column + unit;
    return Object.entries(value)
      .map(([k, v]) => `${eol}${' '.repeat(childColumn)}${renderKey(file, k)}:${renderBlockValue(file, v, childColumn, eol)}`)
      .join('');
  }
  return ` ${renderScalar(file, value)}`;
}

function renderSequenceItem(file: YamlFile, item: YamlValue, column: number, eol: string): string {
  if (Array.isArray(item) || !isCollection(item)) return Array.isArray(item) ? renderFlow(file, item) : renderScalar(file, item as string | number | boolean);
  return Object.entries(item)
    .map(([k, v], i) => `${i === 0 ? '' : `${eol}${' '.repeat(column)}`}${renderKey(file, k)}:${renderBlockValue(file, v, column, eol)}`)
    .join('');
}

function nest(path: readonly string[], value: YamlValue): YamlValue {
  let result = value;
  for (let i = path.length - 1; i >= 0; i--) result = { [path[i]]: result };
  return result;
}

function column(file: YamlFile, offset: number): number {
  return file.lines.positionAt(offset).character;
}

function lineOf(file: YamlFile, offset: number): number {
  return file.lines.positionAt(offset).line;
}

/** Offset where the content of `node` ends (last character + 1). */
function contentEnd(node: { range?: [number, number, number] | null }): number {
  return node.range ? node.range[1] : 0;
}

function pairEnd(file: YamlFile, pair: YamlPair): number {
  const value = pair.value;
  if (value && value.range && value.range[1] > value.range[0]) return value.range[1];
  // `key:` with an empty value (`{"ports":}`): the pair ends after its colon, not after its key.
  const keyEnd = contentEnd(pair.key);
  let i = keyEnd;
  while (i < file.text.length && (file.text[i] === ' ' || file.text[i] === '\t')) i++;
  return file.text[i] === ':' ? i + 1 : keyEnd;
}

/**
 * Where a key starts once its tag and anchor (`!!str key:`, `&a key:`) are counted: the parser's range covers the
 * scalar only, and a sibling written at that column would not line up with the others.
 */
function keyStart(file: YamlFile, key: YamlNode): number {
  const text = file.text;
  const lineStart = file.lines.lineStart(lineOf(file, key.range![0]));
  let start = key.range![0];
  for (;;) {
    let gap = start;
    while (gap > lineStart && (text[gap - 1] === ' ' || text[gap - 1] === '\t')) gap--;
    if (gap === start) break;
    let token = gap;
    while (token > lineStart && text[token - 1] !== ' ' && text[token - 1] !== '\t') token--;
    if (token === gap || (text[token] !== '!' && text[token] !== '&')) break;
    start = token;
  }
  return start;
}

/** Offset of the closing bracket of a flow collection. */
function flowClose(file: YamlFile, node: { range?: [number, number, number] | null }, bracket: '}' | ']'): number {
  let i = contentEnd(node) - 1;
  while (i > 0 && file.text[i] !== bracket) i--;
  return i;
}

/**
 * Edits that make `map.<path>` equal `value`, creating the missing mappings on the way.
 * Existing scalars are replaced in place (quoting kept).
 */
export function setIn(file: YamlFile, document: YamlDocument, map: YMap, path: readonly string[], value: YamlValue): OffsetEdit[] {
  let current = map;
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const pair = findPair(current, key);
    const rest = path.slice(i + 1);
    if (!pair) return insertPair(file, current, key, nest(rest, value));
    const node = pair.value === null ? null : deref(document, pair.value);
    if (i === path.length - 1) return replacePairValue(file, pair, node, value);
    const child = asMap(node);
    if (child && node === pair.value) {
      current = child;
      continue;
    }
    return replacePairValue(file, pair, node, nest(rest, value));
  }
  return [];
}

function isEmptyValue(node: YamlNode | null | undefined): boolean {
  if (!node) return true;
  if (isScalar(node) && (node.value === null || node.value === undefined) && (!node.range || node.range[1] === node.range[0])) return true;
  return false;
}

function replacePairValue(file: YamlFile, pair: YamlPair, node: YamlNode | null | undefined, value: YamlValue): OffsetEdit[] {
  const eol = eolOf(file.text);
  const pairStart = keyStart(file, pair.key);
  if (isEmptyValue(node) || pair.value === null) {
    // `key:` with nothing after it: write the value after the colon.
    const colon = file.text.indexOf(':', contentEnd(pair.key));
    if (!isCollection(value) || file.json) return [{ start: colon + 1, end: colon + 1, newText: isCollection(value) ? ` ${renderFlow(file, value)}` : ` ${renderScalar(file, value)}` }];
    const at = file.lines.lineEnd(lineOf(file, colon));
    return [{ start: at, end: at, newText: renderBlockValue(file, value, column(file, pairStart), eol) }];
  }
  const target = node!;
  if (!isCollection(value)) {
    const quoteLike = isScalar(target) ? (target as Scalar) : undefined;
    return [{ start: target.range![0], end: target.range![1], newText: renderScalar(file, value, quoteLike) }];
  }
  if (isMap(target) && !Array.isArray(value)) {
    // Merge into the existing mapping key by key.
    const edits: OffsetEdit[] = [];
    const missing: [string, YamlValue][] = [];
    for (const [k, v] of Object.entries(value)) {
      const inner = findPair(target as YMap, k);
      if (!inner) missing.push([k, v]);
      else edits.push(...replacePairValue(file, inner, inner.value, v));
    }
    // New keys go in one edit: several insertions at the same offset would run together.
    if (missing.length > 0) edits.push(...insertPairs(file, target as YMap, missing));
    return edits;
  }
  const flowTarget = (isMap(target) || isSeq(target)) && (target as YMap).flow;
  if (flowTarget || isScalar(target) || file.json) return [{ start: target.range![0], end: target.range![1], newText: renderFlow(file, value) }];
  // A block collection replaced by a block collection: rewrite from the colon to the end of the old value.
  const colon = file.text.indexOf(':', contentEnd(pair.key));
  return [{ start: colon + 1, end: file.lines.lineEnd(lineOf(file, Math.max(target.range![1] - 1, colon))), newText: renderBlockValue(file, value, column(file, pairStart), eol) }];
}

/** Adds `key: value` as the last entry of `map`. */
export function insertPair(file: YamlFile, map: YMap, key: string, value: YamlValue): OffsetEdit[] {
  return insertPairs(file, map, [[key, value]]);
}

/** Adds entries after the last entry of `map`, as one edit. */
export function insertPairs(original: YamlFile, map: YMap, entries: readonly (readonly [string, YamlValue])[]): OffsetEdit[] {
  const file = styleFor(original, map);
  const eol = eolOf(file.text);
  const items = map.items as YamlPair[];
  if (map.flow || file.json) {
    const close = flowClose(file, map, '}');
    const rendered = entries.map(([key, value]) => `${renderKey(file, key)}: ${renderFlow(file, value)}`);
    if (items.length === 0) return [{ start: close, end: close, newText: rendered.join(', ') }];
    const last = items[items.length - 1];
    const lastEnd = pairEnd(file, last);
    const openLine = lineOf(file, map.range![0]);
    const lastKeyStart = last.key.range![0];
    if (lineOf(file, lastKeyStart) !== openLine) {
      // One entry per line (pretty-printed JSON, multi-line flow YAML): keep that shape.
      const indent = ' '.repeat(column(file, lastKeyStart));
      return [{ start: lastEnd, end: lastEnd, newText: rendered.map((entry) => `,${eol}${indent}${entry}`).join('') }];
    }
    return [{ start: lastEnd, end: lastEnd, newText: rendered.map((entry) => `, ${entry}`).join('') }];
  }
  const firstKey = keyStart(file, items[0].key);
  const keyColumn = column(file, firstKey);
  const last = items[items.length - 1];
  const at = afterDeeperLines(file, lineOf(file, Math.max(pairEnd(file, last) - 1, last.key.range![0])), keyColumn);
  const text = entries.map(([key, value]) => `${eol}${' '.repeat(keyColumn)}${renderKey(file, key)}:${renderBlockValue(file, value, keyColumn, eol)}`).join('');
  return [{ start: at, end: at, newText: text }];
}

/**
 * The end of `line`, or of the last of the lines after it indented deeper than `column` (blank lines between them
 * included): text there continues the last entry or item, even where the parser's ranges stop short of it (lines the
 * YAML library leaves out of an explicit `?` key), so a new sibling goes after all of it.
 */
function afterDeeperLines(file: YamlFile, line: number, column: number): number {
  let end = file.lines.lineEnd(line);
  for (let next = line + 1; next < file.lines.lineCount; next++) {
    const start = file.lines.lineStart(next);
    const content = file.text.slice(start, file.lines.lineEnd(next));
    const indent = content.length - content.trimStart().length;
    if (content.trim() === '') continue;
    if (indent <= column) break;
    end = file.lines.lineEnd(next);
  }
  return end;
}

/** Appends `value` to a sequence, block or flow. */
export function appendItem(original: YamlFile, seq: YAMLSeq<ParsedNode>, value: YamlValue): OffsetEdit[] {
  const file = styleFor(original, seq);
  const eol = eolOf(file.text);
  const items = seq.items as YamlNode[];
  if (seq.flow || file.json) {
    const close = flowClose(file, seq, ']');
    const rendered = renderFlow(file, value);
    if (items.length === 0) return [{ start: close, end: close, newText: rendered }];
    const last = items[items.length - 1];
    const lastEnd = contentEnd(last);
    if (lineOf(file, last.range![0]) !== lineOf(file, seq.range![0])) {
      return [{ start: lastEnd, end: lastEnd, newText: `,${eol}${' '.repeat(column(file, last.range![0]))}${rendered}` }];
    }
    return [{ start: lastEnd, end: lastEnd, newText: `, ${rendered}` }];
  }
  const dashColumn = column(file, seq.range![0]);
  const last = items[items.length - 1];
  const at = afterDeeperLines(file, lineOf(file, Math.max(contentEnd(last) - 1, last.range![0])), dashColumn);
  return [{ start: at, end: at, newText: `${eol}${' '.repeat(dashColumn)}- ${renderSequenceItem(file, value, dashColumn + 2, eol)}` }];
}

/** Replaces one scalar node, keeping its quoting. */
export function replaceScalar(file: YamlFile, node: YamlNode, value: string | number | boolean): OffsetEdit[] {
  return [{ start: node.range![0], end: node.range![1], newText: renderScalar(file, value, isScalar(node) ? (node as Scalar) : undefined) }];
}

/**
 * Removes `key` from `map`. Block style removes the whole lines of the entry; the first entry of a
 * sequence item (`- key: …`) keeps the dash for the next key; flow style removes the entry and one
 * comma.
 */
export function removePair(file: YamlFile, map: YMap, key: string): OffsetEdit[] {
  const items = map.items as YamlPair[];
  const index = items.findIndex((p) => isScalar(p.key) && String(p.key.value) === key);
  if (index < 0) return [];
  const pair = items[index];
  const start = keyStart(file, pair.key);
  const end = pairEnd(file, pair);
  if (map.flow || file.json) {
    if (index + 1 < items.length) return [{ start, end: keyStart(file, items[index + 1].key), newText: '' }];
    if (index > 0) return [{ start: pairEnd(file, items[index - 1]), end, newText: '' }];
    return [{ start, end, newText: '' }];
  }
  const line = lineOf(file, start);
  const lineStart = file.lines.lineStart(line);
  const before = file.text.slice(lineStart, start);
  const lastLine = lineOf(file, Math.max(end - 1, start));
  const next = items[index + 1];
  if (before.trim() !== '') {
    // `- key: value`: the next entry takes its place after the dash.
    if (next) return [{ start, end: next.key.range![0], newText: '' }];
    return [{ start, end: file.lines.lineEnd(lastLine), newText: '{}' }];
  }
  const after = lastLine + 1 < file.lines.lineCount ? file.lines.lineStart(lastLine + 1) : file.lines.lineEnd(lastLine);
  const removeStart = after === file.lines.lineEnd(lastLine) && lineStart > 0 ? lineStart - eolOf(file.text).length : lineStart;
  return [{ start: removeStart, end: after, newText: '' }];
}

/**
 * Removes `path` under `map`, and the mappings it leaves empty (so `securityContext: {privileged: true}`
 * goes entirely rather than leaving `securityContext:` behind).
 */
export function removePath(file: YamlFile, document: YamlDocument, map: YMap, path: readonly string[]): OffsetEdit[] {
  const chain: { map: YMap; key: string }[] = [];
  let current: YMap | undefined = map;
  for (const key of path) {
    if (!current) return [];
    chain.push({ map: current, key });
    const pair = findPair(current, key);
    if (!pair) return [];
    current = asMap(deref(document, pair.value));
  }
  let level = chain.length - 1;
  while (level > 0 && chain[level].map.items.length === 1) level--;
  return removePair(file, chain[level].map, chain[level].key);
}

/** Applies offset edits to `text` (non-overlapping, any order). */
export function applyEdits(text: string, edits: readonly OffsetEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of sorted) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

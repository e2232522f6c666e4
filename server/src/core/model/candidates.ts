/**
 * What the model looks at, with exact ranges: shell sub-commands (RUN, CMD, ENTRYPOINT,
 * HEALTHCHECK; Kubernetes command/args, lifecycle hooks and exec probes; compose command and
 * entrypoint), split at `&&`, `||`, `;` and newlines (pipelines stay whole), and candidate secret
 * values (ENV/ARG values, Kubernetes `env.value`, compose `environment`, credentials in URLs,
 * `--password`-style flags). The shells run the model on these and hand the predictions back.
 */
import { isScalar } from 'yaml';
import type { DocumentKind } from '../rule';
import type { DockerfileModel } from '../documents/dockerfile';
import type { KubernetesModel } from '../documents/kubernetes';
import { allContainers, describeContainer } from '../documents/kubernetes';
import type { ComposeModel } from '../documents/compose';
import { keyValueEntries, serviceValue } from '../documents/compose';
import { asMap, asSeq, getMap, getNode, getSeq, nodeSpan, seqItems, stringValue, type YamlDocument, type YamlFile, type YamlNode } from '../documents/yaml';
import { assignments } from '../rules/dockerfile/helpers';
import { mapField } from '../rules/compose/shared';
import { memoize } from '../memo';
import { secretParts } from '../secrets/secretParts';
import { urlCredentials } from '../secrets/secretValues';

export type SecretContext = 'dockerfile-env' | 'dockerfile-arg' | 'k8s-env' | 'compose-env' | 'url-credential' | 'cli-flag' | 'other';

export interface CommandCandidate {
  /** The text the model sees: the source slice with line continuations blanked (same length). */
  text: string;
  start: number;
  end: number;
  /** `RUN`, `CMD`, `container "app" command`, `service "web" command`, … */
  where: string;
}

export interface SecretCandidate {
  value: string;
  name: string;
  context: SecretContext;
  start: number;
  end: number;
  where: string;
  /**
   * For a credential taken out of a composite value (`DATABASE_URL=postgres://app:…@db`, see
   * secrets/secretParts.ts): the variable holding the whole value, and that value's span.
   */
  holder?: { name: string; context: SecretContext; start: number; end: number };
}

export interface ModelCandidates {
  commands: CommandCandidate[];
  secrets: SecretCandidate[];
}

const MAX_COMMAND = 400;

/** Splits shell text at top-level `&&`, `||`, `;` and newlines, outside quotes; offsets relative to `text`. */
export function splitSubcommands(text: string): { start: number; end: number }[] {
  const parts: { start: number; end: number }[] = [];
  let start = 0;
  let quote: string | undefined;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) parts.push({ start: s, end: e });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '&&' || two === '||') {
      push(i);
      start = i + 2;
      i++;
    } else if (c === ';' || c === '\n') {
      push(i);
      start = i + 1;
    }
  }
  push(text.length);
  return parts;
}

/** Line continuations and CRs become spaces so the model sees one line and offsets stay put. */
function flatten(text: string): string {
  return text.replace(/\\\r?\n/g, (m) => ' '.repeat(m.length)).replace(/[\r\n]/g, ' ');
}

function commandsFromText(text: string, base: number, where: string): CommandCandidate[] {
  return splitSubcommands(text)
    .filter((p) => p.end - p.start >= 3)
    .map((p) => ({ text: flatten(text.slice(p.start, Math.min(p.end, p.start + MAX_COMMAND))), start: base + p.start, end: base + p.end, where }));
}

export function modelCandidates(kind: DocumentKind, model: unknown): ModelCandidates {
  return memoize(model as object, 'modelCandidates', () => {
    if (kind === 'dockerfile') return dockerfileCandidates(model as DockerfileModel);
    if (kind === 'kubernetes') return kubernetesCandidates(model as KubernetesModel);
    return composeCandidates(model as ComposeModel);
  });
}

// ---------------------------------------------------------------------------------------------

const PASSWORD_FLAG = /(--(?:password|passwd|token|api-key|apikey|secret|auth-token|access-token))(?:=|\s+)(["']?)([^\s"'$][^\s"']*)\2/gi;

function flagAndUrlSecrets(text: string, base: number, where: string): SecretCandidate[] {
  const out: SecretCandidate[] = [];
  for (const { user, password, offset } of urlCredentials(text)) {
    out.push({ value: password, name: user, context: 'url-credential', start: base + offset, end: base + offset + password.length, where });
  }
  for (const m of text.matchAll(PASSWORD_FLAG)) {
    const start = base + m.index! + m[0].lastIndexOf(m[3]);
    out.push({ value: m[3], name: m[1].replace(/^--/, ''), context: 'cli-flag', start, end: start + m[3].length, where });
  }
  return out.filter((candidate) => secretParts(candidate)[0].publicAs === undefined);
}

/**
 * Where `value` is written inside `span`: the span may hold quotes (`KEY: "value"`, `ENV A="value"`); a value that was
 * unescaped and so is not found verbatim covers the whole span.
 */
function valueWithin(text: string, span: { start: number; end: number }, value: string): { start: number; end: number } {
  const offset = text.slice(span.start, span.end).indexOf(value);
  return offset >= 0 ? { start: span.start + offset, end: span.start + offset + value.length } : span;
}

/**
 * The candidates of one literal value (ENV/ARG, `env.value`, compose `environment`) spanning
 * [start, start + value.length): the parts the scorer judges (the credential inside a URL or
 * connection string, else the value), public values left out, since the model is never asked about them.
 */
function valueCandidates(value: string, name: string, context: SecretContext, start: number, end: number, where: string): SecretCandidate[] {
  // An escaped or block-scalar value is not found verbatim in the source: its parts then cover the whole value.
  const verbatim = end - start === value.length;
  return secretParts({ value, name, context })
    .filter((part) => part.publicAs === undefined)
    .map((part) => {
      if (part.value === value && part.offset === 0) return { value, name, context, start, end, where };
      const partStart = verbatim ? start + part.offset : start;
      const partEnd = verbatim ? partStart + part.value.length : end;
      return { value: part.value, name: part.name, context: part.context, start: partStart, end: partEnd, where, holder: { name, context, start, end } };
    });
}

function dockerfileCandidates(model: DockerfileModel): ModelCandidates {
  const commands: CommandCandidate[] = [];
  const secrets: SecretCandidate[] = [];
  for (const instruction of model.instructionsWithTriggers) {
    const keyword = instruction.keyword;
    if (!['RUN', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK'].includes(keyword)) continue;
    const argsStart = instruction.argsStart;
    const text = model.text.slice(argsStart, instruction.end);
    if (keyword === 'RUN' && instruction.shell && !instruction.shell.hasSyntaxError) {
      // Pipelines of the parsed script, top level only: a `$(…)` belongs to the command around it.
      const seen = new Set<number>();
      for (const command of instruction.shell.commands) {
        const start = command.pipeline[0].start;
        const end = command.pipeline[command.pipeline.length - 1].end;
        if (command.substitution || seen.has(start)) continue;
        seen.add(start);
        if (end - start < 3) continue;
        commands.push({ text: flatten(model.text.slice(start, Math.min(end, start + MAX_COMMAND))), start, end, where: 'RUN' });
      }
    } else {
      // HEALTHCHECK: only what follows its options' CMD is a command (blanked, so offsets stay).
      const body = keyword === 'HEALTHCHECK' ? text.replace(/^[\s\S]*?\bCMD\b/i, (m) => ' '.repeat(m.length)) : text;
      if (/^\s*\[/.test(body)) {
        // Exec form: `["sh", "-c", "script"]` is the script; anything else is judged as the joined words.
        try {
          const words = JSON.parse(body.trim()) as unknown;
          if (Array.isArray(words) && words.every((w) => typeof w === 'string')) {
            const shellC = words.length >= 3 && /(^|\/)(ba|da|z|k)?sh$/.test(words[0]) && words[1] === '-c';
            const joined = (shellC ? words.slice(2) : words).join(' ');
            for (const part of splitSubcommands(joined)) {
              commands.push({ text: joined.slice(part.start, Math.min(part.end, part.start + MAX_COMMAND)), start: argsStart, end: instruction.end, where: keyword });
            }
          }
        } catch {
          // Not valid JSON: nothing to judge.
        }
      } else {
        commands.push(...commandsFromText(body, argsStart, keyword));
      }
    }
    if (keyword === 'RUN') secrets.push(...flagAndUrlSecrets(text, argsStart, 'RUN'));
  }
  for (const a of assignments(model)) {
    if (a.value === null || !a.valueSpan) continue;
    const value = a.value.replace(/^(["'])(.*)\1$/s, '$2');
    if (!value) continue;
    const { start, end } = valueWithin(model.text, a.valueSpan, value);
    secrets.push(...valueCandidates(value, a.name, a.instruction.keyword === 'ARG' ? 'dockerfile-arg' : 'dockerfile-env', start, end, a.instruction.keyword));
  }
  return { commands, secrets };
}

/** The text of a scalar node and its offset inside the file, exact only for plain scalars and quotes without escapes. */
function scalarText(file: YamlFile, node: YamlNode): { text: string; start: number } | undefined {
  const value = stringValue(file, node);
  if (value === undefined) return undefined;
  const span = nodeSpan(node);
  const raw = file.text.slice(span.start, span.end);
  const quoted = isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
  const inner = quoted ? raw.slice(1, -1) : raw;
  if (inner === value) return { text: value, start: span.start + (quoted ? 1 : 0) };
  // Block scalars and escapes: the value is judged, findings cover the whole node.
  return { text: value, start: span.start };
}

function execCommands(file: YamlFile, document: YamlDocument, node: YamlNode | null | undefined, where: string): CommandCandidate[] {
  const seq = asSeq(node);
  if (!seq) return [];
  const items = seqItems(document, seq);
  const words = items.map((item) => stringValue(file, item));
  if (words.some((w) => w === undefined)) return [];
  const shellC = words.length >= 3 && /(^|\/)(ba|da|z|k)?sh$/.test(words[0]!) && /^-[a-z]*c$/.test(words[1]!);
  if (shellC) {
    const script = scalarText(file, items[2]);
    if (!script) return [];
    if (script.start === nodeSpan(items[2]).start && script.text !== file.text.slice(nodeSpan(items[2]).start, nodeSpan(items[2]).end)) {
      const span = nodeSpan(items[2]);
      return splitSubcommands(script.text).map((p) => ({ text: flatten(script.text.slice(p.start, p.start + MAX_COMMAND)), start: span.start, end: span.end, where }));
    }
    return commandsFromText(script.text, script.start, where);
  }
  const span = nodeSpan(seq);
  const joined = words.join(' ');
  return joined.trim().length >= 3 ? [{ text: joined.slice(0, MAX_COMMAND), start: span.start, end: span.end, where }] : [];
}

function kubernetesCandidates(model: KubernetesModel): ModelCandidates {
  const commands: CommandCandidate[] = [];
  const secrets: SecretCandidate[] = [];
  const { file } = model;
  for (const container of allContainers(model)) {
    const document = container.pod.object.document;
    const label = describeContainer(container);
    const command = getNode(container.node, 'command', document);
    const args = getNode(container.node, 'args', document);
    const commandSeq = asSeq(command);
    const argsSeq = asSeq(args);
    if (commandSeq && argsSeq) {
      // `command: [sh, -c]` with the script in `args` is the common split.
      const words = seqItems(document, commandSeq).map((w) => stringValue(file, w));
      const argItems = seqItems(document, argsSeq);
      if (words.length >= 2 && /(^|\/)(ba|da|z|k)?sh$/.test(words[0] ?? '') && /^-[a-z]*c$/.test(words[1] ?? '') && argItems.length > 0) {
        const script = scalarText(file, argItems[0]);
        if (script) commands.push(...commandsFromText(script.text, script.start, `${label} args`));
      } else {
        commands.push(...execCommands(file, document, command, `${label} command`), ...execCommands(file, document, args, `${label} args`));
      }
    } else {
      commands.push(...execCommands(file, document, command, `${label} command`), ...execCommands(file, document, args, `${label} args`));
    }
    const lifecycle = getMap(container.node, 'lifecycle', document);
    for (const hook of ['postStart', 'preStop']) {
      commands.push(...execCommands(file, document, getNode(getMap(getMap(lifecycle, hook, document), 'exec', document), 'command', document), `${label} ${hook}`));
    }
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      commands.push(...execCommands(file, document, getNode(getMap(getMap(container.node, probe, document), 'exec', document), 'command', document), `${label} ${probe}`));
    }
    for (const item of seqItems(document, getSeq(container.node, 'env', document))) {
      const entry = asMap(item);
      const name = stringValue(file, getNode(entry, 'name', document));
      const valueNode = getNode(entry, 'value', document);
      if (!name || !valueNode) continue;
      const scalar = scalarText(file, valueNode);
      if (!scalar || !scalar.text) continue;
      secrets.push(...valueCandidates(scalar.text, name, 'k8s-env', scalar.start, scalar.start + scalar.text.length, label));
    }
  }
  return { commands, secrets };
}

function composeCandidates(model: ComposeModel): ModelCandidates {
  const commands: CommandCandidate[] = [];
  const secrets: SecretCandidate[] = [];
  const { file, document } = model;
  if (!document) return { commands, secrets };
  const seenValues = new Set<number>();
  for (const service of model.services) {
    const label = `service "${service.name}"`;
    for (const key of ['command', 'entrypoint']) {
      const node = serviceValue(model, service, key);
      if (!node) continue;
      const text = scalarText(file, node);
      if (text) commands.push(...commandsFromText(text.text, text.start, `${label} ${key}`));
      else commands.push(...execCommands(file, document, node, `${label} ${key}`));
    }
    // Through `<<` merge keys, as compose (and compose/secret-in-environment) reads it; an `x-` block
    // several services merge is one value in the file, shown to the model once.
    for (const entry of keyValueEntries(model, mapField(model, service.node, 'environment')?.value)) {
      if (entry.value === undefined || !entry.valueSpan || entry.value.includes('${') || seenValues.has(entry.valueSpan.start)) continue;
      seenValues.add(entry.valueSpan.start);
      const { start, end } = valueWithin(file.text, entry.valueSpan, entry.value);
      secrets.push(...valueCandidates(entry.value, entry.key, 'compose-env', start, end, label));
    }
  }
  return { commands, secrets };
}

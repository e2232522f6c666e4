/**
 * docker-compose files: the services of a compose document and every field in each of the
 * syntaxes compose accepts — `environment`/`labels`/`sysctls` as map or `KEY=VALUE` list, ports
 * and volumes in short-string and long-mapping form, `security_opt` with `:` or `=`.
 */
import type { ParsedNode, YAMLMap } from 'yaml';
import { isScalar } from 'yaml';
import { memoize } from '../memo';
import { asMap, booleanValue, deref, findPair, getMap, getNode, getSeq, keyName, nodeSpan, numberValue, pairSpan, parseYamlFile, scalarValue, seqItems, stringValue, type YamlDocument, type YamlFile, type YamlNode, type YamlPair } from './yaml';

type YMap = YAMLMap<ParsedNode, ParsedNode | null>;
export type Span = { start: number; end: number };

export interface ComposeService {
  name: string;
  /** `web:` key of the service: where findings about missing fields go. */
  keyPair: YamlPair;
  node: YMap;
}

export interface ComposeModel {
  file: YamlFile;
  document?: YamlDocument;
  root?: YMap;
  services: ComposeService[];
  /** Top-level named volumes. */
  volumes?: YMap;
}

export function parseCompose(text: string): ComposeModel {
  return composeModelOf(parseYamlFile(text));
}

export function composeModelOf(file: YamlFile): ComposeModel {
  // Compose files are single-document; take the first document with a mapping root.
  for (const document of file.documents) {
    const root = asMap(deref(document, document.contents));
    if (!root) continue;
    const services: ComposeService[] = [];
    const servicesMap = getMap(root, 'services', document);
    for (const pair of (servicesMap?.items ?? []) as YamlPair[]) {
      const name = keyName(pair);
      const node = asMap(deref(document, pair.value));
      if (name === undefined || !node) continue;
      services.push({ name, keyPair: pair, node });
    }
    return { file, document, root, services, volumes: getMap(root, 'volumes', document) };
  }
  return { file, services: [] };
}

export function servicePair(model: ComposeModel, service: ComposeService, key: string): YamlPair | undefined {
  return findPair(service.node, key);
}

export function serviceValue(model: ComposeModel, service: ComposeService, key: string): YamlNode | null | undefined {
  return getNode(service.node, key, model.document);
}

export function serviceString(model: ComposeModel, service: ComposeService, key: string): string | undefined {
  return stringValue(model.file, serviceValue(model, service, key));
}

export function serviceBoolean(model: ComposeModel, service: ComposeService, key: string): boolean | undefined {
  return booleanValue(model.file, serviceValue(model, service, key));
}

/** Where a finding about a service as a whole, or a field it lacks, goes: the service's key. */
export function serviceAnchor(service: ComposeService): Span {
  return nodeSpan(service.keyPair.key);
}

/** `key: value` span of a present field. */
export function fieldSpanOf(model: ComposeModel, pair: YamlPair): Span {
  return pairSpan(model.file, pair);
}

export interface KeyValueEntry {
  key: string;
  /** Undefined for a bare `KEY` list entry or a null map value (value taken from the shell). */
  value?: string;
  /** The whole entry (list item, or the map pair's key to value). */
  span: Span;
  /** The value's own span, when there is a value. */
  valueSpan?: Span;
  form: 'map' | 'list';
}

/** `environment`, `labels`, `sysctls`, `extra_hosts`, … in either of compose's forms. */
export function keyValueEntries(model: ComposeModel, node: YamlNode | null | undefined): KeyValueEntry[] {
  const { file, document } = model;
  const map = asMap(deref(document, node));
  if (map) {
    return (map.items as YamlPair[]).flatMap((pair) => {
      const key = keyName(pair);
      if (key === undefined) return [];
      const valueNode = deref(document, pair.value);
      const raw = scalarValue(file, valueNode);
      const value = raw === null || raw === undefined ? undefined : String(raw);
      return [{ key, value, span: pairSpan(file, pair), valueSpan: valueNode && value !== undefined ? nodeSpan(valueNode) : undefined, form: 'map' as const }];
    });
  }
  const seq = getSeqOf(document, node);
  return seqItems(document, seq).flatMap((item) => {
    const text = stringValue(file, item);
    if (text === undefined) return [];
    const span = nodeSpan(item);
    const eq = text.indexOf('=');
    if (eq < 0) return [{ key: text.trim(), span, form: 'list' as const }];
    // The value's offset inside the scalar is exact only for plain and simply-quoted scalars.
    const quoted = isScalar(item) && (item.type === 'QUOTE_DOUBLE' || item.type === 'QUOTE_SINGLE') ? 1 : 0;
    const valueStart = span.start + quoted + eq + 1;
    return [{ key: text.slice(0, eq).trim(), value: text.slice(eq + 1), span, valueSpan: { start: valueStart, end: Math.max(valueStart, span.end - quoted) }, form: 'list' as const }];
  });
}

function getSeqOf(document: YamlDocument | undefined, node: YamlNode | null | undefined) {
  const resolved = deref(document, node);
  return resolved && 'items' in resolved && !asMap(resolved) ? (resolved as Parameters<typeof seqItems>[1]) : undefined;
}

/** Plain string lists (`cap_add`, `devices`, `security_opt`, `dns`), with each item's span. */
export function stringEntries(model: ComposeModel, node: YamlNode | null | undefined): { value: string; span: Span; node: YamlNode }[] {
  return seqItems(model.document, getSeqOf(model.document, node)).flatMap((item) => {
    const value = stringValue(model.file, item);
    return value === undefined ? [] : [{ value, span: nodeSpan(item), node: item }];
  });
}

export interface PortEntry {
  hostIp?: string;
  /** Published (host) port or range as written; undefined when only the container port is given. */
  published?: string;
  target?: string;
  protocol?: string;
  span: Span;
  form: 'short' | 'long';
  node: YamlNode;
}

/**
 * `ports:` entries. Short syntax: `[HOST_IP:][PUBLISHED:]TARGET[/PROTOCOL]`, where HOST_IP may be an
 * IPv6 address in brackets; long syntax: `{ target, published, host_ip, protocol, mode }`.
 */
export function portEntries(model: ComposeModel, service: ComposeService): PortEntry[] {
  const { file, document } = model;
  return seqItems(document, getSeq(service.node, 'ports', document)).flatMap((item): PortEntry[] => {
    const map = asMap(item);
    if (map) {
      const published = stringValue(file, getNode(map, 'published', document));
      return [{
        hostIp: stringValue(file, getNode(map, 'host_ip', document)),
        published,
        target: stringValue(file, getNode(map, 'target', document)),
        protocol: stringValue(file, getNode(map, 'protocol', document)),
        span: nodeSpan(item),
        form: 'long',
        node: item,
      }];
    }
    const text = stringValue(file, item);
    if (text === undefined) return [];
    return [{ ...parseShortPort(text), span: nodeSpan(item), form: 'short', node: item }];
  });
}

export function parseShortPort(text: string): Pick<PortEntry, 'hostIp' | 'published' | 'target' | 'protocol'> {
  let rest = text.trim();
  let protocol: string | undefined;
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1);
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  const bracket = /^\[([^\]]*)\]:(.*)$/.exec(rest);
  if (bracket) {
    hostIp = bracket[1];
    rest = bracket[2];
  }
  const parts = rest.split(':');
  if (!bracket && parts.length === 3) hostIp = parts.shift();
  else if (!bracket && parts.length > 3) {
    // Unbracketed IPv6 (`::1:8080:80`): the last two parts are the ports.
    const target = parts.pop();
    const published = parts.pop();
    return { hostIp: parts.join(':'), published, target, protocol };
  }
  if (parts.length === 2) return { hostIp, published: parts[0] === '' ? undefined : parts[0], target: parts[1], protocol };
  return { hostIp, published: undefined, target: parts[0], protocol };
}

export interface VolumeEntry {
  type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image' | 'unknown';
  source?: string;
  target?: string;
  readOnly: boolean;
  /** Bind propagation (`shared`, `rshared`, …) when given. */
  propagation?: string;
  span: Span;
  form: 'short' | 'long';
  node: YamlNode;
}

/** A short-syntax source that is a host path rather than a named volume. */
export function isHostPath(source: string): boolean {
  return /^(\/|\.|~|\$|[A-Za-z]:[\\/]|\\\\)/.test(source);
}

/** `volumes:` entries of a service in short (`SRC:DST[:MODE]`) and long form. */
export function volumeEntries(model: ComposeModel, service: ComposeService): VolumeEntry[] {
  return memoize(service, 'volumeEntries', () => {
    const { file, document } = model;
    return seqItems(document, getSeq(service.node, 'volumes', document)).flatMap((item): VolumeEntry[] => {
      const map = asMap(item);
      if (map) {
        const type = (stringValue(file, getNode(map, 'type', document)) ?? 'volume') as VolumeEntry['type'];
        return [{
          type: ['bind', 'volume', 'tmpfs', 'npipe', 'cluster', 'image'].includes(type) ? type : 'unknown',
          source: stringValue(file, getNode(map, 'source', document)),
          target: stringValue(file, getNode(map, 'target', document)),
          readOnly: booleanValue(file, getNode(map, 'read_only', document)) === true,
          propagation: stringValue(file, getNode(getMap(map, 'bind', document), 'propagation', document)),
          span: nodeSpan(item),
          form: 'long',
          node: item,
        }];
      }
      const text = stringValue(file, item);
      if (text === undefined) return [];
      return [{ ...parseShortVolume(text), span: nodeSpan(item), form: 'short', node: item }];
    });
  });
}

export function parseShortVolume(text: string): Pick<VolumeEntry, 'type' | 'source' | 'target' | 'readOnly' | 'propagation'> {
  // A Windows drive letter (`C:\data:/data`) contains a colon that is not a separator.
  const parts: string[] = [];
  let rest = text.trim();
  const drive = /^[A-Za-z]:[\\/]/.exec(rest);
  let prefix = '';
  if (drive) {
    prefix = rest.slice(0, 2);
    rest = rest.slice(2);
  }
  parts.push(...rest.split(':'));
  parts[0] = prefix + parts[0];
  if (parts.length === 1) return { type: 'volume', target: parts[0], readOnly: false };
  const [source, target, mode = ''] = parts;
  const modes = mode.split(',');
  const propagation = modes.find((m) => /^r?(shared|slave|private)$/.test(m));
  return { type: isHostPath(source) ? 'bind' : 'volume', source, target, readOnly: modes.includes('ro'), propagation };
}

export interface SecurityOption {
  name: string;
  value?: string;
  span: Span;
}

/** `security_opt` entries: `no-new-privileges`, `no-new-privileges:true`, `seccomp=unconfined`, `label:disable`, … */
export function securityOptions(model: ComposeModel, service: ComposeService): SecurityOption[] {
  return stringEntries(model, serviceValue(model, service, 'security_opt')).map(({ value, span }) => {
    const m = /^([^:=]+)[:=](.*)$/.exec(value.trim());
    return m ? { name: m[1].trim().toLowerCase(), value: m[2].trim(), span } : { name: value.trim().toLowerCase(), span };
  });
}

/** A limit from the service or from `deploy.resources.limits` (compose spec and swarm). */
export function resourceLimit(model: ComposeModel, service: ComposeService, serviceKeys: string[], deployKey: string): { value: unknown; pair: YamlPair } | undefined {
  for (const key of serviceKeys) {
    const pair = findPair(service.node, key);
    if (pair) return { value: scalarValue(model.file, deref(model.document, pair.value)), pair };
  }
  const limits = getMap(getMap(getMap(service.node, 'deploy', model.document), 'resources', model.document), 'limits', model.document);
  const pair = findPair(limits, deployKey);
  if (pair) return { value: scalarValue(model.file, deref(model.document, pair.value)), pair };
  return undefined;
}

export { numberValue, stringValue, booleanValue, getNode, getMap, getSeq, findPair, pairSpan, nodeSpan };

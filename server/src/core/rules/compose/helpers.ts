/**
 * Queries and fixes many compose rules share. Fixes are minimal YAML edits
 * (documents/yamlEdit.ts) that keep comments, order and the file's list/map style.
 */
import type { OffsetFix } from '../../rule';
import type { ComposeModel, ComposeService } from '../../documents/compose';
import { findPair, getNode } from '../../documents/compose';
import { asSeq, deref } from '../../documents/yaml';
import { appendItem, removePath, setIn, type YamlValue } from '../../documents/yamlEdit';

export * from '../../documents/compose';

/** Fix: set `<service>.<path>` (creating mappings on the way). */
export function setServiceFieldFix(model: ComposeModel, service: ComposeService, path: readonly string[], value: YamlValue, title: string): OffsetFix {
  return { title, edits: setIn(model.file, model.document!, service.node, path, value), isPreferred: true };
}

/** Fix: remove `<service>.<path>`. */
export function removeServiceFieldFix(model: ComposeModel, service: ComposeService, path: readonly string[], title: string): OffsetFix {
  return { title, edits: removePath(model.file, model.document!, service.node, path), isPreferred: true };
}

/**
 * Fix: add `item` to the list `<service>.<key>` (`security_opt`, `cap_drop`), creating the list
 * when absent and keeping block or flow style when present.
 */
export function appendToServiceListFix(model: ComposeModel, service: ComposeService, key: string, item: YamlValue, title: string): OffsetFix {
  const pair = findPair(service.node, key);
  const seq = asSeq(deref(model.document, getNode(service.node, key, model.document) ?? undefined));
  if (pair && seq && seq.items.length > 0) return { title, edits: appendItem(model.file, seq, item), isPreferred: true };
  return { title, edits: setIn(model.file, model.document!, service.node, [key], [item]), isPreferred: true };
}

/**
 * Queries and fixes many compose rules share. Fixes are minimal YAML edits
 * (documents/yamlEdit.ts) that keep comments, order and the file's list/map style.
 */
import type { OffsetFix } from '../../rule';
import type { ComposeModel, ComposeService } from '../../documents/compose';
import { removePath, setIn, type YamlValue } from '../../documents/yamlEdit';

export * from '../../documents/compose';

/** Fix: set `<service>.<path>` (creating mappings on the way). */
export function setServiceFieldFix(model: ComposeModel, service: ComposeService, path: readonly string[], value: YamlValue, title: string): OffsetFix {
  return { title, edits: setIn(model.file, model.document!, service.node, path, value), isPreferred: true };
}

/** Fix: remove `<service>.<path>`. */
export function removeServiceFieldFix(model: ComposeModel, service: ComposeService, path: readonly string[], title: string): OffsetFix {
  return { title, edits: removePath(model.file, model.document!, service.node, path), isPreferred: true };
}

/**
 * "Drydock: Export SARIF": the workspace folders scanned exactly as `drydock scan --format sarif`
 * scans them from the first folder (same walk, `.drydock.yaml` files, model run, SARIF writer), so
 * the file equals the CLI's for the same files. Editor-only settings (`drydock.rules`, profiles…)
 * do not apply, as in CI. Images are included only when the user turned the network on, from the
 * scans the editor already made (as `--online` would, without new lookups). The client writes
 * the file.
 */
import { scanWithLookups, shellParserProblem, type ScanRequest } from '../cli/scan';
import { sarifText } from '../cli/sarif';
import { scoreOnce } from '../modelPredictions';
import type { Validator } from './validator';
import { pathToUri, type WorkspaceFiles } from './workspaceFiles';

export const EXPORT_SARIF_REQUEST = 'drydock/exportSarif';

export type ExportSarifResult = { sarif: string; files: number; findings: number; folder: string } | { error: string };

export async function exportSarif(validator: Validator, files: WorkspaceFiles): Promise<ExportSarifResult> {
  const folders = files.folderPaths;
  if (folders.length === 0) return { error: 'Export SARIF needs a workspace folder on disk.' };
  const cwd = folders[0];
  const folderUri = pathToUri(cwd);
  const { parser, error } = await validator.loadedShellParser();
  const settings = await validator.settings.get(folderUri);
  const network = await validator.networkEnabled(folderUri);
  const request: ScanRequest = { paths: [...folders], cwd, shellParser: parser };
  const result = await scanWithLookups(request, {
    // `drydock.model.enabled: false` is the editor's `--no-model`.
    score: settings.model.enabled ? (candidates) => scoreOnce(candidates, (line) => validator.logOnce(`export-model:${line}`, `Model: ${line}`, 'warning')) : undefined,
    online: network ? async () => validator.imageLookups() : undefined,
  });
  if (error) result.errors.unshift({ file: '.', message: shellParserProblem(error) });
  return { sarif: sarifText(result, cwd), files: result.filesScanned, findings: result.findings.length, folder: cwd };
}

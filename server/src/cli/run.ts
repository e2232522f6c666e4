/**
 * `drydock` commands: `scan`, `rules`, `--version`, `--help`. Exit codes: 0 = nothing at or
 * above --fail-on, 1 = findings at or above it, 2 = usage or internal error.
 */
import { writeFileSync } from 'node:fs';
import { SEVERITY_ORDER, type Finding } from '../core/findings';
import { allRules } from '../core/rules';
import { loadShellParser } from '../shellParserLoader';
import type { ShellParser } from '../core/documents/shell';
import { USAGE, UsageError, parseArgs, type DbUpdateOptions, type FailOn, type FeedbackExportOptions, type RulesOptions, type ScanOptions } from './args';
import { defaultFeedbackFile, readFeedback } from '../modelFeedback';
import { ruleListing, rulesMarkdown, rulesText, sortedRules } from './ruleDocs';
import { scanWithLookups, shellParserProblem, type ScanRequest } from './scan';
import { scoreOnce } from '../modelPredictions';
import { scanImages, updateAdvisories } from './online';
import { formatText } from './text';
import { sarifText } from './sarif';
import { TOOL_NAME, TOOL_VERSION } from './version';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export function failsOn(findings: readonly Finding[], failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  const threshold = SEVERITY_ORDER[failOn];
  return findings.some((f) => SEVERITY_ORDER[f.severity] >= threshold);
}

function emit(text: string, output: string | undefined): void {
  if (output === undefined || output === '-') process.stdout.write(text);
  else writeFileSync(output, text);
}

async function runScan(options: ScanOptions): Promise<number> {
  let shellParser: ShellParser | undefined;
  const parserProblems: string[] = [];
  try {
    shellParser = await loadShellParser();
  } catch (error) {
    // Without the shell parser, RUN-level rules see less; everything else still runs.
    parserProblems.push(shellParserProblem(error as Error));
  }
  const cwd = process.cwd();
  const request: ScanRequest = { paths: options.paths, configFile: options.config, cwd, shellParser };
  const result = await scanWithLookups(request, {
    score: options.model ? (candidates) => scoreOnce(candidates, (line) => process.stderr.write(`drydock: ${line}\n`)) : undefined,
    online: options.online
      ? async (uses) => {
          const online = await scanImages(uses, { db: options.db, platform: options.platform, insecureRegistries: options.insecureRegistries });
          for (const note of online.notes) process.stderr.write(`drydock: ${note}\n`);
          return online;
        }
      : undefined,
  });
  for (const problem of parserProblems) result.errors.unshift({ file: '.', message: problem });
  for (const warning of [...parserProblems, ...result.warnings]) process.stderr.write(`drydock: ${warning}\n`);

  let report: string;
  if (options.format === 'json') {
    report = `${JSON.stringify({ tool: TOOL_NAME, version: TOOL_VERSION, findings: result.findings, errors: result.errors }, null, 2)}\n`;
  } else if (options.format === 'sarif') {
    report = sarifText(result, cwd);
  } else {
    const toTerminal = options.output === undefined || options.output === '-';
    const color = options.color && toTerminal && process.stdout.isTTY === true && !process.env.NO_COLOR;
    report = formatText(result, color);
  }
  emit(report, options.output);
  return failsOn(result.findings, options.failOn) ? EXIT_FINDINGS : EXIT_OK;
}

function runRules(options: RulesOptions): number {
  let report: string;
  if (options.format === 'json') {
    report = `${JSON.stringify({ tool: TOOL_NAME, version: TOOL_VERSION, rules: sortedRules(allRules).map(ruleListing) }, null, 2)}\n`;
  } else if (options.format === 'markdown') {
    report = rulesMarkdown(allRules, TOOL_VERSION);
  } else {
    report = rulesText(allRules);
  }
  emit(report, options.output);
  return EXIT_OK;
}

function runFeedbackExport(options: FeedbackExportOptions): number {
  const from = options.from ?? defaultFeedbackFile();
  const entries = readFeedback(from);
  emit(entries.map((e) => JSON.stringify(e)).join('\n') + (entries.length > 0 ? '\n' : ''), options.output);
  process.stderr.write(`drydock: ${entries.length} feedback entries from ${from}\n`);
  return EXIT_OK;
}

async function runDbUpdate(options: DbUpdateOptions): Promise<number> {
  for (const line of await updateAdvisories(options)) process.stdout.write(`${line}\n`);
  return EXIT_OK;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const command = parseArgs(argv);
    switch (command.command) {
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return EXIT_OK;
      case 'version':
        process.stdout.write(`${TOOL_VERSION}\n`);
        return EXIT_OK;
      case 'rules':
        return runRules(command);
      case 'scan':
        return await runScan(command);
      case 'db-update':
        return await runDbUpdate(command);
      case 'model-feedback-export':
        return runFeedbackExport(command);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`drydock: ${error.message}\n\n${USAGE}\n`);
      return EXIT_ERROR;
    }
    process.stderr.write(`drydock: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT_ERROR;
  }
}

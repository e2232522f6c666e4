import type { DockerfileRule } from '../../../rule';
import { workdirRelative } from './workdirRelative';
import { workdirSystemDirectory } from './workdirSystemDirectory';
import { copyRelativeDestinationWithoutWorkdir } from './copyRelativeDestinationWithoutWorkdir';
import { copyMultipleSourcesNeedsDirectory } from './copyMultipleSourcesNeedsDirectory';
import { copyFromUndefinedStage } from './copyFromUndefinedStage';
import { copyFromOwnStage } from './copyFromOwnStage';
import { multipleCmd } from './multipleCmd';
import { multipleEntrypoint } from './multipleEntrypoint';
import { multipleHealthcheck } from './multipleHealthcheck';
import { missingHealthcheck } from './missingHealthcheck';
import { jsonArgsRecommended } from './jsonArgsRecommended';
import { healthcheckShellForm } from './healthcheckShellForm';
import { exposeInvalidPort } from './exposeInvalidPort';
import { exposeHostMapping } from './exposeHostMapping';
import { exposeProtocol } from './exposeProtocol';
import { maintainerDeprecated } from './maintainerDeprecated';
import { duplicateStageName } from './duplicateStageName';
import { reservedStageName } from './reservedStageName';
import { stageNameCasing } from './stageNameCasing';
import { fromAsCasing } from './fromAsCasing';
import { instructionCasing } from './instructionCasing';
import { emptyContinuationLine } from './emptyContinuationLine';
import { legacyKeyValueFormat } from './legacyKeyValueFormat';
import { envSelfReference } from './envSelfReference';
import { onbuildForbiddenTrigger } from './onbuildForbiddenTrigger';
import { firstInstructionNotFrom } from './firstInstructionNotFrom';
import { undefinedVariable } from './undefinedVariable';
import { undefinedArgInFrom } from './undefinedArgInFrom';
import { invalidDefaultArgInFrom } from './invalidDefaultArgInFrom';
import { invalidImageReference } from './invalidImageReference';
import { jsonInSingleQuotes } from './jsonInSingleQuotes';
import { invalidStopsignal } from './invalidStopsignal';
import { shellNotJson } from './shellNotJson';
import { labelInvalidKey } from './labelInvalidKey';
import { labelMissing } from './labelMissing';
import { labelSuperfluous } from './labelSuperfluous';
import { labelEmpty } from './labelEmpty';
import { labelNotUrl } from './labelNotUrl';
import { labelNotRfc3339 } from './labelNotRfc3339';
import { labelNotSpdx } from './labelNotSpdx';
import { labelNotGitHash } from './labelNotGitHash';
import { labelNotSemver } from './labelNotSemver';
import { labelNotEmail } from './labelNotEmail';
import { ignorePragmaUsed } from './ignorePragmaUsed';

export const structureRules: readonly DockerfileRule[] = [
  workdirRelative,
  workdirSystemDirectory,
  copyRelativeDestinationWithoutWorkdir,
  copyMultipleSourcesNeedsDirectory,
  copyFromUndefinedStage,
  copyFromOwnStage,
  multipleCmd,
  multipleEntrypoint,
  multipleHealthcheck,
  missingHealthcheck,
  jsonArgsRecommended,
  healthcheckShellForm,
  exposeInvalidPort,
  exposeHostMapping,
  exposeProtocol,
  maintainerDeprecated,
  duplicateStageName,
  reservedStageName,
  stageNameCasing,
  fromAsCasing,
  instructionCasing,
  emptyContinuationLine,
  legacyKeyValueFormat,
  envSelfReference,
  onbuildForbiddenTrigger,
  firstInstructionNotFrom,
  undefinedVariable,
  undefinedArgInFrom,
  invalidDefaultArgInFrom,
  invalidImageReference,
  jsonInSingleQuotes,
  invalidStopsignal,
  shellNotJson,
  labelInvalidKey,
  labelMissing,
  labelSuperfluous,
  labelEmpty,
  labelNotUrl,
  labelNotRfc3339,
  labelNotSpdx,
  labelNotGitHash,
  labelNotSemver,
  labelNotEmail,
  ignorePragmaUsed,
];

import type { DockerfileRule } from '../../../rule';
import { pipefailMissing } from './pipefailMissing';
import { runCd } from './runCd';
import { pointlessCommand } from './pointlessCommand';
import { wgetAndCurl } from './wgetAndCurl';
import { wgetWithoutProgress } from './wgetWithoutProgress';
import { shellChangedWithLn } from './shellChangedWithLn';
import { consecutiveRun } from './consecutiveRun';
import { chownAfterCopy } from './chownAfterCopy';
import { instructionKeywordInRun } from './instructionKeywordInRun';

export const shellRules: readonly DockerfileRule[] = [
  pipefailMissing,
  runCd,
  pointlessCommand,
  wgetAndCurl,
  wgetWithoutProgress,
  shellChangedWithLn,
  consecutiveRun,
  chownAfterCopy,
  instructionKeywordInRun,
];

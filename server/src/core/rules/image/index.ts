import type { ImageRule } from '../../rule';
import { eolOs } from './eolOs';
import { eolRuntime } from './eolRuntime';
import { knownVulnerabilities } from './knownVulnerabilities';
import { scanFailed } from './scanFailed';
import { secretInImageConfig } from './secretInImageConfig';

export const imageRules: readonly ImageRule[] = [eolOs, eolRuntime, knownVulnerabilities, secretInImageConfig, scanFailed];

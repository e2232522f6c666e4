import type { DockerfileRule } from '../../rule';
import { imageRules } from './image';
import { privilegeRules } from './privileges';
import { secretRules } from './secrets';
import { packageRules } from './packages';
import { integrityRules } from './integrity';
import { remoteContentRules } from './remote';
import { shellRules } from './shell';
import { structureRules } from './structure';

export const dockerfileRules: readonly DockerfileRule[] = [
  ...imageRules,
  ...privilegeRules,
  ...secretRules,
  ...integrityRules,
  ...remoteContentRules,
  ...packageRules,
  ...shellRules,
  ...structureRules,
];

import type { DockerfileRule } from '../../../rule';
import { secretInArgOrEnv } from './secretInArgOrEnv';
import { secretFileCopied } from './secretFileCopied';
import { hardcodedSecretValue } from './hardcodedSecretValue';
import { secretInRunWithoutSecretMount } from './secretInRunWithoutSecretMount';

export const secretRules: readonly DockerfileRule[] = [secretInArgOrEnv, secretFileCopied, hardcodedSecretValue, secretInRunWithoutSecretMount];

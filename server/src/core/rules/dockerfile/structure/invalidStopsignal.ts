import type { DockerfileRule } from '../../../rule';
import { unquote } from './util';
import { instructionsWith } from '../helpers';

const SIGNALS = new Set([
  'ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT', 'KILL', 'PIPE', 'POLL', 'PROF', 'PWR', 'QUIT',
  'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM', 'TRAP', 'TSTP', 'TTIN', 'TTOU', 'UNUSED', 'URG', 'USR1', 'USR2', 'VTALRM', 'WINCH', 'XCPU', 'XFSZ',
  'RTMIN', 'RTMAX', 'EMT', 'INFO', 'LOST',
]);

function isValidSignal(raw: string): boolean {
  if (/^\d+$/.test(raw)) return Number(raw) > 0;
  const name = raw.toUpperCase().replace(/^SIG/, '');
  if (SIGNALS.has(name)) return true;
  const rt = /^RTM(IN|AX)([+-])(\d+)$/.exec(name);
  return !!rt && Number(rt[3]) <= 30;
}

/** `STOPSIGNAL SIGTERN`: Docker rejects an unknown signal. */
export const invalidStopsignal: DockerfileRule = {
  kind: 'dockerfile',
  id: 'dockerfile/invalid-stopsignal',
  title: 'STOPSIGNAL is not a valid signal',
  severity: 'error',
  category: 'correctness',
  equivalents: ['dockerfile-utils:INVALID_SIGNAL'],
  compliance: [],
  fixable: false,
  explanation: {
    what: '`STOPSIGNAL` with something that is neither a positive signal number nor a known signal name (`SIGTERM`, `TERM`, `SIGRTMIN+3`…).',
    why: 'Docker refuses to create the container ("invalid signal"), or, with older engines, the stop signal silently falls back to SIGTERM.',
    fix: 'Use a signal name such as `STOPSIGNAL SIGQUIT` or a number such as `STOPSIGNAL 3`.',
  },
  fixtures: [
    { text: 'FROM nginx:1.27\nSTOPSIGNAL SIGTERN\n', expect: ['SIGTERN'] },
    { text: 'FROM nginx:1.27\nSTOPSIGNAL 0\n', expect: ['0'] },
    { text: 'FROM nginx:1.27\nSTOPSIGNAL SIGQUIT\nSTOPSIGNAL 9\nSTOPSIGNAL term\nSTOPSIGNAL SIGRTMIN+3\nSTOPSIGNAL $SIG\n', expect: [] },
  ],
  check({ model, report }) {
    for (const instruction of instructionsWith(model, ['STOPSIGNAL'])) {
      if (instruction.args.length !== 1) continue;
      const argument = instruction.args[0];
      const value = unquote(argument.value);
      if (value.includes('$') || isValidSignal(value)) continue;
      report({ start: argument.start, end: argument.end, message: `STOPSIGNAL "${value}" is not a valid signal; use a name such as SIGTERM or SIGQUIT, or a positive number.` });
    }
  },
};

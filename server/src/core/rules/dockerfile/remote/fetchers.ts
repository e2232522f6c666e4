/** What counts as downloading, as running a script, and as verifying a download, for the remote-content rules. */
import { effectiveCommand, type ShellCommand } from '../../../documents/shell';
import type { Invocation } from '../shell/invocations';

export const FETCHERS = new Set(['curl', 'wget', 'fetch', 'http', 'https', 'aria2c']);

/** Interpreters that run a script read from stdin (or from a substituted file). */
export function isInterpreter(program: string): boolean {
  return /^((ba|da|z|k|a|mk|tc|c|fi)?sh|python[0-9.]*|perl[0-9.]*|ruby[0-9.]*|node(js)?|php[0-9.]*|pwsh|deno|bun|lua[0-9.]*)$/.test(program);
}

/** True when the interpreter would execute what arrives on stdin (no `-c` code, no script file argument). */
export function runsStdin(inv: { program: string; args: { text: string }[] }): boolean {
  for (let i = 0; i < inv.args.length; i++) {
    const t = inv.args[i].text;
    if (t === '-' || t === '--' || t === '-s') return true;
    const codeOption = /^((ba|da|z|k|a|mk|tc|c|fi)?sh)$/.test(inv.program) ? /^-[a-zA-Z]*c[a-zA-Z]*$/ : /^-[a-zA-Z]*[ceEpmr]$/;
    if (codeOption.test(t)) return false;
    if (t === '--eval' || t === '--print' || t === '--command') return false;
    if (t === '-o' || t === '+o') {
      i++;
      continue;
    }
    if (t.startsWith('-') || t.startsWith('+')) continue;
    return false;
  }
  return true;
}

/** Commands that count as verifying a downloaded file: checksums and signatures. */
export function isVerification(inv: Invocation): boolean {
  const p = inv.program;
  if (/^(sha(224|256|384|512)sum|shasum|b2sum|b3sum|gpgv2?|minisign|signify|slsa-verifier|sigstore|rekor-cli)$/.test(p)) return true;
  if (p !== 'gpg' && p !== 'gpg2' && p !== 'cosign' && p !== 'openssl' && p !== 'rpm' && p !== 'gh') return false;
  const texts = inv.args.map((a) => a.text);
  if (/^gpg2?$/.test(p)) return texts.some((t) => t === '--verify' || t === '--verify-files');
  if (p === 'cosign') return texts.some((t) => t.startsWith('verify'));
  if (p === 'openssl') return texts.includes('dgst') || texts.some((t) => /^-?sha(256|384|512)$/.test(t));
  if (p === 'rpm') return texts.some((t) => t === '-K' || t === '--checksig');
  if (p === 'gh') return texts.includes('attestation');
  return false;
}

/** The fetcher a substituted command belongs to, with the command that consumes its output. */
export function substitutionConsumer(command: ShellCommand): { program: string; args: { text: string }[] } | undefined {
  if (!command.parent) return undefined;
  const effective = effectiveCommand(command.parent);
  return { program: effective.program, args: effective.args };
}

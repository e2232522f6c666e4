/**
 * The `Name: value` paragraph format shared by dpkg's status file and Python's METADATA (RFC 822 headers):
 * a line starting with a space or tab continues the previous field, a blank line ends the paragraph.
 */

/** Each paragraph as a map of lower-cased field name → value (continuation lines joined with `\n`). */
export function parseParagraphs(text: string, maxParagraphs = Infinity): Map<string, string>[] {
  const paragraphs: Map<string, string>[] = [];
  let current = new Map<string, string>();
  let lastField: string | undefined;
  for (const line of text.split('\n')) {
    const trimmedEnd = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (trimmedEnd.trim() === '') {
      if (current.size > 0) {
        paragraphs.push(current);
        if (paragraphs.length >= maxParagraphs) return paragraphs;
        current = new Map();
      }
      lastField = undefined;
      continue;
    }
    if (trimmedEnd.startsWith(' ') || trimmedEnd.startsWith('\t')) {
      if (lastField !== undefined) current.set(lastField, `${current.get(lastField)}\n${trimmedEnd.trim()}`);
      continue;
    }
    const colon = trimmedEnd.indexOf(':');
    if (colon <= 0) {
      lastField = undefined;
      continue;
    }
    lastField = trimmedEnd.slice(0, colon).trim().toLowerCase();
    // The first occurrence wins: a repeated field is malformed, and the first is what dpkg reads.
    if (!current.has(lastField)) current.set(lastField, trimmedEnd.slice(colon + 1).trim());
    else lastField = undefined;
  }
  if (current.size > 0) paragraphs.push(current);
  return paragraphs;
}

/** The header block of an RFC 822 document: everything before the first blank line. */
export function headerBlock(text: string): Map<string, string> {
  return parseParagraphs(text, 1)[0] ?? new Map();
}

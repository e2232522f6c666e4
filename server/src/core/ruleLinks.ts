/** Where a rule's documentation lives; the hover links, SARIF helpUri and docs/rules.md anchors agree through this. */
export const PROJECT_URI = 'https://github.com/drydock-dev/drydock';
export const RULES_DOC_URI = `${PROJECT_URI}/blob/main/docs/rules.md`;

/** `dockerfile/latest-tag` → `dockerfile-latest-tag`. */
export function ruleAnchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

export function ruleDocsUrl(id: string): string {
  return `${RULES_DOC_URI}#${ruleAnchor(id)}`;
}

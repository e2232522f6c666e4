/**
 * The findings view's grouping (client/src/findingGroups.ts): by severity, file and rule, counts
 * in every group label, stable ids, document order, and the status bar's words.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countSeverities, countsText, groupFindings, type FindingItem, type GroupNode, type Severity, type TreeNode } from '../../client/src/findingGroups';

function item(file: string, rule: string, severity: Severity, line: number, message = `${rule} on line ${line + 1}`): FindingItem {
  return {
    uri: `file:///ws/${file}`,
    file,
    rule,
    severity,
    message,
    range: { start: { line, character: 2 }, end: { line, character: 9 } },
  };
}

const ITEMS: FindingItem[] = [
  item('k8s/deploy.yaml', 'kubernetes/privileged-container', 'error', 12),
  item('app/Dockerfile', 'dockerfile/latest-tag', 'warning', 0),
  item('app/Dockerfile', 'dockerfile/root-user', 'error', 4),
  item('app/Dockerfile', 'dockerfile/latest-tag', 'warning', 7),
  item('k8s/deploy.yaml', 'kubernetes/latest-tag', 'warning', 9),
  item('compose.yaml', 'compose/privileged', 'error', 3),
  item('app/Dockerfile', 'dockerfile/healthcheck-missing', 'info', 0),
];

function labels(nodes: readonly TreeNode[]): string[] {
  return nodes.map((n) => n.label);
}

function leaves(nodes: readonly TreeNode[]): FindingItem[] {
  return nodes.flatMap((n) => (n.kind === 'finding' ? [n.item] : leaves(n.children)));
}

function allIds(nodes: readonly TreeNode[]): string[] {
  return nodes.flatMap((n) => [n.id, ...(n.kind === 'group' ? allIds(n.children) : [])]);
}

describe('findings view grouping', () => {
  it('by severity: worst first, files inside, counts in the labels', () => {
    const tree = groupFindings(ITEMS, 'severity');
    assert.deepEqual(labels(tree), ['Errors (3)', 'Warnings (3)', 'Information (1)']);
    const errors = tree[0] as GroupNode;
    assert.deepEqual(labels(errors.children), ['app/Dockerfile (1)', 'compose.yaml (1)', 'k8s/deploy.yaml (1)']);
    const warnings = tree[1] as GroupNode;
    const app = warnings.children[0] as GroupNode;
    assert.deepEqual(app.groups, { file: 'app/Dockerfile', uri: 'file:///ws/app/Dockerfile' });
    assert.deepEqual(
      app.children.map((n) => (n.kind === 'finding' ? n.description : '')),
      ['Ln 1, Col 3 · dockerfile/latest-tag', 'Ln 8, Col 3 · dockerfile/latest-tag'],
      'document order, with the rule (the group does not say it)',
    );
  });

  it('by file: one group per file, findings in document order, every finding once', () => {
    const tree = groupFindings(ITEMS, 'file');
    assert.deepEqual(labels(tree), ['app/Dockerfile (4)', 'compose.yaml (1)', 'k8s/deploy.yaml (2)']);
    const app = tree[0] as GroupNode;
    assert.deepEqual(
      app.children.map((n) => (n.kind === 'finding' ? `${n.item.range.start.line}:${n.item.rule}` : '')),
      ['0:dockerfile/healthcheck-missing', '0:dockerfile/latest-tag', '4:dockerfile/root-user', '7:dockerfile/latest-tag'],
    );
    assert.equal(leaves(tree).length, ITEMS.length);
  });

  it('by rule: rules with errors first, then the most frequent, files inside without repeating the rule', () => {
    const tree = groupFindings(ITEMS, 'rule');
    assert.deepEqual(labels(tree), [
      'compose/privileged (1)',
      'dockerfile/root-user (1)',
      'kubernetes/privileged-container (1)',
      'dockerfile/latest-tag (2)',
      'kubernetes/latest-tag (1)',
      'dockerfile/healthcheck-missing (1)',
    ]);
    const latest = tree[3] as GroupNode;
    assert.deepEqual(latest.groups, { rule: 'dockerfile/latest-tag' });
    const file = latest.children[0] as GroupNode;
    assert.equal(file.label, 'app/Dockerfile (2)');
    assert.ok(file.children.every((n) => n.kind === 'finding' && !n.description.includes('dockerfile/latest-tag')));
  });

  it('gives every node an id that is unique and the same on the next refresh', () => {
    for (const by of ['severity', 'file', 'rule'] as const) {
      const ids = allIds(groupFindings(ITEMS, by));
      assert.equal(new Set(ids).size, ids.length, `${by}: unique`);
      assert.deepEqual(allIds(groupFindings([...ITEMS].reverse(), by)), ids, `${by}: stable`);
    }
  });

  it('labels a finding with the first line of its message, cut to fit a row', () => {
    const long = item('Dockerfile', 'model/reverse-shell', 'info', 1, `${'x'.repeat(300)}\nsecond line`);
    const [group] = groupFindings([long], 'file');
    const node = (group as GroupNode).children[0];
    assert.ok(node.label.length <= 140 && node.label.endsWith('…'));
    assert.doesNotMatch(node.label, /second line/);
  });

  it('has no groups without findings, and counts for the status bar', () => {
    assert.deepEqual(groupFindings([], 'severity'), []);
    const counts = countSeverities(ITEMS);
    assert.deepEqual(counts, { error: 3, warning: 3, info: 1, hint: 0 });
    assert.equal(countsText(counts), '3 errors, 3 warnings, 1 info');
    assert.equal(countsText({ error: 1, warning: 0, info: 0, hint: 2 }), '1 error');
    assert.equal(countsText(countSeverities([])), 'no problems');
  });
});

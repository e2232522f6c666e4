/// <reference lib="dom" />
/**
 * What a person does in the code-server workbench, through playwright-core: open a file by quick
 * open, find a squiggle on a line, hover it, pick a quick fix with the keyboard, save, run a
 * command from the palette. Selectors and pitfalls: shared/design/e2e-feasibility.md §3 and §5.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ARTIFACTS } from './codeServer';

const EDITOR = '.editor-instance .monaco-editor';
const QUICK_INPUT = '.quick-input-widget input';
const QUICK_ROWS = '.quick-input-list .monaco-list-row';
/** How long one hover try waits for the full text (the language server's part included) before moving again. */
const HOVER_TRY_MS = 10_000;

export class Workbench {
  /** What failed tries saw (hover and quick-fix retries), for the test's report. */
  readonly notes: string[] = [];

  constructor(readonly page: Page) {}

  /** Loads the workbench and waits until the remote file system shows the workspace. */
  async load(url: string, firstFile: string): Promise<void> {
    await this.page.goto(url);
    await this.page.locator('.explorer-folders-view .monaco-list-row', { hasText: firstFile }).first().waitFor({ timeout: 90_000 });
  }

  /** Ctrl+P, the workspace-relative path, Enter on the row whose path matches; waits for its text. */
  async quickOpen(relativePath: string, expectText: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator(QUICK_INPUT);
    await input.waitFor();
    await input.fill(relativePath);
    const name = relativePath.split('/').pop()!;
    const folder = relativePath.includes('/') ? relativePath.slice(0, relativePath.lastIndexOf('/')) : '';
    // Rows are labelled "<name> <folder>" ("<name>" at the root), the first one with ", file results" after it, a
    // file this user data opened before with ", recently opened"; Enter only once the list has filtered down to the row.
    const wanted = folder ? `${name} ${folder}` : name;
    await this.page.locator(QUICK_ROWS, { hasText: name }).first().waitFor();
    await this.focusRow(QUICK_ROWS, (label) => label.replace(/, (file results|recently opened)$/, '') === wanted);
    await this.page.keyboard.press('Enter');
    await this.page.locator(`${EDITOR} .view-lines`, { hasText: expectText }).waitFor({ timeout: 30_000 });
  }

  /** Moves the keyboard focus down a list until the focused row's aria-label satisfies `wanted`. */
  private async focusRow(rows: string, wanted: (label: string) => boolean): Promise<string> {
    const seen: string[] = [];
    for (let i = 0; i < 30; i++) {
      const label = (await this.page.locator(`${rows}.focused`).first().getAttribute('aria-label', { timeout: 5_000 })) ?? '';
      if (wanted(label)) return label;
      seen.push(label);
      await this.page.keyboard.press('ArrowDown');
    }
    throw new Error(`no matching row; focused in turn: ${JSON.stringify(seen)}`);
  }

  /** The rendered line whose text contains `text` (the DOM holds only visible lines, with non-breaking spaces). */
  line(text: string): Locator {
    return this.page.locator(`${EDITOR} .view-line`, { hasText: text.replace(/ /g, '\u00a0') }).first();
  }

  /**
   * The squiggle of `kind` drawn under `word` on the line containing `lineText`: squiggles are
   * overlays positioned like the text, so it is the one whose box overlaps the word's box.
   */
  async squiggleUnder(lineText: string, word: string, kind: 'error' | 'warning' | 'info', timeoutMs = 30_000): Promise<{ x: number; y: number }> {
    const line = this.line(lineText);
    const deadline = Date.now() + timeoutMs;
    let target: { x: number; y: number; width: number; height: number } | undefined;
    for (;;) {
      // Measured on every round: Monaco re-renders a line as tokens and decorations arrive.
      target = await this.textBox(line, word).catch(() => undefined);
      if (target && target.width > 0) {
        for (const box of await this.squiggleBoxes(kind)) {
          const overlapsLine = Math.abs(box.y + box.height / 2 - (target.y + target.height / 2)) < target.height;
          const overlapsWord = box.x < target.x + target.width && target.x < box.x + box.width;
          if (overlapsLine && overlapsWord) return { x: target.x + target.width / 2, y: target.y + target.height / 2 };
        }
      }
      if (Date.now() > deadline) {
        const seen = JSON.stringify(await this.squiggleBoxes(kind));
        throw new Error(`no ${kind} squiggle under "${word}" (${JSON.stringify(target)}) on the line "${lineText}"; ${kind} squiggles: ${seen}`);
      }
      await this.page.waitForTimeout(100);
    }
  }

  /** Boxes of the squiggles drawn now, read in one go (squiggles come and go as diagnostics are published). */
  private squiggleBoxes(kind: 'error' | 'warning' | 'info'): Promise<{ x: number; y: number; width: number; height: number }[]> {
    return this.page.locator(`${EDITOR} .squiggly-${kind}`).evaluateAll((elements) =>
      elements.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0).map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })),
    );
  }

  /**
   * Waits until no squiggle of `kind` remains on the line containing `lineText` (or in the whole
   * editor without one): the finding is gone once the server published the fixed text's results.
   */
  async squigglesGone(kind: 'error' | 'warning' | 'info', lineText?: string): Promise<void> {
    const band = lineText ? await this.line(lineText).boundingBox() : undefined;
    const deadline = Date.now() + 15_000;
    for (;;) {
      const boxes = await this.squiggleBoxes(kind);
      const left = band ? boxes.filter((b) => Math.abs(b.y + b.height / 2 - (band.y + band.height / 2)) < band.height) : boxes;
      if (left.length === 0) return;
      if (Date.now() > deadline) throw new Error(`${left.length} ${kind} squiggle(s) still ${lineText ? `on "${lineText}"` : 'in the editor'}`);
      await this.page.waitForTimeout(100);
    }
  }

  /** Screen box of `word` inside a rendered line (tokens are separate spans, so the DOM range may cross them). */
  private async textBox(line: Locator, word: string): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await line.evaluate((element, needle) => {
      const nodes: { node: Node; start: number }[] = [];
      let text = '';
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        nodes.push({ node, start: text.length });
        text += (node.textContent ?? '').replace(/\u00a0/g, ' ');
      }
      const at = text.indexOf(needle);
      if (at < 0) return undefined;
      const locate = (offset: number, isEnd: boolean) => {
        const hit = [...nodes].reverse().find((n) => (isEnd ? n.start < offset : n.start <= offset))!;
        return { node: hit.node, offset: offset - hit.start };
      };
      const from = locate(at, false);
      const to = locate(at + needle.length, true);
      const range = document.createRange();
      range.setStart(from.node, from.offset);
      range.setEnd(to.node, to.offset);
      const r = range.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    }, word, { timeout: 5_000 });
    if (!box) throw new Error(`"${word}" is not on the line`);
    return box;
  }

  /**
   * Hovers the squiggle of `kind` under `word` on the line containing `lineText` and returns the hover's text once it
   * holds every `expected` string (the diagnostic's part shows at once, the language server's part after a
   * "Loading..." line). The editor computes a hover on a mouse MOVE only, from what is under the pointer then, and
   * a hover hidden afterwards (a key, a scroll, the text moving under a still pointer) is not shown again until the
   * next move; so when no full hover shows within one try, the mouse leaves the editor and comes back to the squiggle
   * measured again, a bounded number of times. What each failed try saw is kept in `notes`.
   */
  async hoverSquiggle(lineText: string, word: string, kind: 'error' | 'warning' | 'info', expected: string[], tries = 4): Promise<string> {
    // The editor's hover, not a workbench one (status bar, tabs) the pointer may have passed.
    const hover = this.page.locator('.monaco-hover:not(.hidden):not(.workbench-hover) .monaco-hover-content').first();
    let text = '';
    for (let attempt = 1; attempt <= tries; attempt++) {
      const point = await this.squiggleUnder(lineText, word, kind);
      // Away first (the middle of the status bar, between its items, outside every editor), so that arriving on the
      // squiggle is a move into the editor that hides whatever hover was left and computes a new one.
      const away = await this.page.locator('.part.statusbar').boundingBox();
      await this.page.mouse.move(away ? away.x + away.width / 2 : 1, away ? away.y + away.height / 2 : 1);
      await this.page.mouse.move(point.x, point.y, { steps: 2 });
      const deadline = Date.now() + HOVER_TRY_MS;
      for (;;) {
        text = ((await hover.innerText({ timeout: 1_000 }).catch(() => '')) ?? '').replace(/\u00a0/g, ' ');
        if (expected.every((e) => text.includes(e))) {
          // The hover fades in; a screenshot right away would be half transparent.
          await this.page.waitForTimeout(400);
          return text;
        }
        if (Date.now() > deadline) break;
        await this.page.waitForTimeout(100);
      }
      this.notes.push(`hover try ${attempt} at (${Math.round(point.x)}, ${Math.round(point.y)}) read ${JSON.stringify(text)}; under the pointer: ${await this.describePoint(point)}`);
    }
    throw new Error(`the hover never showed ${JSON.stringify(expected)} in ${tries} tries:\n${this.notes.join('\n')}`);
  }

  /** The element under a point as a short class path, e.g. "div.view-line > span > span.mtk6". */
  private describePoint(point: { x: number; y: number }): Promise<string> {
    return this.page
      .evaluate(({ x, y }) => {
        const parts: string[] = [];
        for (let e = document.elementFromPoint(x, y); e && parts.length < 6; e = e.parentElement) {
          parts.unshift(`${e.tagName.toLowerCase()}${e.classList.length ? `.${Array.from(e.classList).slice(0, 3).join('.')}` : ''}`);
        }
        return parts.join(' > ') || '(nothing)';
      }, point)
      .catch((error: Error) => `(unknown: ${error.message})`);
  }

  /**
   * Clicks into the text, presses Ctrl+. and picks `title` with the arrow keys and Enter (a click is intercepted).
   * The workbench cancels a pending code-action request whenever any extension registers a code-action provider
   * (the registry's change event is not per language) and then says "No code actions available"; on a cold start
   * built-in extensions (JSON, TypeScript) register theirs seconds after the window opened. Only that answer is asked
   * again, a bounded number of times; a menu without `title` fails at once.
   */
  async quickFix(point: { x: number; y: number }, title: string, tries = 3): Promise<string[]> {
    const rows = this.page.locator('.action-widget .monaco-list-row');
    const none = this.page.locator('.monaco-editor-overlaymessage', { hasText: 'No code actions available' });
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('Escape');
      await this.page.mouse.click(point.x, point.y);
      // The previous try's message must be gone, or it would read as this try's answer.
      await none.waitFor({ state: 'hidden', timeout: 5_000 });
      await this.page.keyboard.press('Control+Period');
      await rows.first().or(none).first().waitFor({ timeout: 15_000 });
      if (await rows.first().isVisible()) break;
      this.notes.push(`quick fix try ${attempt}: the workbench said "No code actions available"`);
      if (attempt === tries) throw new Error(`no code actions in ${tries} tries:\n${this.notes.join('\n')}`);
    }
    const offered = await rows.evaluateAll((elements) => elements.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
    await this.focusRow('.action-widget .monaco-list-row', (label) => label === title);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.action-widget').waitFor({ state: 'hidden' });
    return offered;
  }

  async save(): Promise<void> {
    await this.page.keyboard.press('Control+S');
  }

  /** F1, the command's title, Enter on its row. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    const input = this.page.locator(QUICK_INPUT);
    await input.waitFor();
    await input.fill(`>${title}`);
    await this.page.locator(QUICK_ROWS, { hasText: title }).first().waitFor();
    await this.focusRow(QUICK_ROWS, (label) => label.includes(title));
    await this.page.keyboard.press('Enter');
  }

  async screenshot(name: string): Promise<string> {
    mkdirSync(ARTIFACTS, { recursive: true });
    const path = join(ARTIFACTS, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}

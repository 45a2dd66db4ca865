// A page object for the playground: tests speak of pods and editors, not of selectors.
import { expect } from '@playwright/test';

export class Playground {
  constructor(page) {
    this.page = page;
    this.problems = [];
    page.on('console', (message) => {
      if (message.type() === 'error') this.problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => this.problems.push(`page error: ${error.message}`));
    page.on('request', (request) => {
      const url = new URL(request.url());
      const local = url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:';
      if (!local) this.problems.push(`request to another host: ${request.url()}`);
    });
  }

  async open() {
    await this.page.goto('/');
    await expect(this.topology()).toBeVisible();
  }

  topology() {
    return this.page.getByTestId('topology');
  }

  /** The learner's pods: those in the default namespace (Traefik's run in kube-system). */
  pods() {
    return this.page.locator('[data-testid="pod"][data-namespace="default"]');
  }

  services() {
    return this.page.getByTestId('service');
  }

  ingresses() {
    return this.page.getByTestId('ingress');
  }

  editor(file) {
    return this.page.getByTestId(`editor-${file}`);
  }

  async openFile(file) {
    await this.page.getByTestId(`tab-${file}`).click();
    await expect(this.editor(file)).toBeVisible();
  }

  /** The text in a file's editor (CodeMirror's document, which is not an input's value). */
  editorText(file) {
    return this.editor(file).evaluate((el) => kplayEditor.find(el).text());
  }

  /** Opens a file and selects the first `text` in its editor; returns the whole text as it was. */
  async select(file, text) {
    await this.openFile(file);
    const all = await this.editorText(file);
    const at = all.indexOf(text);
    expect(at).toBeGreaterThanOrEqual(0);
    await this.editor(file).evaluate((el, [start, end]) => kplayEditor.find(el).select(start, end), [at, at + text.length]);
    return all;
  }

  /** Selects `from` in a file's editor and types `to` over it, key by key, as a learner would. */
  async edit(file, from, to) {
    const text = await this.select(file, from);
    await this.page.keyboard.type(to);
    await expect.poll(() => this.editorText(file)).toBe(text.replace(from, to));
  }

  /** Types one line into the terminal, as a learner would, and waits for its echo. */
  async run(line) {
    const input = this.page.getByTestId('terminal-input');
    await input.fill(line);
    await input.press('Enter');
    await expect(this.page.getByTestId('terminal-output').locator('.term-input-line').last()).toContainText(line);
  }

  terminalText() {
    return this.page.getByTestId('terminal-output');
  }

  results() {
    return this.page.getByTestId('request-result');
  }

  /** Plays the clock at 16x, so what takes seconds of cluster time happens quickly. */
  async fastForward() {
    await this.page.getByTestId('speed').selectOption('16');
  }

    /** Fails the test on any console error, uncaught exception or request off the page's own host. */
  expectNoProblems() {
    expect(this.problems).toEqual([]);
  }
}

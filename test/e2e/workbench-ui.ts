// Driving the workbench page (shared by the E2E files): the command palette, the Pipeline tree.
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { join } from 'node:path';
import { chromiumPath, missingPrerequisite, REPO, type VsCodeServer } from './harness';

/** Where the E2E files leave their screenshots. */
export const SHOTS = join(REPO, 'test-output', 'e2e');

/** An E2E file's `skip` option: why code-server, Chromium or playwright-core cannot run here, or
 * false. With RETAIL_REQUIRE_E2E=1 (CI) it is false and before() fails with `reason` instead. */
export function e2eGate(): { reason: string | undefined; skip: string | false } {
  const reason = missingPrerequisite();
  return { reason, skip: reason && process.env.RETAIL_REQUIRE_E2E !== '1' ? reason : false };
}

/** shot(name) saves SHOTS/<name>.png of the page; ui(name, body) wraps a test body so that a
 * failure leaves SHOTS/FAILED-<prefix><name>.png of what the browser showed. */
export function screenshots(page: () => Page | undefined, failedPrefix: string) {
  const shot = async (name: string): Promise<void> => {
    await page()?.screenshot({ path: join(SHOTS, `${name}.png`) });
  };
  const ui = (name: string, fn: () => Promise<void>) => async (): Promise<void> => {
    try {
      await fn();
    } catch (e) {
      await page()?.screenshot({ path: join(SHOTS, `FAILED-${failedPrefix}${name}.png`) }).catch(() => undefined);
      throw e;
    }
  };
  return { shot, ui };
}

/** Chromium on the code-server's workbench, opened on its workspace folder. */
export async function openWorkbench(vs: VsCodeServer, viewport = { width: 1400, height: 900 }): Promise<{ browser: Browser; page: Page }> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport });
  await page.goto(`${vs.url}/?folder=${encodeURIComponent(vs.workspace)}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return { browser, page };
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Text of every visible row of the sidebar's trees (label + description). */
export async function treeRows(page: Page): Promise<string[]> {
  return page.locator('.pane-body .monaco-list-row').evaluateAll((rows) =>
    rows.map((r) => [r.querySelector('.label-name')?.textContent, r.querySelector('.label-description')?.textContent]
      .filter(Boolean).join(' ').trim()));
}

/** The tree row(s) whose label is exactly `label`. */
export function treeRow(page: Page, label: string) {
  return page.locator('.pane-body .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });
}

/** Expands a tree row and waits until `child` (a row label) is rendered below it. A refresh
 * that lands between the click and the render can swallow the click, so it is retried. */
export async function expand(page: Page, label: string, child: string): Promise<void> {
  const row = treeRow(page, label).first();
  await row.waitFor({ timeout: 30_000 });
  for (let attempt = 0; ; attempt++) {
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    try {
      await treeRow(page, child).first().waitFor({ timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}

/** Opens the Retail Pipeline view container (its activity bar entry) and waits for the tree. */
export async function showPipelineTree(page: Page): Promise<void> {
  const entry = page.locator('a.action-label[aria-label^="Retail Pipeline"]');
  await entry.waitFor({ timeout: 60_000 });
  // A click on the active entry would close the sidebar: only click when it is not showing.
  if (!(await treeRow(page, 'Tasks').first().isVisible().catch(() => false))) await entry.click();
  await treeRow(page, 'Tasks').first().waitFor({ timeout: 60_000 });
}

/** Right-clicks a tree row and picks `action` from its context menu. A tree redraw (the state
 *  watcher refreshing after a run) can leave the menu open with the click not taken — its
 *  context-view-block then swallows every later click (seen in fresh-clone CI): the menu must
 *  close after the pick, else Escape and try again. */
export async function contextAction(page: Page, label: string, action: string | RegExp): Promise<void> {
  const closed = () => page.locator('.context-view-block').waitFor({ state: 'detached', timeout: 5_000 }).then(() => true, () => false);
  for (let attempt = 1; ; attempt++) {
    await treeRow(page, label).first().click({ button: 'right' });
    const item = page.locator('.context-view .action-label', { hasText: action }).first();
    await item.click({ timeout: 10_000 });
    if (await closed()) return;
    // The menu also takes its focused item with Enter (hovering focuses it).
    await item.hover().catch(() => undefined);
    await page.keyboard.press('Enter');
    if (await closed()) return;
    await page.keyboard.press('Escape');
    if (attempt === 3) throw new Error(`the context menu of ${label} did not take "${String(action)}" (3 tries)`);
  }
}

/** Runs a command from the palette by its exact title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  // After an editor closes, keyboard focus can sit where F1 is not handled yet, and a webview
  // taking focus closes the palette between opening and typing (fresh-clone CI): retry both.
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ timeout: 3_000 });
      await input.fill(`>${title}`, { timeout: 3_000 });
      break;
    } catch (e) {
      if (attempt >= 4) throw e;
      await page.locator('.part.editor').first().click({ position: { x: 5, y: 5 } }).catch(() => undefined);
    }
  }
  await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 10_000 });
  // Fuzzy matching may rank another command first ("Run From Task…" for "Run Task…"): click the
  // row whose label is exactly the title.
  const row = page.locator('.quick-input-list .monaco-list-row', {
    has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
  }).first();
  await row.waitFor({ timeout: 10_000 });
  await row.click();
}

/** Drags the sidebar's edge so it is `width` pixels wide (tree descriptions fit in screenshots);
 * returns the width it had, to put it back. */
export async function resizeSidebar(page: Page, width: number): Promise<number> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return width;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 5 });
  await page.mouse.up();
  return box.width;
}

/** The page inside the (one visible) webview panel: VS Code nests it in two iframes. */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready >> visible=true').frameLocator('iframe#active-frame');
}

/** Select Target → the row labelled `label` (local, or a connection name); waits for the tree to show it. */
export async function selectTarget(page: Page, label: string, treeLabel: string): Promise<void> {
  await runCommand(page, 'Retail Pipeline: Select Target');
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) }).first();
  await row.waitFor({ timeout: 10_000 });
  await row.click();
  await treeRow(page, treeLabel).first().waitFor({ timeout: 15_000 });
}

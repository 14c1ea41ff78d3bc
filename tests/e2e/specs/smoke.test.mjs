// Smoke: the real window opens on a fresh database, shows the shell, and switches language.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { byTestId, freshDbPath, launch, screenshot } from '../lib/harness.mjs';

describe('smoke', () => {
  let app;
  const db = freshDbPath('smoke');

  before(async () => {
    app = await launch(['--db', db]);
  });

  after(async () => {
    await app?.close();
  });

  it('opens the window with the shell and the --db file in the status bar', async () => {
    const { browser } = app;
    const shell = byTestId(browser, 'app-shell');
    await shell.waitForDisplayed({ timeout: 15_000 });

    assert.match(await browser.getTitle(), /RackLedger/);
    assert.equal(await byTestId(browser, 'nav-ledger').getText(), '设备台账');

    const status = byTestId(browser, 'status-db');
    await browser.waitUntil(async () => (await status.getText()).includes(basename(db)), {
      timeout: 5_000,
      timeoutMsg: `status bar never showed ${basename(db)}`,
    });
    await screenshot(browser, 'smoke-shell');
  });

  it('switches the interface to English and back', async () => {
    const { browser } = app;
    await browser.$('[data-testid="lang-switch"] [data-lang="en"]').click();
    await browser.waitUntil(async () => (await byTestId(browser, 'nav-ledger').getText()) === 'Ledger', {
      timeout: 5_000,
      timeoutMsg: 'navigation did not turn English',
    });
    assert.match(await browser.getTitle(), /RackLedger/);
    await screenshot(browser, 'smoke-english');

    await browser.$('[data-testid="lang-switch"] [data-lang="zh"]').click();
    await browser.waitUntil(async () => (await byTestId(browser, 'nav-ledger').getText()) === '设备台账', {
      timeout: 5_000,
      timeoutMsg: 'navigation did not return to Chinese',
    });
  });

  it('refuses inline script (the CSP is in force)', async () => {
    const { browser } = app;
    const ran = await browser.execute(() => {
      const el = document.createElement('script');
      el.textContent = 'window.__inlineScriptRan = true';
      document.head.appendChild(el);
      return window.__inlineScriptRan === true;
    });
    assert.equal(ran, false);
  });
});

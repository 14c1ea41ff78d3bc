// 设备台账 in the real window: search and find an asset, open its detail, the core's validation
// beside the field, English headers, the first-start demo offer. The timings at 100,000 assets
// are measured by tests/e2e/perf/app.mjs (`./x perf-app`), not here.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { byTestId, demoDb, freshDbPath, launch, screenshot } from '../lib/harness.mjs';

/** Waits until the table shows the answer to `query` (or to the initial load when undefined). */
async function tableReady(browser, query) {
  const table = byTestId(browser, 'ledger-table');
  await browser.waitUntil(
    async () =>
      (await table.getAttribute('data-loading')) === 'false' &&
      (await table.getAttribute('data-total')) !== '' &&
      (query === undefined || (await table.getAttribute('data-query')) === query),
    { timeout: 20_000, timeoutMsg: `ledger never showed ${query ?? 'its first rows'}` },
  );
  return table;
}

/** Types `query` into the ledger's search box as keystrokes. */
async function search(browser, query) {
  const box = byTestId(browser, 'ledger-search');
  await box.click();
  await box.clearValue();
  if (query) {
    await box.addValue(query);
  } else {
    // Clearing sends no keystroke in WebKit; tell the box it changed.
    await browser.execute(() => {
      document.querySelector('[data-testid="ledger-search"]').dispatchEvent(new Event('input', { bubbles: true }));
    });
  }
}

describe('ledger', () => {
  let app;
  const db = demoDb({ cabinets: 40, devices: 600, seed: 7 });

  before(async () => {
    app = await launch(['--db', db]);
    await byTestId(app.browser, 'app-shell').waitForDisplayed({ timeout: 15_000 });
    await tableReady(app.browser);
  });

  after(async () => {
    await app?.close();
  });

  it('searches the ledger and finds an asset by its serial', async () => {
    const { browser } = app;
    const table = byTestId(browser, 'ledger-table');
    assert.equal(await table.getAttribute('data-total'), '600');
    // An asset from further down the list: its tag and serial as the table shows them.
    await browser.execute(() => document.querySelector('[data-testid="ledger-table"]').focus());
    for (let i = 0; i < 12; i++) await browser.keys('ArrowDown');
    const { tag, serial } = await browser.execute(() => {
      const row = document.querySelector('[data-testid="ledger-row"].sel');
      return { tag: row.getAttribute('data-tag'), serial: row.children[5].textContent.trim() };
    });
    assert.equal(tag, 'ZWY-000012');
    assert.match(serial, /\S{6,}/);

    await search(browser, serial);
    await tableReady(browser, serial);
    const rows = await browser.$$('[data-testid="ledger-row"]');
    assert.equal(rows.length, 1, 'one asset has this serial');
    assert.equal(await rows[0].getAttribute('data-tag'), tag);
    assert.match(await byTestId(browser, 'ledger-count').getText(), /1/);
    await screenshot(browser, 'ledger-search');
  });

  it('opens the asset detail with its position and history; Esc closes it', async () => {
    const { browser } = app;
    const row = browser.$('[data-testid="ledger-row"]');
    const tag = await row.getAttribute('data-tag');
    await row.click();
    const panel = byTestId(browser, 'asset-panel');
    await panel.waitForDisplayed({ timeout: 5_000 });
    assert.equal(await panel.getAttribute('data-tag'), tag);
    await byTestId(browser, 'panel-history').waitForDisplayed({ timeout: 5_000 });
    assert.match(await byTestId(browser, 'panel-history').getText(), /登记/);
    const position = await byTestId(browser, 'panel-position').getText();
    assert.match(position, /^([A-Z]+\d+-U\d+(\(后\))?|未上架)$/);
    assert.equal(await panel.$('[data-field="asset_tag"]').getText(), tag);
    await screenshot(browser, 'ledger-detail');

    await browser.keys('Escape');
    await panel.waitForDisplayed({ reverse: true, timeout: 5_000 });
  });

  it('shows the core’s validation error beside the field', async () => {
    const { browser } = app;
    await browser.$('[data-testid="ledger-row"]').click();
    await byTestId(browser, 'panel-edit').click();
    const form = byTestId(browser, 'asset-form');
    await form.waitForDisplayed({ timeout: 5_000 });
    const watts = browser.$('#f-rated_w');
    await watts.clearValue();
    await watts.addValue('很多');
    await byTestId(browser, 'form-save').click();
    const err = byTestId(browser, 'field-error-rated_w');
    await err.waitForDisplayed({ timeout: 5_000 });
    assert.match(await err.getText(), /很多/);
    await screenshot(browser, 'ledger-validation');
    await browser.keys('Escape');
    await form.waitForDisplayed({ reverse: true, timeout: 5_000 });
    await browser.keys('Escape');
    await byTestId(browser, 'asset-panel').waitForDisplayed({ reverse: true, timeout: 5_000 });
  });

  it('switches to English headers and labels', async () => {
    const { browser } = app;
    await search(browser, '');
    await tableReady(browser, '');
    await browser.$('[data-testid="lang-switch"] [data-lang="en"]').click();
    const header = browser.$('[role="columnheader"][data-col="asset_tag"]');
    await browser.waitUntil(async () => (await header.getText()) === 'Asset Tag', {
      timeout: 5_000,
      timeoutMsg: 'the tag column never turned English',
    });
    assert.equal(await browser.$('[role="columnheader"][data-col="status"]').getText(), 'Status');
    assert.match(await byTestId(browser, 'ledger-count').getText(), /600 assets/);
    const badge = browser.$('[data-testid="ledger-row"] [data-status]');
    assert.match(await badge.getText(), /^[A-Z][a-z]/);
    await screenshot(browser, 'ledger-english');
    await browser.$('[data-testid="lang-switch"] [data-lang="zh"]').click();
    await browser.waitUntil(async () => (await header.getText()) === '资产编号', { timeout: 5_000 });
  });
});

describe('ledger: first start', () => {
  let app;

  before(async () => {
    app = await launch(['--db', freshDbPath('empty')]);
  });

  after(async () => {
    await app?.close();
  });

  it('offers the demo on an empty ledger and shows it once loaded', async () => {
    const { browser } = app;
    const offer = byTestId(browser, 'demo-offer');
    await offer.waitForDisplayed({ timeout: 15_000 });
    await screenshot(browser, 'ledger-demo-offer');
    await byTestId(browser, 'demo-load').click();
    await offer.waitForDisplayed({ reverse: true, timeout: 60_000 });
    const table = await tableReady(browser, '');
    await browser.waitUntil(async () => Number(await table.getAttribute('data-total')) === 600, {
      timeout: 10_000,
      timeoutMsg: 'the demo assets never appeared',
    });
    await browser.waitUntil(async () => (await byTestId(browser, 'status-assets').getText()).includes('600'), {
      timeout: 5_000,
    });
    await screenshot(browser, 'ledger-demo-loaded');
  });
});

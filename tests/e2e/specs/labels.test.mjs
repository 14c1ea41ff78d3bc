// 打印标签: the button is on a cabinet in the racks view and on a device's detail panel; the
// command behind it, called from the real window over IPC with the path the save dialog would
// give (the native GTK dialog itself cannot be driven over WebDriver), writes a PDF that poppler
// reads back with the cabinet's asset tags and its Chinese text.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { byTestId, CLI, demoDb, launch, screenshot, TMP } from '../lib/harness.mjs';

const CABINET = 'A01';

function cli(db, ...args) {
  return JSON.parse(execFileSync(CLI, ['--db', db, '--json', ...args], { encoding: 'utf8' }));
}

describe('labels', () => {
  let app;
  let db;

  before(async () => {
    db = demoDb({ cabinets: 6, devices: 80, seed: 1 });
    app = await launch(['--db', db]);
    await byTestId(app.browser, 'app-shell').waitForDisplayed({ timeout: 15_000 });
  });

  after(async () => {
    await app?.close();
  });

  it('offers 打印标签 on a cabinet and prints its devices to a PDF with the Chinese text in it', async () => {
    const { browser } = app;
    await byTestId(browser, 'nav-racks').click();
    const card = browser.$(`[data-testid="cabinet-card"][data-cabinet="${CABINET}"]`);
    await card.waitForDisplayed({ timeout: 10_000 });
    await card.click();
    const button = byTestId(browser, 'racks-print-labels');
    await button.waitForDisplayed({ timeout: 5_000 });
    assert.equal((await button.getText()).trim(), '打印标签');
    await screenshot(browser, 'labels-racks-button');

    const pdf = join(TMP, `labels-${process.pid}.pdf`);
    const done = await browser.executeAsync((path, cabinet, finish) => {
      window.__TAURI_INTERNALS__
        .invoke('labels_print_devices', { selection: { cabinet }, path, sheet: null })
        .then((r) => finish({ ok: r }), (e) => finish({ err: e }));
    }, pdf, CABINET);
    assert.ok(done.ok, `labels_print_devices failed: ${JSON.stringify(done.err)}`);
    assert.ok(existsSync(pdf), 'the PDF was written');

    const { assets } = cli(db, 'asset', 'list', '--cabinet', CABINET);
    assert.equal(done.ok.labels, assets.length, 'one label per device in the cabinet');
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    for (const a of assets) assert.ok(text.includes(a.asset_tag), `${a.asset_tag} on the sheet`);
    assert.ok(text.includes('位置 A01-U'), 'the Chinese field names come back from the PDF');
    assert.ok(text.includes(assets[0].owner), 'the owner (Chinese) comes back from the PDF');
  });

  it('offers 打印标签 on a device in the ledger', async () => {
    const { browser } = app;
    await byTestId(browser, 'nav-ledger').click();
    const { assets } = cli(db, 'asset', 'list', '--cabinet', CABINET);
    const tag = assets[0].asset_tag;
    const row = browser.$(`[data-testid="ledger-row"][data-tag="${tag}"]`);
    await row.waitForDisplayed({ timeout: 10_000 });
    await row.click();
    await browser.$(`[data-testid="asset-panel"][data-tag="${tag}"]`).waitForDisplayed({ timeout: 5_000 });
    const button = byTestId(browser, 'panel-print-label');
    await button.waitForDisplayed({ timeout: 5_000 });
    assert.equal((await button.getText()).trim(), '打印标签');
    await screenshot(browser, 'labels-panel-button');
  });
});

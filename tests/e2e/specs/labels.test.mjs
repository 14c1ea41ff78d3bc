// 打印标签: the button is on a cabinet in the racks view and on a device's detail panel. The
// native GTK save dialog cannot be driven over WebDriver, so the app runs with
// RACKLEDGER_E2E_DIALOGS naming a file whose lines answer its dialogs (debug builds only); the
// click writes a PDF that poppler reads back with the cabinet's asset tags and its Chinese text.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { byTestId, CLI, demoDb, launch, screenshot, TMP } from '../lib/harness.mjs';

const CABINET = 'A01';
const answers = join(TMP, `label-dialogs-${process.pid}.txt`);
const pdf = join(TMP, `labels-${process.pid}.pdf`);
const cablePdf = join(TMP, `cable-labels-${process.pid}.pdf`);

function cli(db, ...args) {
  return JSON.parse(execFileSync(CLI, ['--db', db, '--json', ...args], { encoding: 'utf8' }));
}

describe('labels', () => {
  let app;
  let db;

  before(async () => {
    db = demoDb({ cabinets: 6, devices: 80, seed: 1 });
    writeFileSync(answers, `${pdf}\n${cablePdf}\nCANCEL\n`);
    process.env.RACKLEDGER_E2E_DIALOGS = answers;
    app = await launch(['--db', db]);
    await byTestId(app.browser, 'app-shell').waitForDisplayed({ timeout: 15_000 });
  });

  after(async () => {
    delete process.env.RACKLEDGER_E2E_DIALOGS;
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

    await button.click();
    const note = byTestId(browser, 'racks-print-labels-note');
    await note.waitForDisplayed({ timeout: 20_000 });
    assert.ok(existsSync(pdf), 'the PDF was written where the save dialog answered');

    const { assets } = cli(db, 'asset', 'list', '--cabinet', CABINET);
    assert.ok((await note.getText()).includes(`已生成 ${assets.length} 张标签`), 'the note counts the labels');
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    for (const a of assets) assert.ok(text.includes(a.asset_tag), `${a.asset_tag} on the sheet`);
    assert.ok(text.includes('位置 A01-U'), 'the Chinese field names come back from the PDF');
    assert.ok(text.includes(assets[0].owner), 'the owner (Chinese) comes back from the PDF');
  });

  it('prints the cabinet\'s cable labels, both ends of each cable', async () => {
    const { browser } = app;
    const button = byTestId(browser, 'racks-print-cable-labels');
    await button.waitForDisplayed({ timeout: 5_000 });
    assert.equal((await button.getText()).trim(), '打印线缆标签');
    await button.click();
    const note = byTestId(browser, 'racks-print-cable-labels-note');
    await note.waitForDisplayed({ timeout: 20_000 });
    assert.ok(existsSync(cablePdf), 'the PDF was written where the save dialog answered');

    const { cables } = cli(db, 'cable', 'list');
    const here = cables.filter((c) => c.a.cabinet === CABINET || c.b.cabinet === CABINET);
    assert.ok(here.length > 0, 'the demo cables A01');
    assert.ok((await note.getText()).includes(`已生成 ${here.length * 2} 张标签`), 'two labels a cable');
    const text = execFileSync('pdftotext', [cablePdf, '-'], { encoding: 'utf8' });
    assert.ok(text.includes(here[0].cable_no), 'the cable number is on its labels');
    assert.ok(text.includes(`对端 ${here[0].b.label}`), 'the far end, as the ledger labels it');
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

    // The script's next answer is CANCEL: nothing is written and nothing is claimed.
    unlinkSync(pdf);
    await button.click();
    await browser.waitUntil(async () => (await button.getText()).trim() === '打印标签' && (await button.isEnabled()), {
      timeout: 10_000,
    });
    await browser.pause(500);
    assert.equal(existsSync(pdf), false, 'a cancelled save dialog writes no PDF');
    assert.equal(await byTestId(browser, 'panel-print-label-note').isExisting(), false);
  });
});

// 设置: the backups of the open ledger — back up now, the list, restore one after a confirmation,
// and the ledger is what it was at that backup. The backup folder is shared with other ledgers
// (the specs' ledgers sit side by side, and so does their default 备份): only this ledger's
// backups count and are listed, an older version's `rackledger-…` ones marked. A ledger file's
// backups are the file's by nature: on a team ledger (E2E_ENGINE=postgres) the server keeps the
// backups, and this spec is skipped, saying so.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { byTestId, CLI, demoDb, fileOnly, launch, screenshot, TEAM } from '../lib/harness.mjs';

function cli(db, ...args) {
  return JSON.parse(execFileSync(CLI, ['--db', db, '--json', ...args], { encoding: 'utf8' }));
}

const pad = (n) => String(n).padStart(2, '0');
/** `YYYYMMDD-HHMMSS` of local time, as in a backup's name. */
function stamp(d) {
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

describe('settings and backups', fileOnly('the backup folder, daily backup and restore of a ledger file'), () => {
  let app;
  const db = demoDb({ cabinets: 6, devices: 60 });
  const stem = basename(db, '.db');
  const folder = join(dirname(db), '备份');
  // Another ledger's backup of today in the shared folder (it must not stand for this one's daily
  // backup, nor be listed), and one an older version named without the ledger (listed, marked).
  const others = `二号楼-${stamp(new Date())}-daily.db`;
  const legacy = 'rackledger-20200101-080000-daily.db';

  before(async () => {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, others), 'another ledger');
    writeFileSync(join(folder, legacy), 'an older version');
    app = await launch(['--db', db]);
  });

  after(async () => {
    await app?.close();
  });

  it('shows the database and the daily backup, backs up now and restores from the list', async () => {
    const { browser } = app;
    await byTestId(browser, 'app-shell').waitForDisplayed({ timeout: 15_000 });
    await byTestId(browser, 'nav-settings').click();
    await byTestId(browser, 'settings-view').waitForDisplayed({ timeout: 5_000 });
    assert.ok((await byTestId(browser, 'settings-db').getText()).includes(db));
    // How WebKit paints (src-tauri/src/rendering.rs): the harness runs the specs with
    // RACKLEDGER_GPU=on unless told otherwise, and the view says so and why.
    const rendering = byTestId(browser, 'settings-rendering');
    if (process.env.RACKLEDGER_GPU === undefined && process.env.WEBKIT_DISABLE_COMPOSITING_MODE === undefined) {
      assert.equal(await rendering.getAttribute('data-compositing'), 'true');
      assert.ok((await rendering.getText()).includes('RACKLEDGER_GPU'));
    } else {
      assert.ok((await rendering.getText()).length > 0);
    }
    // The app's start was the first of the day on a non-empty ledger: a daily backup exists.
    await browser.waitUntil(async () => (await byTestId(browser, 'settings-last').getText()).includes('每日'), {
      timeout: 5_000,
      timeoutMsg: 'no daily backup shown',
    });

    const own = cli(db, 'backup', 'list').status.backups;
    assert.ok(own.some((b) => b.reason === 'daily' && b.name.startsWith(`${stem}-`)), JSON.stringify(own));
    assert.ok(!own.some((b) => b.name === others), 'another ledger\'s backup is not listed');
    assert.ok(own.every((b) => b.name.startsWith(`${stem}-`) || (b.legacy && b.name === legacy)), JSON.stringify(own));
    await byTestId(browser, `legacy-${legacy}`).waitForDisplayed({ timeout: 5_000 });
    assert.equal(await byTestId(browser, `restore-${others}`).isExisting(), false);

    await byTestId(browser, 'backup-now').click();
    await byTestId(browser, 'settings-notice').waitForDisplayed({ timeout: 5_000 });
    const list = cli(db, 'backup', 'list').status.backups;
    assert.equal(list[0].reason, 'manual');
    await screenshot(browser, 'settings-backups');

    // A change after the backup, made by the command line beside the app.
    const before = cli(db, 'asset', 'list', '--limit', '1000').assets.length;
    cli(db, 'asset', 'add', 'E2E-AFTER', 'name=x', 'vendor=华为', 'model=M', 'serial=SN-E2E', 'owner=政务云平台');
    assert.equal(cli(db, 'asset', 'list', '--limit', '1000').assets.length, before + 1);

    await byTestId(browser, `restore-${list[0].name}`).click();
    await byTestId(browser, 'restore-dialog').waitForDisplayed({ timeout: 5_000 });
    await screenshot(browser, 'settings-restore-confirm');
    await byTestId(browser, 'restore-confirm').click();
    await browser.waitUntil(async () => (await byTestId(browser, 'settings-notice').getText()).includes('恢复'), {
      timeout: 10_000,
      timeoutMsg: 'no restore notice',
    });
    assert.equal(cli(db, 'asset', 'list', '--limit', '1000').assets.length, before);
    const after = cli(db, 'backup', 'list').status.backups;
    assert.ok(after.some((b) => b.reason === 'prerestore'), 'the ledger before the restore was kept');
  });
});

// On a team ledger the core says there is no backup folder: 设置 says who keeps the backups and
// how to take an offline snapshot, and the status bar shows no 最近备份.
describe('settings on a team ledger', TEAM ? {} : { skip: 'team ledger only (E2E_ENGINE=postgres)' }, () => {
  let app;

  before(async () => {
    app = await launch(['--db', demoDb({ cabinets: 2, devices: 10 })]);
  });

  after(async () => {
    await app?.close();
  });

  it('says the server keeps the backups, and shows no last backup', async () => {
    const { browser } = app;
    await byTestId(browser, 'app-shell').waitForDisplayed({ timeout: 15_000 });
    await byTestId(browser, 'nav-settings').click();
    await byTestId(browser, 'settings-team').waitForDisplayed({ timeout: 10_000 });
    assert.match(await byTestId(browser, 'settings-team').getText(), /backup --out/);
    assert.equal(await byTestId(browser, 'settings-error').isExisting(), false);
    assert.equal(await byTestId(browser, 'backup-now').isExisting(), false, 'no 立即备份 without a backup folder');
    await browser.waitUntil(async () => !(await byTestId(browser, 'status-backup').isExisting()), {
      timeout: 10_000,
      timeoutMsg: 'the status bar still shows 最近备份 on a team ledger',
    });
    await screenshot(browser, 'settings-team');
  });
});

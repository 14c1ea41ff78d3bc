// 导入 / 导出 in the real window. The native dialogs cannot be driven over WebDriver, so this spec
// starts the app with RACKLEDGER_E2E_DIALOGS naming a file whose lines answer the dialogs one by
// one (debug builds only; see src-tauri/src/files.rs). Workbooks are made by the CLI's `export`
// from a demo database, and one is edited with openpyxl.
//
// A bad file shows its located errors, repeated ones grouped, and commits nothing; a whole-site workbook shows the core's
// counts, commits, and the ledger then lists its rows; an edited row shows its diff; the export
// menu writes 资产登记_YYYY-MM-DD.xlsx where the save dialog answered.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { byTestId, CLI, demoDb, freshDbPath, launch, screenshot, TMP } from '../lib/harness.mjs';

function cli(db, ...args) {
  try {
    return JSON.parse(execFileSync(CLI, ['--db', db, '--json', ...args], { encoding: 'utf8' }));
  } catch (err) {
    // `import` exits 1 on a refused file; its JSON is still the answer.
    if (err.stdout) return JSON.parse(err.stdout);
    throw err;
  }
}

const answers = join(TMP, `dialogs-${process.pid}.txt`);
/** The next dialogs answer with these lines, in order. */
function answer(...lines) {
  writeFileSync(answers, lines.join('\n'));
}

/** Opens the wizard, picks (through the scripted dialog) and waits for the report. */
async function preview(browser) {
  await byTestId(browser, 'import-open').click();
  await byTestId(browser, 'import-wizard').waitForDisplayed({ timeout: 5_000 });
  await byTestId(browser, 'import-pick').click();
  const report = byTestId(browser, 'import-report');
  await report.waitForDisplayed({ timeout: 30_000 });
  return report;
}

async function sheetCounts(browser) {
  return browser.execute(() =>
    Object.fromEntries(
      [...document.querySelectorAll('[data-testid="excel-sheet"]')].map((el) => [
        el.getAttribute('data-kind'),
        ['inserted', 'updated', 'unchanged'].map((k) =>
          Number(el.querySelector(`[data-testid="excel-${k}"] b`).textContent.replace(/,/g, '')),
        ),
      ]),
    ),
  );
}

describe('import and export', () => {
  let app;
  const source = demoDb({ cabinets: 6, devices: 60, seed: 3 });
  const work = join(TMP, `xlsx-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const site = join(work, 'site.xlsx');
  const assetsOnly = join(work, 'assets.xlsx');
  const edited = join(work, 'site-edited.xlsx');
  const outDir = join(work, '导出');
  mkdirSync(outDir, { recursive: true });
  const db = freshDbPath('import');

  before(async () => {
    execFileSync(CLI, ['--db', source, 'export', 'site', '--out', site], { stdio: 'ignore' });
    execFileSync(CLI, ['--db', source, 'export', 'assets', '--out', assetsOnly], { stdio: 'ignore' });
    // One device renamed in the file: after the site is imported, this file updates that row.
    execFileSync('python3', ['-c', `
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['资产登记']
col = [c.value for c in ws[2]].index('设备名称') + 1
ws.cell(row=3, column=col).value = 'E2E 改名的设备'
# And a reading at 97 % of the first cabinet's rating: a power warning, which never blocks.
cab = wb['机柜']
head = [c.value for c in cab[2]]
code = cab.cell(row=3, column=head.index('机柜编号') + 1).value
rated = cab.cell(row=3, column=head.index('额定功率(kW)') + 1).value
import datetime
wb['功率读数'].append([code, datetime.datetime(2026, 11, 20, 10, 0), round(rated * 0.97, 2)])
wb.save(sys.argv[2])
`, site, edited]);
    answer('CANCEL');
    process.env.RACKLEDGER_E2E_DIALOGS = answers;
    app = await launch(['--db', db]);
    await byTestId(app.browser, 'app-shell').waitForDisplayed({ timeout: 15_000 });
  });

  after(async () => {
    delete process.env.RACKLEDGER_E2E_DIALOGS;
    await app?.close();
  });

  it('refuses a bad file whole, showing each error where it is', async () => {
    const { browser } = app;
    // 资产登记 alone names cabinets an empty ledger does not have.
    const expected = cli(freshDbPath('expect'), 'import', assetsOnly, '--dry-run');
    assert.equal(expected.ok, false);
    answer(assetsOnly);
    const report = await preview(browser);
    await screenshot(browser, 'import-errors');
    assert.equal(await report.getAttribute('data-ok'), 'false');
    assert.match(await byTestId(browser, 'import-verdict').getText(), new RegExp(`${expected.errors.length} 个错误`));
    // The core's groups, one line each: a group of several rows shows its rows (第 3–58 行) and
    // expands to them; a problem of one row is its own line.
    const errors = '[data-testid="import-errors"]';
    const groups = await browser.$$(`${errors} [data-testid="excel-problem-group"]`);
    const many = expected.error_groups.filter((g) => g.problems.length > 1);
    assert.ok(many.length > 0, 'the file repeats a problem over several rows');
    assert.equal(groups.length, many.length);
    const singles = expected.error_groups.length - many.length;
    assert.equal((await browser.$$(`${errors} [data-testid="excel-problem"]`)).length, singles);
    const g = many[0];
    assert.equal(await groups[0].getAttribute('data-rows'), g.rows.join(','));
    assert.equal(await groups[0].getAttribute('data-column'), g.column);
    // textContent: WebKit's getText leaves out a cell cut with an ellipsis.
    const line = await browser.execute((el) => el.textContent, groups[0]);
    assert.ok(line.includes(g.rows_text) && line.includes(g.message), line);
    await groups[0].$('[data-testid="excel-problem-expand"]').click();
    const rows = await browser.$$(`${errors} [data-testid="excel-problem"]`);
    assert.equal(rows.length, singles + g.problems.length, 'the group expands to its rows');
    const first = expected.errors[g.problems[0]];
    const member = await browser.execute(
      (sel, row) => [...document.querySelectorAll(sel)].find((el) => el.getAttribute('data-row') === row)?.textContent ?? '',
      `${errors} [data-testid="excel-problem"]`,
      String(first.row),
    );
    assert.ok(member.includes(first.sheet) && member.includes(first.message), member);
    await screenshot(browser, 'import-errors-expanded');
    assert.equal(await byTestId(browser, 'import-commit').isEnabled(), false, 'errors block the commit');
    await byTestId(browser, 'import-cancel').click();
    await byTestId(browser, 'import-wizard').waitForExist({ reverse: true, timeout: 5_000 });
    assert.equal(cli(db, 'asset', 'list').count, 0, 'nothing was written');
  });

  it('previews a whole-site workbook with the core counts, commits it, and the ledger lists its rows', async () => {
    const { browser } = app;
    const expected = cli(freshDbPath('expect'), 'import', site, '--dry-run');
    assert.equal(expected.ok, true);
    answer(site);
    const report = await preview(browser);
    assert.equal(await report.getAttribute('data-ok'), 'true');
    const counts = await sheetCounts(browser);
    for (const s of expected.sheets) {
      assert.deepEqual(counts[s.kind], [s.inserted, s.updated, s.unchanged], s.sheet);
    }
    await screenshot(browser, 'import-report');

    await byTestId(browser, 'import-commit').click();
    const done = byTestId(browser, 'import-done');
    await done.waitForDisplayed({ timeout: 30_000 });
    const assets = expected.sheets.find((s) => s.kind === 'assets').inserted;
    assert.match(await done.getText(), new RegExp(`新增 ${expected.sheets.reduce((n, s) => n + s.inserted, 0).toLocaleString("en-US")} 条`));
    await screenshot(browser, 'import-done');
    await byTestId(browser, 'import-close').click();

    const table = byTestId(browser, 'ledger-table');
    await browser.waitUntil(async () => (await table.getAttribute('data-total')) === String(assets), {
      timeout: 15_000,
      timeoutMsg: 'the ledger did not reload with the imported rows',
    });
    const tag = expected.sheets.find((s) => s.kind === 'assets').changes[0].key;
    await browser.$(`[data-testid="ledger-row"][data-tag="${tag}"]`).waitForExist({ timeout: 10_000 });
    assert.equal(await byTestId(browser, 'status-assets').getText().then((t) => t.replace(/\D/g, '')), String(assets));
  });

  it('shows an edited row as an update with its field diff, and power warnings that do not block', async () => {
    const { browser } = app;
    const expected = cli(db, 'import', edited, '--dry-run');
    assert.ok(expected.ok && expected.warnings.length > 0, JSON.stringify(expected.warnings));
    answer(edited);
    await preview(browser);
    const counts = await sheetCounts(browser);
    assert.equal(counts.assets[1], 1, 'one row updated');
    const warnings = await browser.$$(
      '[data-testid="import-warnings"] [data-testid="excel-problem"], [data-testid="import-warnings"] [data-testid="excel-problem-group"]',
    );
    assert.equal(warnings.length, expected.warning_groups.length);
    const w = await browser.execute((el) => el.textContent, warnings[0]);
    assert.ok(w.includes(expected.warning_groups[0].message), w);
    assert.equal(await byTestId(browser, 'import-commit').isEnabled(), true, 'warnings do not block');
    await screenshot(browser, 'import-warnings');
    const card = browser.$('[data-testid="excel-sheet"][data-kind="assets"]');
    await card.$('[data-testid="excel-toggle-changes"]').click();
    const diff = card.$('[data-testid="excel-diff"][data-field="name"]');
    await diff.waitForDisplayed({ timeout: 5_000 });
    const text = await diff.getText();
    assert.match(text, /设备名称/);
    assert.match(text, /E2E 改名的设备/);
    await screenshot(browser, 'import-diff');
    await browser.keys('Escape');
    await byTestId(browser, 'import-wizard').waitForExist({ reverse: true, timeout: 5_000 });
  });

  it('exports through the save dialog with a Chinese default name and says where', async () => {
    const { browser } = app;
    answer(outDir);
    await byTestId(browser, 'export-open').click();
    const menu = byTestId(browser, 'export-menu');
    await menu.waitForDisplayed({ timeout: 5_000 });
    const kinds = await browser.$$('[data-testid="export-kind"]');
    assert.equal(kinds.length, 15, 'every kind of the command line (excel::export::KINDS)');
    await byTestId(browser, 'export-go-assets').click();
    const done = byTestId(browser, 'export-done');
    await done.waitForDisplayed({ timeout: 30_000 });
    const path = await byTestId(browser, 'export-path').getText();
    const day = new Date();
    const iso = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
    assert.equal(path, join(outDir, `资产登记_${iso}.xlsx`));
    assert.ok(existsSync(path));
    await screenshot(browser, 'export-done');
    // The export imports back into the same ledger with no change.
    const back = cli(db, 'import', path, '--dry-run');
    assert.equal(back.ok, true);
    const s = back.sheets.find((x) => x.kind === 'assets');
    assert.equal(s.inserted + s.updated, 0);
  });
});

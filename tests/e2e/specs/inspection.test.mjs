// 日常巡检 (附件1) in the real window: start today's inspection of a demo room, mark one device
// 告警 with its description — the core files a 附件3 record linked both ways — mark every other
// cabinet with 本柜全部正常 and the check points 正常, submit, review with an opinion, export 附件1
// through the (scripted) save dialog and read it back with openpyxl; then import a filled 附件1
// (made from the CLI's export, filled in by openpyxl) through the import wizard. The ledger is
// read back through the real command line.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { byTestId, CLI, demoDb, launch, screenshot, TMP } from '../lib/harness.mjs';

const db = demoDb({ cabinets: 4, devices: 30, seed: 5 });
const work = join(TMP, `inspection-${process.pid}`);
mkdirSync(work, { recursive: true });
const answers = join(TMP, `dialogs-inspection-${process.pid}.txt`);

function cli(...args) {
  return JSON.parse(execFileSync(CLI, ['--db', db, '--json', ...args], { encoding: 'utf8' }));
}

function answer(...lines) {
  writeFileSync(answers, lines.join('\n'));
}

/** Every cell of every sheet of a workbook, as text, through openpyxl. */
function readBook(file) {
  const out = execFileSync(
    'python3',
    [
      '-c',
      `import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(json.dumps({ws.title: [["" if c is None else str(c) for c in r] for r in ws.iter_rows(values_only=True)] for ws in wb}, ensure_ascii=False))`,
      file,
    ],
    { encoding: 'utf8' },
  );
  return JSON.parse(out);
}

describe('daily inspection', () => {
  let app;
  let no;
  let faultNo;
  const room = cli('room', 'list').rooms?.[0]?.name ?? '一号机房';

  before(async () => {
    answer('CANCEL');
    process.env.RACKLEDGER_E2E_DIALOGS = answers;
    app = await launch(['--db', db]);
    await byTestId(app.browser, 'app-shell').waitForDisplayed({ timeout: 15_000 });
  });

  after(async () => {
    delete process.env.RACKLEDGER_E2E_DIALOGS;
    await app?.close();
  });

  it('starts a demo room; one device marked 告警 becomes a linked 附件3 record', async () => {
    const { browser } = app;
    await byTestId(browser, 'nav-inspection').click();
    await byTestId(browser, 'view-inspection').waitForDisplayed({ timeout: 10_000 });
    await byTestId(browser, 'inspection-start').click();
    const number = byTestId(browser, 'inspection-no');
    await number.waitForDisplayed({ timeout: 10_000 });
    no = await number.getText();
    assert.match(no, /^XJ-\d{8}-\d{2}$/);
    const detail = cli('inspection', 'show', no).detail;
    assert.deepEqual(detail.inspection.rooms, [room]);
    const first = detail.devices[0];
    // The cabinet you stand at comes first.
    assert.equal(await byTestId(browser, 'inspection-cabinet-code').getText(), first.cabinet);

    const row = byTestId(browser, `inspection-device-${first.asset_tag}`);
    await row.$('[data-testid="mark-alarm"]').click();
    await row.$('[data-testid="mark-note"]').setValue('风扇告警灯亮');
    await screenshot(browser, 'inspection-note');
    await row.$('[data-testid="mark-confirm"]').click();
    const linked = row.$('[data-testid="inspection-fault-no"]');
    await linked.waitForDisplayed({ timeout: 10_000 });
    faultNo = await linked.getText();
    const fault = cli('fault', 'show', faultNo).fault;
    assert.equal(fault.source, 'inspection');
    assert.equal(fault.asset_tag, first.asset_tag);
    assert.equal(fault.cabinet, first.cabinet);
    assert.equal(fault.inspection_no, no);
    assert.equal(fault.description, '风扇告警灯亮');
    await screenshot(browser, 'inspection');
  });

  it('marks every cabinet normal, the check points, then submits and reviews', async () => {
    const { browser } = app;
    const cabinets = new Set(cli('inspection', 'show', no).detail.devices.map((d) => d.cabinet));
    for (let i = 0; i < cabinets.size + 1; i += 1) {
      const all = byTestId(browser, 'inspection-all-normal');
      if (!(await all.isEnabled())) {
        const progress = cli('inspection', 'show', no).detail.inspection;
        if (progress.devices_marked === progress.devices_total) break;
        await byTestId(browser, 'inspection-next').click();
        continue;
      }
      await all.click();
      await browser.pause(300);
    }
    await browser.waitUntil(
      async () => {
        const i = cli('inspection', 'show', no).detail.inspection;
        return i.devices_marked === i.devices_total;
      },
      { timeout: 15_000, timeoutMsg: 'not every device got marked' },
    );
    const points = await browser.$$('[data-testid="point-normal"]');
    for (const p of points) {
      await p.click();
      await browser.pause(150);
    }
    await browser.waitUntil(
      async () => {
        const i = cli('inspection', 'show', no).detail.inspection;
        return i.points_marked === i.points_total;
      },
      { timeout: 15_000, timeoutMsg: 'not every check point got marked' },
    );
    await byTestId(browser, 'inspection-submit').click();
    const state = byTestId(browser, 'inspection-state');
    await browser.waitUntil(async () => (await state.getText()) === '已提交', { timeout: 10_000 });
    await byTestId(browser, 'inspection-opinion').setValue('风扇告警当日处理');
    await byTestId(browser, 'inspection-review-button').click();
    await browser.waitUntil(async () => (await state.getText()) === '已审核', { timeout: 10_000 });
    await byTestId(browser, 'inspection-signed').waitForDisplayed({ timeout: 5_000 });
    const i = cli('inspection', 'show', no).detail.inspection;
    assert.equal(i.state, 'reviewed');
    assert.equal(i.opinion, '风扇告警当日处理');
    assert.deepEqual(i.actions, []);
    await screenshot(browser, 'inspection-reviewed');
  });

  it('exports 附件1 and reads it back', async () => {
    const { browser } = app;
    const out = join(work, '附件1.xlsx');
    answer(out);
    await byTestId(browser, 'inspection-export').click();
    const notice = byTestId(browser, 'inspection-notice');
    await browser.waitUntil(async () => (await notice.getText()).includes('附件1.xlsx'), { timeout: 20_000 });
    const book = readBook(out);
    assert.deepEqual(Object.keys(book), ['子表1 机房环境与基础设施', '子表2 硬件设备']);
    const devices = book['子表2 硬件设备'];
    assert.ok(devices[0][0].startsWith('机房硬件巡检表（附件1 子表2）'), devices[0][0]);
    const flagged = devices.find((r) => r[14] === faultNo);
    assert.ok(flagged, 'the 告警 row carries its fault number');
    assert.equal(flagged[12], '告警');
    const footer = Object.fromEntries(devices.filter((r) => ['巡检单号', '审核意见'].includes(r[0])).map((r) => [r[0], r[1]]));
    assert.deepEqual(footer, { 巡检单号: no, 审核意见: '风扇告警当日处理' });
  });

  it('imports a filled 附件1 through the import wizard', async () => {
    const { browser } = app;
    // The next day's form of the same room, exported empty and filled in as on paper.
    const next = cli('inspection', 'start', '--room', room, '--date', '2030-01-02').inspection_no;
    const blank = join(work, 'blank.xlsx');
    const filled = join(work, 'filled.xlsx');
    execFileSync(CLI, ['--db', db, 'export', 'inspection', next, '--out', blank], { stdio: 'ignore' });
    execFileSync('python3', ['-c', `
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1])
for name, col in (('子表1 机房环境与基础设施', 7), ('子表2 硬件设备', 13)):
    ws = wb[name]
    r = 3
    while ws.cell(r, 1).value not in (None, ''):
        ws.cell(r, col).value = '正常'
        r += 1
wb.save(sys.argv[2])
`, blank, filled]);
    answer(filled);
    await byTestId(browser, 'import-open').click();
    await byTestId(browser, 'import-wizard').waitForDisplayed({ timeout: 5_000 });
    await byTestId(browser, 'import-pick').click();
    const report = byTestId(browser, 'import-report');
    await report.waitForDisplayed({ timeout: 30_000 });
    assert.equal(await report.getAttribute('data-ok'), 'true');
    await byTestId(browser, 'import-commit').click();
    await byTestId(browser, 'import-done').waitForDisplayed({ timeout: 30_000 });
    await byTestId(browser, 'import-close').click();
    const i = cli('inspection', 'show', next).detail.inspection;
    assert.equal(i.devices_marked, i.devices_total);
    assert.equal(i.points_marked, i.points_total);
  });
});

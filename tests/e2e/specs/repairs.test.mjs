// 维修 and 故障告警 in the real window: open a repair on a demo asset from its detail panel (the
// warranty shown first), the asset shows 维修, close it with a new serial — the ledger's serial
// changes and the timeline shows the swap; a 返厂 repair releases the position and closing with
// 按原位回架 restores it; a normal alarm registered and closed in one step, a fault handled
// through its states. The ledger is read back through the real command line.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { byTestId, CLI, demoDb, launch, screenshot } from '../lib/harness.mjs';

const db = demoDb({ cabinets: 6, devices: 80, seed: 3 });

function cli(...args) {
  return JSON.parse(execFileSync(CLI, ['--db', db, '--json', ...args], { encoding: 'utf8' }));
}
const show = (tag) => cli('asset', 'show', tag);

/** Two racked, in-use servers with no repair yet. */
function pickServers() {
  const repaired = new Set(cli('repair', 'list').repairs.map((r) => r.asset_tag));
  const servers = cli('asset', 'list').assets.filter(
    (a) => a.status === 'in_use' && a.cabinet && a.category === 'server' && !repaired.has(a.asset_tag),
  );
  assert.ok(servers.length >= 2, 'the demo has racked servers');
  return [servers[0], servers[1]];
}

async function nav(browser, view) {
  await byTestId(browser, `nav-${view}`).click();
  await byTestId(browser, `view-${view}`).waitForDisplayed({ timeout: 10_000 });
}

/** Opens the ledger's detail panel of `tag`. */
async function openAsset(browser, tag) {
  await nav(browser, 'ledger');
  const box = byTestId(browser, 'ledger-search');
  await box.click();
  await box.clearValue();
  await box.addValue(tag);
  const table = byTestId(browser, 'ledger-table');
  await browser.waitUntil(
    async () => (await table.getAttribute('data-loading')) === 'false' && (await table.getAttribute('data-query')) === tag,
    { timeout: 20_000, timeoutMsg: `the ledger never showed ${tag}` },
  );
  await browser.$(`[data-testid="ledger-row"][data-tag="${tag}"]`).click();
  const panel = byTestId(browser, 'asset-panel');
  await panel.waitForDisplayed({ timeout: 5_000 });
  await browser.waitUntil(async () => (await panel.getAttribute('data-tag')) === tag, { timeout: 5_000 });
  await panel.$('[data-field="serial"]').waitForDisplayed({ timeout: 5_000 });
  return panel;
}

async function waitState(el, state, what) {
  await el.waitForDisplayed({ timeout: 5_000 });
  await el.waitUntil(async () => (await el.getAttribute('data-state')) === state, {
    timeout: 10_000,
    timeoutMsg: `${what} never became ${state}`,
  });
}

describe('repairs', () => {
  let app;
  const [swapAsset, factoryAsset] = pickServers();

  before(async () => {
    app = await launch(['--db', db]);
    await byTestId(app.browser, 'app-shell').waitForDisplayed({ timeout: 15_000 });
  });

  after(async () => {
    await app?.close();
  });

  it('opens a repair from the asset detail: the warranty first, then the asset shows 维修', async () => {
    const { browser } = app;
    const tag = swapAsset.asset_tag;
    const panel = await openAsset(browser, tag);
    await byTestId(browser, 'asset-repair-open').click();
    const dialog = byTestId(browser, 'repair-open');
    await dialog.waitForDisplayed({ timeout: 5_000 });
    const warranty = byTestId(browser, 'warranty');
    await warranty.waitForDisplayed({ timeout: 5_000 });
    // The warranty is the core's reading of 维保到期日.
    const preview = cli('asset', 'show', tag);
    const expected = preview.warranty_until ? ['in_warranty', 'expiring_soon', 'expired'] : ['unknown'];
    assert.ok(expected.includes(await warranty.getAttribute('data-status')));
    await byTestId(browser, 'repair-symptom').setValue('电源模块告警，风扇异响');
    assert.notEqual(await byTestId(browser, 'repair-vendor').getValue(), '', 'the repairer is prefilled');
    await screenshot(browser, 'repairs-open-dialog');
    await byTestId(browser, 'repair-open-confirm').click();
    await dialog.waitForDisplayed({ reverse: true, timeout: 10_000 });

    const badge = panel.$('.summary [data-status]');
    await browser.waitUntil(async () => (await badge.getAttribute('data-status')) === 'repairing', {
      timeout: 10_000,
      timeoutMsg: 'the asset never showed 维修',
    });
    assert.equal(await badge.getText(), '维修');
    const timeline = byTestId(browser, 'repair-timeline');
    await timeline.waitForDisplayed({ timeout: 5_000 });
    assert.equal(await timeline.$('[data-step="reported"]').getAttribute('data-done'), 'true');
    assert.equal(await timeline.$('[data-step="closed"]').getAttribute('data-done'), 'false');
    assert.equal(show(tag).status, 'repairing');
    await screenshot(browser, 'repairs-asset-repairing');
  });

  it('closes it with a new serial: the ledger’s serial changes and the timeline shows the swap', async () => {
    const { browser } = app;
    const tag = swapAsset.asset_tag;
    const oldSerial = swapAsset.serial;
    const newSerial = `E2E-SWAP-${Date.now() % 100000}`;
    // From the timeline to the repair in the 维修 view.
    await byTestId(browser, 'repair-timeline').$('button.link').click();
    await byTestId(browser, 'view-repairs').waitForDisplayed({ timeout: 5_000 });
    const panel = byTestId(browser, 'repair-panel');
    await waitState(panel, 'pending', 'the repair');
    await byTestId(browser, 'work-technician').setValue('王师傅');
    await byTestId(browser, 'part-name').setValue('电源模块');
    await byTestId(browser, 'part-old').setValue('PSU-OLD-1');
    await byTestId(browser, 'part-new').setValue('PSU-NEW-1');
    await byTestId(browser, 'work-save').click();
    await waitState(panel, 'in_repair', 'the repair');
    await byTestId(browser, 'repair-parts').waitForDisplayed({ timeout: 5_000 });
    assert.match(await byTestId(browser, 'repair-parts').getText(), /PSU-OLD-1/);

    await byTestId(browser, 'close-new-serial').setValue(newSerial);
    await byTestId(browser, 'close-accepted-by').setValue('李主管');
    await screenshot(browser, 'repairs-close-form');
    await byTestId(browser, 'repair-close').click();
    await waitState(panel, 'closed', 'the repair');
    assert.equal(await byTestId(browser, 'repair-swap').getText(), `${oldSerial} → ${newSerial}`);
    assert.match(await byTestId(browser, 'repair-saved').getText(), /在用/);
    await screenshot(browser, 'repairs-closed');

    const a = show(tag);
    assert.equal(a.serial, newSerial);
    assert.equal(a.status, 'in_use');
    assert.equal(a.serial_history[0].serial, oldSerial);
    assert.equal(a.serial_history[0].replaced_by, newSerial);

    const assetPanel = await openAsset(browser, tag);
    assert.equal(await assetPanel.$('[data-field="serial"]').getText(), newSerial);
    const swap = byTestId(browser, 'repair-timeline').$('[data-step="swap"]');
    await swap.waitForDisplayed({ timeout: 5_000 });
    assert.match(await swap.getText(), new RegExp(`${oldSerial} → ${newSerial}`));
    assert.equal(await byTestId(browser, 'repair-timeline').$('[data-step="closed"]').getAttribute('data-done'), 'true');
    await screenshot(browser, 'repairs-asset-timeline-swap');
    await browser.keys('Escape');
  });

  it('返厂 releases the position; closing with 按原位回架 restores it', async () => {
    const { browser } = app;
    const tag = factoryAsset.asset_tag;
    const { cabinet, start_u: startU } = factoryAsset;
    await nav(browser, 'repairs');
    await byTestId(browser, 'repairs-new').click();
    await byTestId(browser, 'repair-open').waitForDisplayed({ timeout: 5_000 });
    await byTestId(browser, 'repair-asset').setValue(tag);
    await browser.keys('Tab');
    await byTestId(browser, 'repair-preview').waitForDisplayed({ timeout: 5_000 });
    await byTestId(browser, 'repair-symptom').setValue('主板故障，需返厂');
    await byTestId(browser, 'repair-mode-factory').click();
    await byTestId(browser, 'repair-open-confirm').click();
    await byTestId(browser, 'repair-open').waitForDisplayed({ reverse: true, timeout: 10_000 });

    const panel = byTestId(browser, 'repair-panel');
    await waitState(panel, 'pending', 'the factory repair');
    const ret = byTestId(browser, 'repair-return');
    await ret.waitForDisplayed({ timeout: 5_000 });
    assert.match(await ret.getText(), new RegExp(`^${cabinet}-U${startU}`));
    let a = show(tag);
    assert.equal(a.cabinet, null, 'out of its cabinet while at the factory');
    assert.equal(a.status, 'repairing');
    assert.equal(await byTestId(browser, 'close-rerack').isSelected(), true, '按原位回架 is offered and ticked');
    await screenshot(browser, 'repairs-factory');

    await byTestId(browser, 'repair-close').click();
    await waitState(panel, 'closed', 'the factory repair');
    a = show(tag);
    assert.equal(a.cabinet, cabinet);
    assert.equal(a.start_u, startU);
    assert.equal(a.status, 'in_use');

    await openAsset(browser, tag);
    const timeline = byTestId(browser, 'repair-timeline');
    await timeline.waitForDisplayed({ timeout: 5_000 });
    assert.match(await timeline.$('[data-step="factory"]').getText(), new RegExp(`${cabinet}-U${startU}`));
    assert.match(await timeline.$('[data-step="reracked"]').getText(), new RegExp(`${cabinet}-U${startU}`));
    await screenshot(browser, 'repairs-asset-timeline-factory');
    await browser.keys('Escape');

    // The racks view's device detail shows the same history, back at its position.
    await byTestId(browser, 'nav-racks').click();
    const card = browser.$(`[data-testid="cabinet-card"][data-cabinet="${cabinet}"]`);
    await card.waitForDisplayed({ timeout: 10_000 });
    await card.click();
    const face = factoryAsset.face ?? 'front';
    const block = browser.$(`[data-testid="elev-device"][data-tag="${tag}"][data-face="${face}"] rect`);
    await block.waitForDisplayed({ timeout: 10_000 });
    await block.click();
    const detail = browser.$(`[data-testid="device-detail"][data-tag="${tag}"]`);
    await detail.waitForDisplayed({ timeout: 5_000 });
    const rackTimeline = detail.$('[data-testid="repair-timeline"]');
    await rackTimeline.waitForDisplayed({ timeout: 5_000 });
    assert.match(await rackTimeline.$('[data-step="reracked"]').getText(), new RegExp(`${cabinet}-U${startU}`));
    await screenshot(browser, 'repairs-racks-device-detail');
  });

  it('lists the repairs by state with their counts and the statistics', async () => {
    const { browser } = app;
    await nav(browser, 'repairs');
    await browser.keys('Escape');
    const closed = byTestId(browser, 'repairs-tab-closed');
    const expected = cli('repair', 'list', '--state', '已关闭').count;
    await browser.waitUntil(async () => Number(await closed.getAttribute('data-count')) === expected, {
      timeout: 5_000,
      timeoutMsg: 'the closed count never matched the core',
    });
    await byTestId(browser, 'repair-by-vendor').waitForDisplayed({ timeout: 5_000 });
    const mttr = cli('repair', 'stats').mttr_hours;
    assert.match(await byTestId(browser, 'repair-mttr').getText(), new RegExp(`^${mttr.toFixed(1)}\\s?h$`));
    await screenshot(browser, 'repairs-view');
    await browser.$('[data-testid="lang-switch"] [data-lang="en"]').click();
    await browser.waitUntil(async () => (await byTestId(browser, 'repairs-new').getText()).includes('New repair'), {
      timeout: 5_000,
    });
    await screenshot(browser, 'repairs-view-en');
    await browser.$('[data-testid="lang-switch"] [data-lang="zh"]').click();
    await closed.click();
    const table = byTestId(browser, 'repairs-table');
    await browser.waitUntil(async () => Number(await table.getAttribute('data-count')) === expected, { timeout: 5_000 });
  });
});

describe('faults', () => {
  let app;

  before(async () => {
    app = await launch(['--db', db]);
    await byTestId(app.browser, 'app-shell').waitForDisplayed({ timeout: 15_000 });
  });

  after(async () => {
    await app?.close();
  });

  it('registers a normal alarm and closes it in one step', async () => {
    const { browser } = app;
    await nav(browser, 'faults');
    await byTestId(browser, 'fault-stats').waitForDisplayed({ timeout: 5_000 });
    await byTestId(browser, 'faults-new').click();
    await byTestId(browser, 'fault-open').waitForDisplayed({ timeout: 5_000 });
    await byTestId(browser, 'fault-kind-alarm').click();
    await byTestId(browser, 'fault-severity-level4').click();
    await byTestId(browser, 'fault-description').setValue('UPS 自检告警，已自动恢复');
    await byTestId(browser, 'fault-close-now').click();
    await screenshot(browser, 'faults-open-dialog');
    await byTestId(browser, 'fault-open-confirm').click();
    const panel = byTestId(browser, 'fault-panel');
    await waitState(panel, 'closed', 'the alarm');
    const no = await panel.getAttribute('data-no');
    assert.equal(cli('fault', 'show', no).fault.state, 'closed');
  });

  it('handles a fault: 待处理 → 处理中 → 已恢复 → 已关闭', async () => {
    const { browser } = app;
    const tag = cli('asset', 'list').assets.find((a) => a.status === 'in_use' && a.cabinet).asset_tag;
    await byTestId(browser, 'faults-new').click();
    await byTestId(browser, 'fault-open').waitForDisplayed({ timeout: 5_000 });
    await byTestId(browser, 'fault-severity-level2').click();
    await byTestId(browser, 'fault-description').setValue('硬盘指示灯橙色');
    await byTestId(browser, 'fault-asset').setValue(tag);
    await byTestId(browser, 'fault-open-confirm').click();
    const panel = byTestId(browser, 'fault-panel');
    await waitState(panel, 'pending', 'the fault');
    await byTestId(browser, 'fault-handler').setValue('张工');
    await byTestId(browser, 'fault-ack').click();
    await waitState(panel, 'in_progress', 'the fault');
    // 报修 from the fault: the repair is linked to it.
    await byTestId(browser, 'fault-repair').click();
    await byTestId(browser, 'repair-open').waitForDisplayed({ timeout: 5_000 });
    assert.equal(await byTestId(browser, 'repair-symptom').getValue(), '硬盘指示灯橙色');
    await byTestId(browser, 'repair-preview').waitForDisplayed({ timeout: 5_000 });
    await byTestId(browser, 'repair-open-confirm').click();
    await byTestId(browser, 'repair-open').waitForDisplayed({ reverse: true, timeout: 10_000 });
    await browser.waitUntil(async () => (await panel.$$('button.link')).length === 1, {
      timeout: 5_000,
      timeoutMsg: 'the fault never showed its repair',
    });
    const faultNo = await panel.getAttribute('data-no');
    const linked = cli('fault', 'show', faultNo).fault.repair_nos;
    assert.equal(linked.length, 1);
    assert.equal(cli('repair', 'show', linked[0]).repair.fault_no, faultNo);
    assert.equal(show(tag).status, 'repairing');
    await byTestId(browser, 'fault-recover').click();
    await waitState(panel, 'recovered', 'the fault');
    await byTestId(browser, 'fault-duration').waitForDisplayed({ timeout: 5_000 });
    await screenshot(browser, 'faults-recovered');
    await byTestId(browser, 'fault-close').click();
    await waitState(panel, 'closed', 'the fault');
    const no = await panel.getAttribute('data-no');
    const f = cli('fault', 'show', no).fault;
    assert.equal(f.state, 'closed');
    assert.equal(f.handler, '张工');
    assert.equal(f.asset_tag, tag);
    await browser.keys('Escape');
    await screenshot(browser, 'faults-view');
  });

  it('shows the register 200 at a time and loads the rest on 加载更多', async () => {
    const { browser } = app;
    const have = cli('fault', 'list').total;
    for (let i = have; i < 250; i++) {
      cli('fault', 'open', '--kind', '告警', '--source', '动环', '--level', '四级', '--desc', `巡检告警 ${i}`, '--close');
    }
    const total = cli('fault', 'list').total;
    assert.ok(total >= 250);
    // Another view and back: the register is read again.
    await nav(browser, 'repairs');
    await nav(browser, 'faults');
    const more = byTestId(browser, 'faults-more');
    await browser.waitUntil(async () => Number(await more.getAttribute('data-total')) === total, {
      timeout: 10_000,
      timeoutMsg: 'the total never matched the core',
    });
    assert.equal(Number(await more.getAttribute('data-shown')), 200);
    assert.match(await more.getText(), new RegExp(`显示 200 / 共 ${total.toLocaleString('en-US')} 条`));
    const table = byTestId(browser, 'faults-table');
    assert.equal(Number(await table.getAttribute('data-count')), 200);
    await byTestId(browser, 'faults-load-more').click();
    await browser.waitUntil(async () => Number(await table.getAttribute('data-count')) === total, {
      timeout: 10_000,
      timeoutMsg: 'the rest never came',
    });
    const shown = await browser.$$('[data-testid="fault-row"]').map((r) => r.getAttribute('data-no'));
    const expected = cli('fault', 'list').faults.map((f) => f.fault_no);
    assert.deepEqual(shown, expected, 'both windows, in the core\'s order, none twice');
    assert.equal(await byTestId(browser, 'faults-load-more').isExisting(), false);
  });
});

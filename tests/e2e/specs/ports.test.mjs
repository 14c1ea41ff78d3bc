// 端口: a device's ports drawn as a faceplate in its details (counts checked against the
// command line), and connecting a free port by naming the far end; a taken far port is refused
// with the core's message naming the cable. On a team ledger (E2E_ENGINE=postgres) cabling by hand
// without a confirmed 附件5 takes the emergency path (紧急操作) the form offers, with a reason.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { byTestId, CLI, demoDb, launch, screenshot, TEAM } from '../lib/harness.mjs';

const CABINET = 'A01';

function cli(db, ...args) {
  return JSON.parse(execFileSync(CLI, ['--db', db, '--json', ...args], { encoding: 'utf8' }));
}

async function openDevice(browser, a) {
  await byTestId(browser, 'nav-racks').click();
  const card = browser.$(`[data-testid="cabinet-card"][data-cabinet="${CABINET}"]`);
  await card.waitForDisplayed({ timeout: 10_000 });
  await card.click();
  await browser.$(`[data-testid="elevation"][data-cabinet="${CABINET}"]`).waitForDisplayed({ timeout: 10_000 });
  await browser.$(`[data-testid="elev-device"][data-tag="${a.asset_tag}"][data-face="${a.face}"] rect`).click();
  await browser.$(`[data-testid="device-detail"][data-tag="${a.asset_tag}"]`).waitForDisplayed({ timeout: 5_000 });
  await byTestId(browser, 'port-grid').waitForDisplayed({ timeout: 5_000 });
}

describe('ports', () => {
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

  it('draws a switch faceplate with every port at the status the ledger has', async () => {
    const { browser } = app;
    const { assets } = cli(db, 'asset', 'list', '--cabinet', CABINET);
    const sw = assets.find((a) => a.category === 'switch');
    assert.ok(sw, 'the demo cabinet has a switch');
    await openDevice(browser, sw);
    const { ports } = cli(db, 'port', 'list', sw.asset_tag);
    await browser.waitUntil(async () => (await browser.$$('[data-testid="port-cell"]').length) === ports.length, {
      timeout: 5_000,
      timeoutMsg: 'one cell per port',
    });
    for (const p of ports.slice(0, 12)) {
      const cell = browser.$(`[data-testid="port-cell"][data-port="${p.name}"]`);
      assert.equal(await cell.getAttribute('data-status'), p.status, `${p.name} status`);
      if (p.link) assert.ok((await cell.getAttribute('title')).includes(p.link.far.asset_tag), `${p.name} hover names the far end`);
    }
    await screenshot(browser, 'ports-faceplate');
  });

  it('connects a free port by picking the far end, and refuses a taken one', async () => {
    const { browser } = app;
    const { assets } = cli(db, 'asset', 'list', '--cabinet', CABINET);
    const sw = assets.find((a) => a.category === 'switch');
    const server = assets.find((a) => a.category === 'server' && cli(db, 'port', 'list', a.asset_tag).ports.some((p) => p.name === 'GE1' && p.status === 'free'));
    assert.ok(server, 'a server with a free GE1');
    const swPorts = cli(db, 'port', 'list', sw.asset_tag).ports;
    const used = swPorts.find((p) => p.status === 'used' && p.kind !== 'power');
    await openDevice(browser, server);
    await browser.$('[data-testid="port-cell"][data-port="GE1"]').click();
    const reason = '端到端测试：无附件5的手工接线';
    if (TEAM) await byTestId(browser, 'connect-emergency').setValue(reason);
    // A taken far port: the core's refusal, naming the cable, beside the form.
    await byTestId(browser, 'connect-far-tag').setValue(sw.asset_tag);
    await byTestId(browser, 'connect-far-port').setValue(used.name);
    await byTestId(browser, 'connect-submit').click();
    const err = byTestId(browser, 'port-error');
    await err.waitForDisplayed({ timeout: 5_000 });
    assert.ok((await err.getText()).includes(used.link.cable_no), await err.getText());
    // A free management port of the switch takes a copper cable.
    await byTestId(browser, 'connect-far-port').clearValue();
    await byTestId(browser, 'connect-far-port').setValue('M-GE0/0/0');
    const target = swPorts.find((p) => p.kind === 'management' && p.status === 'free');
    assert.ok(target, 'the switch has a free management port');
    await byTestId(browser, 'connect-far-port').clearValue();
    await byTestId(browser, 'connect-far-port').setValue(target.name);
    await byTestId(browser, 'connect-submit').click();
    await browser.waitUntil(
      async () => (await browser.$('[data-testid="port-cell"][data-port="GE1"]').getAttribute('data-status')) === 'used',
      { timeout: 5_000, timeoutMsg: 'GE1 shows used' },
    );
    const after = cli(db, 'port', 'list', server.asset_tag).ports.find((p) => p.name === 'GE1');
    assert.equal(after.link.far.asset_tag, sw.asset_tag);
    assert.equal(after.link.far.port, target.name);
    if (TEAM) {
      const audit = cli(db, 'audit', '--limit', '20').audit;
      const urgent = audit.find((e) => e.action === 'cable.emergency' && e.entity_key === after.link.cable_no);
      assert.ok(urgent, JSON.stringify(audit.slice(0, 3)));
      assert.equal(urgent.reason, `紧急操作：${reason}`);
    }
    await screenshot(browser, 'ports-connected');
  });

  it('shows the cabinet\'s port table with the ledger\'s rows, counts and far ends', async () => {
    const { browser } = app;
    await byTestId(browser, 'nav-racks').click();
    const card = browser.$(`[data-testid="cabinet-card"][data-cabinet="${CABINET}"]`);
    await card.waitForDisplayed({ timeout: 10_000 });
    await card.click();
    await byTestId(browser, 'racks-port-table').click();
    const table = byTestId(browser, 'port-table-rows');
    await table.waitForDisplayed({ timeout: 10_000 });
    const rows = cli(db, 'port', 'table', '--cabinet', CABINET).ports;
    assert.ok(rows.length > 0, 'the demo cabinet has ports');
    assert.equal(Number(await table.getAttribute('data-count')), rows.length, 'every port of the cabinet');
    const free = rows.filter((r) => r.status === 'free').length;
    await byTestId(browser, 'port-table-tab-free').click();
    await browser.waitUntil(async () => Number(await table.getAttribute('data-count')) === free, {
      timeout: 5_000,
      timeoutMsg: `the 空闲 tab shows the ${free} free ports`,
    });
    await byTestId(browser, 'port-table-tab-used').click();
    const cabled = rows.find((r) => r.link);
    await byTestId(browser, 'port-table-filter').setValue(cabled.link.cable_no);
    const row = browser.$(`[data-testid="port-table-row"][data-tag="${cabled.asset_tag}"][data-port="${cabled.name}"]`);
    await row.waitForDisplayed({ timeout: 5_000 });
    const far = await row.$('[data-testid="port-table-far"]').getAttribute('title');
    assert.ok(far.includes(`${cabled.link.far.asset_tag}:${cabled.link.far.port}`), `far end in ${far}`);
    await screenshot(browser, 'ports-cabinet-table');
    await byTestId(browser, 'port-table-close').click();
    await byTestId(browser, 'port-table').waitForDisplayed({ reverse: true, timeout: 5_000 });
  });
});

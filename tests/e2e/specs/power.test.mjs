// 电力: a cabinet made critical by a measured reading (entered with the command line) shows as
// critical on the floor map and in the warnings banner; a reading entered in the window joins
// the trend; racking a device into the critical cabinet is refused, and the refusal says why.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { byTestId, CLI, demoDb, launch, screenshot } from '../lib/harness.mjs';

const CABINET = 'A01';

function cli(db, ...args) {
  return JSON.parse(execFileSync(CLI, ['--db', db, '--json', ...args], { encoding: 'utf8' }));
}

/** Picks `tag` in the placement dialog's list, retrying while the searched list re-renders. */
async function pick(browser, tag) {
  await browser.waitUntil(
    async () => {
      const cand = browser.$(`[data-testid="place-candidate"][data-tag="${tag}"]`);
      if (!(await cand.isExisting())) return false;
      try {
        await cand.click();
      } catch {
        return false;
      }
      const chosen = byTestId(browser, 'place-chosen');
      return (await chosen.isExisting()) && (await chosen.getText()).includes(tag);
    },
    { timeout: 8_000, interval: 250, timeoutMsg: `could not pick ${tag} in the placement dialog` },
  );
}

describe('power', () => {
  let app;
  let db;
  let capacity;

  before(async () => {
    db = demoDb({ cabinets: 6, devices: 80, seed: 1 });
    const before = cli(db, 'power').cabinets.find((c) => c.cabinet === CABINET);
    capacity = before.capacity_w;
    // 93 % of capacity: at or above the 90 % alarm level, below 100 %.
    const kw = ((capacity * 0.93) / 1000).toFixed(2);
    execFileSync(CLI, ['--db', db, 'reading', CABINET, kw], { stdio: 'ignore' });
    const now = cli(db, 'power').cabinets.find((c) => c.cabinet === CABINET);
    assert.equal(now.status, 'critical', 'the reading made the cabinet critical');
    app = await launch(['--db', db]);
    await byTestId(app.browser, 'app-shell').waitForDisplayed({ timeout: 15_000 });
  });

  after(async () => {
    await app?.close();
  });

  it('shows the critical cabinet highlighted on the floor map and in the warnings banner', async () => {
    const { browser } = app;
    const banner = byTestId(browser, 'power-warnings');
    await banner.waitForDisplayed({ timeout: 10_000 });
    const expected = cli(db, 'power');
    const alerts =
      expected.cabinets.filter((c) => ['warning', 'critical', 'over'].includes(c.status)).length +
      expected.row_heads.filter((r) => ['warning', 'critical', 'over'].includes(r.status)).length;
    assert.equal(Number(await banner.getAttribute('data-count')), alerts);
    await byTestId(browser, 'power-warnings-toggle').click();
    const list = byTestId(browser, 'power-warnings-list');
    await list.waitForDisplayed({ timeout: 5_000 });
    assert.match(await list.getText(), new RegExp(CABINET));
    await byTestId(browser, 'power-warnings-toggle').click();

    await byTestId(browser, 'nav-power').click();
    const tile = browser.$(`[data-testid="power-tile"][data-cabinet="${CABINET}"]`);
    await tile.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await tile.getAttribute('data-status'), 'critical');
    assert.match(await tile.getAttribute('class'), /\balarm\b/);
    const text = await tile.getText();
    assert.match(text, /告警/, 'the status word goes with the colour');
    const c = expected.cabinets.find((x) => x.cabinet === CABINET);
    assert.match(text, new RegExp(`${(c.load_w / 1000).toFixed(2)} / ${(c.capacity_w / 1000).toFixed(2)} kW`));
    await screenshot(browser, 'power-floor');
  });

  it('opens the cabinet panel and records a reading from the window', async () => {
    const { browser } = app;
    await browser.$(`[data-testid="power-tile"][data-cabinet="${CABINET}"]`).click();
    const panel = browser.$(`[data-testid="cabinet-power"][data-cabinet="${CABINET}"]`);
    await panel.waitForDisplayed({ timeout: 5_000 });
    const before = cli(db, 'power').cabinets.find((x) => x.cabinet === CABINET);
    const kw = ((capacity * 0.94) / 1000).toFixed(2);
    await byTestId(browser, 'reading-kw').setValue(kw);
    await byTestId(browser, 'reading-save').click();
    await browser.waitUntil(async () => (await byTestId(browser, 'cabinet-load').getText()).includes(`${kw} kW`), {
      timeout: 5_000,
      timeoutMsg: `the panel never showed the new reading ${kw} kW`,
    });
    const after = cli(db, 'power').cabinets.find((x) => x.cabinet === CABINET);
    assert.equal(after.measured_w, Math.round(Number(kw) * 1000));
    assert.notEqual(after.measured_w, before.measured_w);
    assert.ok((await browser.$$('[data-testid="reading-trend"] circle')).length >= 2);
    await screenshot(browser, 'power-cabinet');
  });

  it('refuses racking a device into the critical cabinet and says why', async () => {
    const { browser } = app;
    await byTestId(browser, 'power-rack-into').click();
    await byTestId(browser, 'placement-panel').waitForDisplayed({ timeout: 10_000 });
    assert.equal(await byTestId(browser, 'place-cabinet').getValue(), CABINET);

    const { assets } = cli(db, 'asset', 'list', '--cabinet', CABINET);
    const used = new Set();
    for (const a of assets) for (let u = a.start_u; u < a.start_u + a.u_height; u += 1) used.add(u);
    const free = [...Array(40).keys()].map((i) => i + 1).find((u) => !used.has(u) && !used.has(u + 1));

    await byTestId(browser, 'place-search').setValue('ZWY-000078');
    await pick(browser, 'ZWY-000078');
    await byTestId(browser, 'place-u').setValue(String(free));
    const answer = byTestId(browser, 'check-answer');
    try {
      await answer.waitForDisplayed({ timeout: 5_000 });
    } catch (err) {
      await screenshot(browser, 'power-refusal-failed');
      throw err;
    }
    await browser.waitUntil(async () => (await answer.getAttribute('data-verdict')) === 'refused', {
      timeout: 5_000,
      timeoutMsg: `racking into the critical cabinet was not refused: ${await answer.getText()}`,
    });
    const reasons = await byTestId(browser, 'check-reasons').getText();
    assert.match(reasons, new RegExp(`机柜 ${CABINET}`));
    assert.match(reasons, /告警|超载/);
    const confirm = byTestId(browser, 'place-confirm');
    assert.equal(await confirm.isEnabled(), false, 'refused: nothing to confirm without a reason');
    // A power refusal may be overridden, with a reason for the audit log.
    assert.equal(await byTestId(browser, 'override-reason').isDisplayed(), true);
    await screenshot(browser, 'power-refusal');
    const still = cli(db, 'asset', 'show', 'ZWY-000078');
    assert.equal(still.cabinet ?? null, null, 'nothing was written');
  });
});

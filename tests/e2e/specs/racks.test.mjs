// 机柜: open a cabinet of a demo site and see its devices at the right U (checked against the
// command line's answer), place an unracked asset at a free U, and see an occupied U refused
// with the occupant named. On a team ledger (E2E_ENGINE=postgres) racking by hand without a
// confirmed 附件5 takes the emergency path (紧急操作) the placement panel offers, with a reason.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { byTestId, CLI, demoDb, launch, screenshot, TEAM } from '../lib/harness.mjs';

const CABINET = 'A01';

function cli(db, ...args) {
  return JSON.parse(execFileSync(CLI, ['--db', db, '--json', ...args], { encoding: 'utf8' }));
}

/** `U21` or `U21–U22`, as the UI writes positions (ui.md). */
function uLabel(start, height) {
  return height === 1 ? `U${start}` : `U${start}–U${start + height - 1}`;
}

/** The lowest start U where `height` units are free on both faces of the cabinet. */
function freeStart(devices, total, height) {
  const used = new Set();
  for (const d of devices) for (let u = d.start_u; u < d.start_u + d.u_height; u += 1) used.add(u);
  for (let s = 1; s + height - 1 <= total; s += 1) {
    let ok = true;
    for (let u = s; u < s + height; u += 1) if (used.has(u)) ok = false;
    if (ok) return s;
  }
  throw new Error('no free slot');
}

async function openCabinet(browser, code) {
  await byTestId(browser, 'nav-racks').click();
  const card = browser.$(`[data-testid="cabinet-card"][data-cabinet="${code}"]`);
  await card.waitForDisplayed({ timeout: 10_000 });
  await card.click();
  await browser.$(`[data-testid="elevation"][data-cabinet="${code}"]`).waitForDisplayed({ timeout: 10_000 });
}

/** On a team ledger: the emergency path's reason, in the open placement panel. */
async function emergencyOnTeam(browser) {
  if (TEAM) await byTestId(browser, 'place-emergency').setValue('端到端测试：无附件5的手工上架');
}

async function startPlacing(browser, tag, u) {
  await byTestId(browser, 'racks-place').click();
  await byTestId(browser, 'placement-panel').waitForDisplayed({ timeout: 5_000 });
  await emergencyOnTeam(browser);
  await byTestId(browser, 'place-search').setValue(tag);
  await pick(browser, tag);
  const input = byTestId(browser, 'place-u');
  await input.clearValue();
  await input.setValue(String(u));
  const answer = byTestId(browser, 'check-answer');
  await answer.waitForDisplayed({ timeout: 5_000 });
  return answer;
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

describe('racks', () => {
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

  it('opens a cabinet and shows every device at the U the ledger has', async () => {
    const { browser } = app;
    await openCabinet(browser, CABINET);
    const { assets } = cli(db, 'asset', 'list', '--cabinet', CABINET);
    const racked = assets.filter((a) => a.u_height > 0);
    assert.ok(racked.length > 5, 'the demo cabinet holds devices');
    for (const a of racked) {
      const block = browser.$(`[data-testid="elev-device"][data-tag="${a.asset_tag}"][data-face="${a.face}"]`);
      assert.ok(await block.isExisting(), `${a.asset_tag} is drawn on its ${a.face} face`);
      assert.equal(await block.getAttribute('data-start-u'), String(a.start_u), `${a.asset_tag} start U`);
      const label = await block.$('[data-testid="elev-ulabel"]').getText();
      assert.equal(label.trim(), uLabel(a.start_u, a.u_height), `${a.asset_tag} U label`);
      // Half-depth devices are drawn on their own face only.
      const other = a.face === 'front' ? 'rear' : 'front';
      const onOther = await browser.$(`[data-testid="elev-device"][data-tag="${a.asset_tag}"][data-face="${other}"]`).isExisting();
      assert.equal(onOther, a.depth === 'full', `${a.asset_tag} (${a.depth}) on the ${other} face`);
    }
    // 0U devices are listed beside the drawing.
    for (const a of assets.filter((x) => x.u_height === 0)) {
      assert.ok(await browser.$(`[data-testid="zero-u-device"][data-tag="${a.asset_tag}"]`).isExisting(), `${a.asset_tag} listed as 0U`);
    }
    // A device opens its details.
    const first = racked[0];
    await browser.$(`[data-testid="elev-device"][data-tag="${first.asset_tag}"][data-face="${first.face}"] rect`).click();
    const detail = browser.$(`[data-testid="device-detail"][data-tag="${first.asset_tag}"]`);
    await detail.waitForDisplayed({ timeout: 5_000 });
    assert.match(await byTestId(browser, 'detail-position').getText(), new RegExp(`^${CABINET}-U${first.start_u}`));
    await screenshot(browser, 'racks-elevation');
    await browser.keys('Escape');
    await detail.waitForDisplayed({ reverse: true, timeout: 5_000 });
  });

  it('places an unracked asset at a free U and shows it there', async () => {
    const { browser } = app;
    const { assets: unracked } = cli(db, 'asset', 'list', '--query', 'ZWY-000076');
    const asset = unracked.find((a) => a.asset_tag === 'ZWY-000076');
    assert.ok(asset && !asset.cabinet, 'ZWY-000076 starts unracked');
    const { assets } = cli(db, 'asset', 'list', '--cabinet', CABINET);
    const u = freeStart(assets.filter((a) => a.u_height > 0), 42, asset.u_height);

    const answer = await startPlacing(browser, asset.asset_tag, u);
    await browser.waitUntil(async () => (await answer.getAttribute('data-verdict')) !== 'refused', {
      timeout: 5_000,
      timeoutMsg: `placing at U${u} was refused: ${await answer.getText()}`,
    });
    await screenshot(browser, 'racks-place-check');
    const confirm = byTestId(browser, 'place-confirm');
    assert.equal(await confirm.isEnabled(), true);
    await confirm.click();

    const block = browser.$(`[data-testid="elev-device"][data-tag="${asset.asset_tag}"][data-face="front"]`);
    await block.waitForExist({ timeout: 5_000 });
    assert.equal((await block.$('[data-testid="elev-ulabel"]').getText()).trim(), uLabel(u, asset.u_height));
    const after = cli(db, 'asset', 'show', asset.asset_tag);
    assert.equal(after.cabinet ?? after.asset?.cabinet, CABINET);
    await screenshot(browser, 'racks-placed');
  });

  it('refuses an occupied U and names the asset already there', async () => {
    const { browser } = app;
    const { assets } = cli(db, 'asset', 'list', '--cabinet', CABINET);
    const occupant = assets.find((a) => a.u_height > 0 && a.depth === 'full');
    const answer = await startPlacing(browser, 'ZWY-000077', occupant.start_u);
    await browser.waitUntil(async () => (await answer.getAttribute('data-verdict')) === 'refused', {
      timeout: 5_000,
      timeoutMsg: 'the occupied U was not refused',
    });
    assert.match(await byTestId(browser, 'check-reasons').getText(), new RegExp(occupant.asset_tag));
    assert.match(await byTestId(browser, 'check-conflicts').getText(), new RegExp(occupant.asset_tag));
    assert.equal(await byTestId(browser, 'place-confirm').isEnabled(), false, 'space can never be overridden');
    assert.equal(await byTestId(browser, 'override-reason').isExisting(), false);
    await screenshot(browser, 'racks-refusal');
    const still = cli(db, 'asset', 'show', 'ZWY-000077');
    assert.equal(still.cabinet ?? still.asset?.cabinet ?? null, null, 'nothing was written');
  });

  it('moves a device from its details, checked first, then unracks it', async () => {
    const { browser } = app;
    const tag = 'ZWY-000076';
    const before = cli(db, 'asset', 'show', tag);
    assert.equal(before.cabinet, CABINET, 'placed by the earlier test');
    // Esc closes the refused placement left open by the previous test.
    await browser.keys('Escape');
    await byTestId(browser, 'placement-panel').waitForExist({ reverse: true, timeout: 5_000 });
    await browser.$(`[data-testid="elev-device"][data-tag="${tag}"][data-face="front"] rect`).click();
    await browser.$(`[data-testid="device-detail"][data-tag="${tag}"]`).waitForDisplayed({ timeout: 5_000 });
    await byTestId(browser, 'device-move').click();
    await byTestId(browser, 'placement-panel').waitForDisplayed({ timeout: 5_000 });
    await emergencyOnTeam(browser);

    const { assets } = cli(db, 'asset', 'list', '--cabinet', CABINET);
    const others = assets.filter((a) => a.u_height > 0 && a.asset_tag !== tag);
    const used = new Set();
    for (const a of others) for (let u = a.start_u; u < a.start_u + a.u_height; u += 1) used.add(u);
    const to = [...Array(40).keys()].map((i) => 41 - i).find((u) => u !== before.start_u && [0, 1].every((k) => !used.has(u + k) && u + k <= 42));
    const input = byTestId(browser, 'place-u');
    await input.clearValue();
    await input.setValue(String(to));
    const answer = byTestId(browser, 'check-answer');
    await answer.waitForDisplayed({ timeout: 5_000 });
    await browser.waitUntil(async () => (await answer.getAttribute('data-verdict')) !== 'refused', { timeout: 5_000 });
    await byTestId(browser, 'place-confirm').click();
    const block = browser.$(`[data-testid="elev-device"][data-tag="${tag}"][data-face="front"]`);
    await browser.waitUntil(async () => (await block.getAttribute('data-start-u')) === String(to), {
      timeout: 5_000,
      timeoutMsg: `${tag} was not redrawn at U${to}`,
    });
    assert.equal(cli(db, 'asset', 'show', tag).start_u, to);

    await byTestId(browser, 'device-unrack').click();
    await byTestId(browser, 'unrack-confirm').click();
    await block.waitForExist({ reverse: true, timeout: 5_000 });
    assert.equal(cli(db, 'asset', 'show', tag).cabinet ?? null, null);
  });
});

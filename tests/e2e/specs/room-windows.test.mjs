// A room larger than a window (issue 18, payloads): the power map, the power table and the
// racks view's cabinets arrive a window at a time and the rest as the user scrolls; the counts
// in the power view's header are the core's over the whole room, and a count clicked filters
// the table in the core (every row then in that status, as many rows as the count).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { byTestId, CLI, demoDb, launch, screenshot } from '../lib/harness.mjs';

/** The window the views ask for (recordWindow.ts WINDOW, the core's default). */
const WINDOW = 200;

function cli(db, ...args) {
  return JSON.parse(execFileSync(CLI, ['--db', db, '--json', ...args], { encoding: 'utf8' }));
}

const count = async (browser, testid) => (await browser.$$(`[data-testid="${testid}"]`)).length;

/** Scrolls the list's foot into view until the list holds `want` rows. */
async function scrollUntil(browser, foot, testid, want) {
  await browser.waitUntil(
    async () => {
      const el = byTestId(browser, foot);
      if (await el.isExisting()) await el.scrollIntoView();
      return (await count(browser, testid)) >= want;
    },
    { timeout: 20_000, interval: 300, timeoutMsg: `${testid}: never reached ${want} rows` },
  );
}

describe('a room larger than a window', () => {
  let app;
  let db;
  let room;
  let expected;

  before(async () => {
    db = demoDb({ cabinets: 600, devices: 1200, seed: 2 });
    room = cli(db, 'power').cabinets[0].room;
    // Three cabinets of the room over their capacity: a status for the filter to find.
    for (const c of cli(db, 'power').cabinets.filter((x) => x.room === room).slice(0, 3)) {
      execFileSync(CLI, ['--db', db, 'reading', c.cabinet, '99'], { stdio: 'ignore' });
    }
    const all = cli(db, 'power');
    expected = all.cabinets.filter((c) => c.room === room);
    assert.ok(expected.length > WINDOW, `the room holds ${expected.length} cabinets`);
    app = await launch(['--db', db]);
    await byTestId(app.browser, 'app-shell').waitForDisplayed({ timeout: 15_000 });
  });

  after(async () => {
    await app?.close();
  });

  it('draws the power map and the table a window at a time, the rest as the user scrolls', async () => {
    const { browser } = app;
    await byTestId(browser, 'nav-power').click();
    await browser.$('[data-testid="power-tile"]').waitForDisplayed({ timeout: 15_000 });
    await browser.waitUntil(async () => (await count(browser, 'power-row')) > 0, { timeout: 10_000 });
    assert.ok((await count(browser, 'power-tile')) <= WINDOW, 'the first window only');
    assert.equal(await count(browser, 'power-row'), WINDOW);

    // The header's counts are the whole room's.
    const byStatus = {};
    for (const c of expected) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
    for (const [status, n] of Object.entries(byStatus)) {
      const chip = browser.$(`[data-testid="power-count"][data-status="${status}"]`);
      assert.equal(Number(await chip.getAttribute('data-count')), n, status);
    }

    await scrollUntil(browser, 'power-tiles-more', 'power-tile', expected.length);
    assert.equal(await count(browser, 'power-tile'), expected.length, 'every cabinet once');
    await scrollUntil(browser, 'power-table-more', 'power-row', expected.length);
    assert.equal(await count(browser, 'power-row'), expected.length);
    await screenshot(browser, 'room-windows-power');
  });

  it('filters the table by a count of the header, in the core', async () => {
    const { browser } = app;
    const status = 'over';
    const n = expected.filter((c) => c.status === status).length;
    assert.equal(n, 3);
    await browser.$(`[data-testid="power-count"][data-status="${status}"]`).click();
    await browser.waitUntil(async () => (await count(browser, 'power-row')) === Math.min(n, WINDOW), {
      timeout: 10_000,
      timeoutMsg: `the table never showed the ${n} ${status} cabinets`,
    });
    for (const row of await browser.$$('[data-testid="power-row"]')) {
      assert.equal(await row.getAttribute('data-status'), status);
    }
    await browser.$(`[data-testid="power-count"][data-status="${status}"]`).click();
    await browser.waitUntil(async () => (await count(browser, 'power-row')) >= WINDOW, { timeout: 10_000 });
  });

  it('lists the racks view cabinets a window at a time', async () => {
    const { browser } = app;
    await byTestId(browser, 'nav-racks').click();
    await browser.$('[data-testid="cabinet-card"]').waitForDisplayed({ timeout: 15_000 });
    assert.equal(await count(browser, 'cabinet-card'), WINDOW);
    await scrollUntil(browser, 'cabinets-more', 'cabinet-card', expected.length);
    assert.equal(await count(browser, 'cabinet-card'), expected.length);
    const last = [...expected].map((c) => c.cabinet).sort().at(-1);
    await browser.$(`[data-testid="cabinet-card"][data-cabinet="${last}"]`).click();
    await browser.$(`[data-testid="elevation"][data-cabinet="${last}"]`).waitForDisplayed({ timeout: 10_000 });
    await screenshot(browser, 'room-windows-racks');
  });

  it('shows the port pool of the room a window of cabinets at a time, with their switches', async () => {
    const { browser } = app;
    const pool = cli(db, 'port', 'pool', '--room', room);
    await byTestId(browser, 'nav-power').click();
    await browser.$('[data-testid="power-layer"][data-layer="ports"]').click();
    await browser.$('[data-testid="pool-cabinet"]').waitForDisplayed({ timeout: 15_000 });
    const total = byTestId(browser, 'port-pool-total');
    assert.equal(Number(await total.getAttribute('data-free')), pool.total.free, 'the room\'s totals');
    const shown = await count(browser, 'pool-cabinet');
    assert.equal(shown, Math.min(pool.cabinets.length, WINDOW));
    assert.ok((await count(browser, 'pool-switch')) >= shown, 'each cabinet with its switches');
    await byTestId(browser, 'port-pool').scrollIntoView();
    await screenshot(browser, 'room-windows-pool');
  });
});

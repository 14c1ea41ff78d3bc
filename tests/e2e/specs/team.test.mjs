// 团队数据库: the app, started on a file, connects to a PostgreSQL team ledger through
// 连接团队数据库… as one login (赵工, password typed for the session), then sees another login's
// (王工) racking, done on the command line meanwhile, within 2 seconds, and names who did it;
// the audit log names each login. The spec starts a throwaway PostgreSQL cluster of its
// own (tests/pg-cluster), or uses RACKLEDGER_TEST_PG when it names a running one.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { byTestId, freshDbPath, launch, screenshot } from '../lib/harness.mjs';
import { fillDialog, teamLedger } from '../lib/team.mjs';

// Logins are the cluster's, not the database's: on a shared cluster (RACKLEDGER_TEST_PG) they
// must not be those of chain-team.test.mjs (王总, 李工 idc, 张工), whose roles they would change.
const PASSWORDS = { 王工: 'pw-wang', 赵工: 'pw-zhao' };

describe('team ledger (PostgreSQL)', () => {
  let app;
  let team;
  const cli = (...a) => team.cli(...a);

  before(async () => {
    team = teamLedger(`e2e_team_${process.pid}`);
    cli('postgres', '', 'demo', '--cabinets', '4', '--devices', '20', '--seed', '5');
    cli('postgres', '', 'team', 'init');
    for (const [login, pw] of Object.entries(PASSWORDS)) team.addLogin(login, ['hardware'], pw);
    app = await launch(['--db', freshDbPath('team-start')]);
  });

  after(async () => {
    await app?.close();
    team?.stop();
  });

  it('connects to the team ledger with a password typed for the session', async () => {
    const { browser } = app;
    await byTestId(browser, 'app-shell').waitForDisplayed({ timeout: 15_000 });
    await byTestId(browser, 'status-db-path').click();
    await byTestId(browser, 'db-team').click();
    // A wrong password first: the core's Chinese refusal, and the file stays open.
    await fillDialog(browser, team, '赵工', 'wrong');
    await byTestId(browser, 'team-connect-go').click();
    await byTestId(browser, 'team-error').waitForDisplayed({ timeout: 10_000 });
    assert.match(await byTestId(browser, 'team-error').getText(), /密码/);
    await screenshot(browser, 'team-connect-refused');
    await byTestId(browser, 'team-password').setValue(PASSWORDS['赵工']);
    await byTestId(browser, 'team-connect-go').click();
    await byTestId(browser, 'team-connect').waitForDisplayed({ reverse: true, timeout: 10_000 });
    await browser.waitUntil(async () => (await byTestId(browser, 'status-db-path').getText()) === team.dbName, {
      timeout: 10_000,
      timeoutMsg: 'the status bar never named the team ledger',
    });
    // The window listens to the team ledger before anyone changes it.
    await byTestId(browser, 'status-team-live').waitForDisplayed({ timeout: 10_000 });
    const full = await browser.$('[data-testid="status-db"]').getAttribute('title');
    assert.ok(!full.includes(PASSWORDS['赵工']), `no password in the status bar: ${full}`);
  });

  it("shows another login's racking within 2 seconds and says who did it", async () => {
    const { browser } = app;
    await browser.$('[data-testid="ledger-row"]').waitForDisplayed({ timeout: 15_000 });
    assert.equal(await byTestId(browser, 'operator-edit').getText(), '赵工', 'the login is the operator');
    // A device in stock and a free slot for it, from the command line's answers.
    const stock = cli('王工', PASSWORDS['王工'], 'asset', 'list', '--limit', '1000').assets.find((a) => !a.position && a.status === 'in_stock');
    assert.ok(stock, 'the demo has a device in stock');
    const cabinets = cli('王工', PASSWORDS['王工'], 'power').cabinets.map((c) => c.cabinet);
    let placed = null;
    for (const cab of cabinets) {
      for (let u = 40; u >= 1 && !placed; u -= 1) {
        try {
          cli('王工', PASSWORDS['王工'], 'place', stock.asset_tag, cab, String(u), '--emergency', '端到端测试');
          placed = { cab, u };
        } catch {
          // occupied or over power: try the next unit
        }
      }
      if (placed) break;
    }
    assert.ok(placed, 'some unit took the device');
    const started = Date.now();
    const note = byTestId(browser, 'status-last-change');
    await browser.waitUntil(async () => (await note.isExisting()) && (await note.getText()).includes('王工'), {
      timeout: 2_000,
      interval: 100,
      timeoutMsg: "the window did not show 王工's change within 2 s",
    });
    const took = Date.now() - started;
    assert.ok((await note.getText()).includes(stock.asset_tag), await note.getText());
    await screenshot(browser, 'team-live-change');
    console.log(`team: the change showed after ${took} ms`);
    // The audit log names each login.
    const audit = cli('赵工', PASSWORDS['赵工'], 'audit', '--limit', '20').audit;
    assert.ok(audit.some((e) => e.operator === '王工' && e.entity_key === stock.asset_tag), JSON.stringify(audit.slice(0, 3)));
  });
});

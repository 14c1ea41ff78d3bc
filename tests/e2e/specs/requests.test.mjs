// 上架申请: a racking request filed in the window, submitted, approved with the core's check
// shown first, reviewed, its 附件5 filed and confirmed, and executed (the whole chain, with the
// 附件5 in full, is chain.test.mjs); the command line sees the reservation while it is approved (a
// conflicting placement refused, naming the request) and the device racked afterwards.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { byTestId, CLI, freshDbPath, launch, OPERATOR, screenshot, TEAM } from '../lib/harness.mjs';

function cli(db, ...args) {
  return JSON.parse(execFileSync(CLI, ['--db', db, '--json', ...args], { encoding: 'utf8' }));
}

/** The operator the app acts as: the OS user on a file, the login on a team ledger. */
const ME = OPERATOR;

async function state(browser) {
  const el = byTestId(browser, 'req-state');
  await el.waitForDisplayed({ timeout: 10_000 });
  return el.getAttribute('data-state');
}

async function waitState(browser, want) {
  await browser.waitUntil(async () => (await state(browser)) === want, {
    timeout: 10_000,
    timeoutMsg: `request never became ${want}`,
  });
}

describe('racking requests', () => {
  let app;
  let db;

  before(async () => {
    db = freshDbPath('requests');
    cli(db, 'room', 'add', '一号机房');
    cli(db, 'cabinet', 'add', 'A01', '--room', '一号机房', '--rated-kw', '4.4');
    for (const tag of ['N1', 'X1']) {
      cli(db, 'asset', 'add', tag, `name=${tag}-web`, 'category=server', 'vendor=华为', 'model=2288H V6',
        `serial=SN-${tag}`, 'rated_w=800', 'owner=政务云平台', 'u_height=2');
    }
    cli(db, 'settings', 'set', 'approvers', `王总,${ME}`);
    app = await launch(['--db', db]);
    await byTestId(app.browser, 'app-shell').waitForDisplayed({ timeout: 15_000 });
  });

  after(async () => {
    await app?.close();
  });

  it('files, submits, approves (check shown) and executes a request through the window', async () => {
    const { browser } = app;
    await byTestId(browser, 'nav-requests').click();
    await byTestId(browser, 'requests-view').waitForDisplayed({ timeout: 10_000 });
    await byTestId(browser, 'req-new').click();
    await byTestId(browser, 'req-org').setValue('市大数据局');
    await byTestId(browser, 'req-applicant').setValue('张三');
    await byTestId(browser, 'req-row-tag').setValue('N1');
    await byTestId(browser, 'req-row-cabinet').setValue('A01');
    await byTestId(browser, 'req-row-u').setValue('10');
    await byTestId(browser, 'req-save').click();
    await waitState(browser, 'draft');
    const no = await byTestId(browser, 'req-no').getText();
    assert.match(no, /^SQ-\d{4}-0001$/);

    await byTestId(browser, 'req-submit').click();
    await waitState(browser, 'pending');
    // The core's check of every row, shown before approving.
    const check = byTestId(browser, 'req-check');
    await check.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await check.getAttribute('data-verdict'), 'ok');
    assert.ok(await byTestId(browser, 'check-answer').isDisplayed());
    await screenshot(browser, 'requests-pending');

    await byTestId(browser, 'req-approve').click();
    await waitState(browser, 'approved');
    await screenshot(browser, 'requests-approved');

    // While approved, the units are reserved: a conflicting placement is refused naming it (on a
    // team ledger racking by hand takes the emergency path, which the reservation refuses too).
    const byHand = TEAM ? ['--emergency', '端到端测试'] : [];
    const placed = spawnSync(CLI, ['--db', db, '--json', 'place', 'X1', 'A01', '11', ...byHand], { encoding: 'utf8' });
    assert.equal(placed.status, 1);
    assert.ok(JSON.parse(placed.stdout).error.message.includes(no), placed.stdout);

    // The racks elevation shows the reserved units hatched, with the request number.
    await byTestId(browser, 'nav-racks').click();
    const card = browser.$('[data-testid="cabinet-card"][data-cabinet="A01"]');
    await card.waitForDisplayed({ timeout: 10_000 });
    await card.click();
    const reserved = browser.$(`[data-testid="elev-reserved"][data-request="${no}"]`);
    await reserved.waitForExist({ timeout: 10_000 });
    assert.equal(await reserved.getAttribute('data-u'), '10');
    await screenshot(browser, 'requests-reserved-elevation');
    await byTestId(browser, 'nav-requests').click();
    await browser.$(`[data-testid="req-item"][data-no="${no}"]`).click();
    await waitState(browser, 'approved');

    await byTestId(browser, 'req-review').click();
    await waitState(browser, 'reviewed');
    await byTestId(browser, 'op-save').click();
    await byTestId(browser, 'op-summary').waitForDisplayed({ timeout: 10_000 });
    await byTestId(browser, 'req-confirm').click();
    await waitState(browser, 'confirmed');

    await byTestId(browser, 'req-execute').click();
    await waitState(browser, 'executed');
    await byTestId(browser, 'req-notice').waitForDisplayed({ timeout: 10_000 });
    const n1 = cli(db, 'asset', 'show', 'N1');
    assert.equal(n1.position.cabinet, 'A01');
    assert.equal(n1.position.start_u, 10);
    assert.deepEqual(cli(db, 'cabinet', 'show', 'A01').reserved, []);
    await screenshot(browser, 'requests-executed');
  });
});

// The approval chain (issue 16) on a single-file ledger, every step in the window: 草稿 → 待审批 →
// 已批准 (director) → 已审核 (机房审核, IDC) → its 附件5 filled in full and 已确认 (director) → 已上架
// (hardware) → 已验收. The navigation counts each queue (待我审批 … 待我验收) as the core answers it;
// the app says once that a single file does not separate roles; the request's timeline lists
// every step with who, when and what the check said. The command line reads the result back.
// Racking by hand on the emergency path (紧急操作) records its reason.
//
// On a team ledger (E2E_ENGINE=postgres) the operator is the login, the role note is absent, and
// the executor may not accept: the window says so, and a second login accepts on the command line.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { addLogin, byTestId, CLI, freshDbPath, launch, OPERATOR, screenshot, TEAM } from '../lib/harness.mjs';
import { fill, fillOperation, waitState } from '../lib/chain.mjs';

function cli(db, ...args) {
  return JSON.parse(execFileSync(CLI, ['--db', db, '--json', ...args], { encoding: 'utf8' }));
}

/** The operator the app acts as: the OS user on a file, the login on a team ledger. */
const ME = OPERATOR;

/** Waits until the navigation's queue shows `n`. */
async function waitQueue(browser, queue, n) {
  await browser.waitUntil(async () => (await byTestId(browser, `queue-${queue}`).getAttribute('data-count')) === String(n), {
    timeout: 10_000,
    timeoutMsg: `queue ${queue} never showed ${n}`,
  });
}

describe('the approval chain', () => {
  let app;
  let db;

  before(async () => {
    db = freshDbPath('chain');
    cli(db, 'room', 'add', '一号机房');
    cli(db, 'rowhead', 'add', 'RH-A', '--room', '一号机房', '--capacity-kw', '5');
    cli(db, 'cabinet', 'add', 'A01', '--room', '一号机房', '--rated-kw', '4.4', '--feed-a', 'RH-A');
    cli(db, 'asset', 'add', 'N1', 'name=N1-web', 'category=server', 'vendor=华为', 'model=2288H V6', 'serial=SN-N1',
      'rated_w=800', 'owner=政务云平台', 'u_height=2');
    cli(db, 'asset', 'add', 'SW1', 'name=SW1-tor', 'category=switch', 'vendor=华三', 'model=S6850', 'serial=SN-SW1',
      'rated_w=200', 'owner=政务云平台');
    // By hand: on a team ledger without a 附件5, so on the emergency path.
    cli(db, 'place', 'SW1', 'A01', '40', ...(TEAM ? ['--emergency', '端到端测试的前提'] : []));
    cli(db, 'asset', 'add', 'X1', 'name=X1-spare', 'category=server', 'vendor=华为', 'model=1288H V6', 'serial=SN-X1',
      'rated_w=500', 'owner=政务云平台');
    cli(db, 'port', 'add', 'SW1:GE1/0/1', '--kind', 'rj45');
    cli(db, 'settings', 'set', 'approvers', ME);
    app = await launch(['--db', db]);
    await byTestId(app.browser, 'app-shell').waitForDisplayed({ timeout: 15_000 });
  });

  after(async () => {
    await app?.close();
  });

  it('drives one request through every step in the window', async () => {
    const { browser } = app;
    for (const q of ['approve', 'review', 'confirm', 'execute', 'accept']) await waitQueue(browser, q, 0);
    await byTestId(browser, 'nav-requests').click();
    await byTestId(browser, 'requests-view').waitForDisplayed({ timeout: 10_000 });
    // Said once: on a single file everyone holds every role (a team ledger's roles separate people).
    if (TEAM) {
      assert.equal(await byTestId(browser, 'role-note').isExisting(), false, 'no single-file note on a team ledger');
    } else {
      assert.equal(await byTestId(browser, 'role-note').getText(), '单机账本：不区分角色');
    }

    // 草稿 → 待审批
    await byTestId(browser, 'req-new').click();
    await fill(browser, 'req-org', '市大数据局');
    await fill(browser, 'req-applicant', '张三');
    await fill(browser, 'req-row-tag', 'N1');
    await fill(browser, 'req-row-cabinet', 'A01');
    await fill(browser, 'req-row-u', '10');
    await byTestId(browser, 'req-save').click();
    await waitState(browser, 'draft');
    const no = await byTestId(browser, 'req-no').getText();
    await byTestId(browser, 'req-submit').click();
    await waitState(browser, 'pending');
    await waitQueue(browser, 'approve', 1);

    // 已批准 by the director, after the core's check.
    assert.equal(await byTestId(browser, 'req-check').getAttribute('data-verdict'), 'ok');
    await byTestId(browser, 'req-approve').click();
    await waitState(browser, 'approved');
    await waitQueue(browser, 'review', 1);
    await waitQueue(browser, 'approve', 0);

    // 机房审核 by the IDC engineer: the check of the cabinet and its row-head shown first.
    assert.equal(await byTestId(browser, 'req-check').getAttribute('data-verdict'), 'ok');
    await byTestId(browser, 'req-review').click();
    await waitState(browser, 'reviewed');
    await waitQueue(browser, 'confirm', 1);
    assert.ok((await byTestId(browser, 'req-reviewer').getText()).startsWith(ME));

    // 附件5 in full, then confirmed by the director.
    assert.equal(await byTestId(browser, 'req-confirm').isEnabled(), false, 'no 附件5 yet');
    await fillOperation(browser);
    await screenshot(browser, 'chain-operation-form');
    await byTestId(browser, 'op-save').click();
    const summary = byTestId(browser, 'op-summary');
    await summary.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await summary.getAttribute('data-confirmed'), 'no');
    await byTestId(browser, 'req-confirm').click();
    await waitState(browser, 'confirmed');
    await browser.waitUntil(async () => (await byTestId(browser, 'op-summary').getAttribute('data-confirmed')) === 'yes', {
      timeout: 10_000,
    });
    await waitQueue(browser, 'execute', 1);

    // 已上架 by the hardware engineer: racked, cabled, in one transaction.
    await byTestId(browser, 'req-execute').click();
    await waitState(browser, 'executed');
    // On a team ledger 验收 is someone else's: not in the executor's queue.
    await waitQueue(browser, 'accept', TEAM ? 0 : 1);

    // 已验收: on a single file the same person may accept.
    let acceptor = ME;
    if (TEAM) {
      // The executor is not offered 验收 (the core's `mine`), and the request stays 已上架 …
      assert.equal(await byTestId(browser, 'req-accept').isExisting(), false, 'the executor is offered 验收');
      await screenshot(browser, 'chain-accept-same-person');
      assert.equal(await byTestId(browser, 'req-state').getAttribute('data-state'), 'executed');
      // … until another login accepts it (on the command line), which the window then shows.
      acceptor = `e2e_director_${process.pid}`;
      const other = addLogin(db, acceptor, ['director']);
      execFileSync(CLI, ['--db', other.url, '--json', 'request', 'accept', no], { env: other.env, stdio: 'ignore' });
      await byTestId(browser, 'nav-racks').click();
      await byTestId(browser, 'nav-requests').click();
      await browser.$(`[data-testid="req-item"][data-no="${no}"]`).click();
    } else {
      await byTestId(browser, 'req-accept').click();
    }
    await waitState(browser, 'accepted');
    for (const q of ['approve', 'review', 'confirm', 'execute', 'accept']) await waitQueue(browser, q, 0);
    assert.ok((await byTestId(browser, 'req-acceptor').getText()).startsWith(acceptor));

    // The timeline: every step, who, as which role, what the check said then.
    await browser.waitUntil(async () => (await browser.$$('[data-testid="req-step"]').length) === 7, { timeout: 10_000 });
    const steps = await browser.$$('[data-testid="req-step"]').map((s) => s.getAttribute('data-step'));
    assert.deepEqual(steps, ['create', 'submit', 'approve', 'review', 'confirm', 'execute', 'accept']);
    const roles = await browser.$$('[data-testid="req-step"]').map((s) => s.getAttribute('data-role'));
    assert.deepEqual(roles, ['', 'hardware', 'director', 'idc', 'director', 'hardware', 'director']);
    assert.equal(await browser.$$('[data-testid="req-step-verdict"]').length, 2, 'approval and review carry their check');
    await byTestId(browser, 'req-timeline').scrollIntoView();
    await screenshot(browser, 'chain-accepted-timeline');

    // The command line sees the same ledger.
    const timeline = cli(db, 'request', 'timeline', no);
    assert.equal(timeline.steps.length, 7);
    assert.equal(timeline.steps[6].operator, acceptor);
    const n1 = cli(db, 'asset', 'show', 'N1');
    assert.equal(n1.position.start_u, 10);
    const ops = cli(db, 'operation', 'list', '--request', no).operations;
    assert.equal(ops[0].approver, ME);
    assert.equal(ops[0].positions[0].pdu_a, 'PDU-A01-A:07');
    assert.deepEqual(
      [ops[0].cables[0].via, ops[0].cables[0].purpose, ops[0].cables[0].vlan, ops[0].cables[0].length_m],
      ['PP-A01:R1', '业务网', '100', 3.5],
    );
    assert.equal(cli(db, 'cable', 'show', 'C-0001').cable.a.label, 'A01-10-eth0');
  });

  it('racks a device by hand on the emergency path, with its reason recorded', async () => {
    const { browser } = app;
    await byTestId(browser, 'nav-racks').click();
    const card = browser.$('[data-testid="cabinet-card"][data-cabinet="A01"]');
    await card.waitForDisplayed({ timeout: 10_000 });
    await card.click();
    await byTestId(browser, 'racks-place').click();
    await byTestId(browser, 'placement-panel').waitForDisplayed({ timeout: 5_000 });
    await byTestId(browser, 'place-search').setValue('X1');
    await browser.waitUntil(
      async () => {
        const cand = browser.$('[data-testid="place-candidate"][data-tag="X1"]');
        if (!(await cand.isExisting())) return false;
        try {
          await cand.click();
        } catch {
          return false;
        }
        const chosen = byTestId(browser, 'place-chosen');
        return (await chosen.isExisting()) && (await chosen.getText()).includes('X1');
      },
      { timeout: 8_000, interval: 250 },
    );
    const u = byTestId(browser, 'place-u');
    await u.clearValue();
    await u.setValue('20');
    await byTestId(browser, 'check-answer').waitForDisplayed({ timeout: 5_000 });
    await fill(browser, 'place-emergency', '业务中断，抢修替换');
    await byTestId(browser, 'place-confirm').click();
    await byTestId(browser, 'placement-panel').waitForExist({ reverse: true, timeout: 5_000 });
    const audit = cli(db, 'audit', '--entity', 'asset', '--key', 'X1').audit;
    const placed = audit.find((e) => e.action === 'asset.place');
    assert.equal(placed.reason, '紧急操作：业务中断，抢修替换');
    assert.equal(cli(db, 'asset', 'show', 'X1').position.start_u, 20);
  });
});

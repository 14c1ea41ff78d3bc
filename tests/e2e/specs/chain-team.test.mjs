// The approval chain (issue 16) on a team ledger (PostgreSQL), three logins, every step in the
// window under its own login: 张工 (hardware) files and submits the request; 王总 (director)
// approves; 李工 (idc) does 机房审核; 张工 files the 附件5 in full; 王总 confirms it; 张工 executes
// (已上架); 王总 accepts (已验收: someone other than the executor). The one window reconnects
// through 连接团队数据库… for each login. In each: the navigation's queues count what that login
// may do, the request offers only the buttons of steps that login may take (the core's
// `mine`), and a step it may not take, asked of the app directly, is refused naming the role
// needed. The timeline names each login with its role and time. The exported 附件2 and 附件5 are
// opened in LibreOffice and carry every name and time.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { byTestId, freshDbPath, launch, screenshot, SHOTS, TMP } from '../lib/harness.mjs';
import { connectAs, teamLedger } from '../lib/team.mjs';
import { fill, fillOperation, waitState } from '../lib/chain.mjs';

// A cluster's logins are shared by its databases: team.test.mjs uses other names (王工, 赵工), so
// each login here holds only the role given to it, on a shared cluster (RACKLEDGER_TEST_PG) too.
const LOGINS = {
  王总: { roles: ['director'], password: 'pw-wangzong' },
  李工: { roles: ['idc'], password: 'pw-ligong' },
  张工: { roles: ['hardware'], password: 'pw-zhanggong' },
};
const QUEUES = ['approve', 'review', 'confirm', 'execute', 'accept'];
/** Every step button the request view may offer. */
const BUTTONS = ['submit', 'approve', 'review', 'confirm', 'execute', 'accept', 'reject', 'cancel'];

/** Waits until the navigation's queues show `counts` ({ approve: 1 }; the others 0). */
async function waitQueues(browser, counts) {
  for (const q of QUEUES) {
    const want = String(counts[q] ?? 0);
    await browser.waitUntil(async () => (await byTestId(browser, `queue-${q}`).getAttribute('data-count')) === want, {
      timeout: 10_000,
      timeoutMsg: `queue ${q} never showed ${want}`,
    });
  }
}

/** The step buttons the request view offers now, in BUTTONS order. */
async function offered(browser) {
  const out = [];
  for (const b of BUTTONS) if (await byTestId(browser, `req-${b}`).isExisting()) out.push(b);
  return out;
}

/** Opens request `no` from the list of the requests view. */
async function openRequest(browser, no) {
  await byTestId(browser, 'nav-requests').click();
  await byTestId(browser, 'requests-view').waitForDisplayed({ timeout: 10_000 });
  const item = browser.$(`[data-testid="req-item"][data-no="${no}"]`);
  await item.waitForDisplayed({ timeout: 10_000 });
  await item.click();
  await browser.waitUntil(async () => (await byTestId(browser, 'req-no').isExisting()) && (await byTestId(browser, 'req-no').getText()) === no, {
    timeout: 10_000,
    timeoutMsg: `request ${no} never opened`,
  });
}

/** Calls one of the app's commands directly (as a script in the window could), its error or null. */
async function invokeError(browser, cmd, args) {
  return browser.executeAsync(
    (c, a, done) => {
      window.__TAURI_INTERNALS__
        .invoke(c, a)
        .then(() => done(null))
        .catch((e) => done(e && typeof e === 'object' ? e : { code: 'unknown', message: String(e) }));
    },
    cmd,
    args,
  );
}

describe('the approval chain on a team ledger, three logins', () => {
  let app;
  let team;
  let no;
  let opNo;
  const as = (login, ...args) => team.cli(login, LOGINS[login].password, ...args);
  const su = (...args) => team.cli('postgres', '', ...args);
  const connect = (login) => connectAs(app.browser, team, login, LOGINS[login].password);

  before(async () => {
    team = teamLedger(`e2e_chain_${process.pid}`);
    // The site as in chain.test.mjs, set up by the database's administrator.
    su('room', 'add', '一号机房');
    su('rowhead', 'add', 'RH-A', '--room', '一号机房', '--capacity-kw', '5');
    su('cabinet', 'add', 'A01', '--room', '一号机房', '--rated-kw', '4.4', '--feed-a', 'RH-A');
    su('asset', 'add', 'N1', 'name=N1-web', 'category=server', 'vendor=华为', 'model=2288H V6', 'serial=SN-N1',
      'rated_w=800', 'owner=政务云平台', 'u_height=2');
    su('asset', 'add', 'SW1', 'name=SW1-tor', 'category=switch', 'vendor=华三', 'model=S6850', 'serial=SN-SW1',
      'rated_w=200', 'owner=政务云平台');
    // Already in the room before the ledger was kept: recorded on the emergency path.
    su('place', 'SW1', 'A01', '40', '--emergency', '建账前已在位');
    su('port', 'add', 'SW1:GE1/0/1', '--kind', 'rj45');
    su('settings', 'set', 'approvers', '王总');
    su('team', 'init');
    for (const [login, { roles, password }] of Object.entries(LOGINS)) team.addLogin(login, roles, password);
    app = await launch(['--db', freshDbPath('chain-team-start')]);
    await byTestId(app.browser, 'app-shell').waitForDisplayed({ timeout: 15_000 });
  });

  after(async () => {
    await app?.close();
    team?.stop();
  });

  it('张工 files and submits; cannot approve', async () => {
    const { browser } = app;
    await connect('张工');
    await waitQueues(browser, {});
    await byTestId(browser, 'nav-requests').click();
    await byTestId(browser, 'requests-view').waitForDisplayed({ timeout: 10_000 });
    // A team ledger separates roles: the single-file note is absent.
    assert.equal(await byTestId(browser, 'role-note').isExisting(), false);

    await byTestId(browser, 'req-new').click();
    await fill(browser, 'req-org', '市大数据局');
    await fill(browser, 'req-applicant', '张工');
    await fill(browser, 'req-row-tag', 'N1');
    await fill(browser, 'req-row-cabinet', 'A01');
    await fill(browser, 'req-row-u', '10');
    await byTestId(browser, 'req-save').click();
    await waitState(browser, 'draft');
    no = await byTestId(browser, 'req-no').getText();
    assert.deepEqual(await offered(browser), ['submit', 'cancel']);
    await byTestId(browser, 'req-submit').click();
    await waitState(browser, 'pending');

    // Pending: approving is the director's. No button for it, no queue, and the app's command
    // asked directly refuses naming the role.
    assert.deepEqual(await offered(browser), ['cancel']);
    await waitQueues(browser, {});
    const refused = await invokeError(browser, 'request_approve', { no, overrideReason: null, opinion: null });
    assert.equal(refused?.code, 'role_required', JSON.stringify(refused));
    assert.match(refused.message, /张工.*运维总监/);
    await screenshot(browser, 'chain-team-1-zhang-submitted');
    // So does the command line.
    const cliRefused = team.cliRefused('张工', LOGINS['张工'].password, 'request', 'approve', no);
    assert.equal(cliRefused.status, 1);
    assert.match(JSON.stringify(cliRefused.json) + cliRefused.stderr, /运维总监/);
  });

  it('王总 approves', async () => {
    const { browser } = app;
    await connect('王总');
    await waitQueues(browser, { approve: 1 });
    await openRequest(browser, no);
    assert.equal(await byTestId(browser, 'req-check').getAttribute('data-verdict'), 'ok');
    assert.deepEqual(await offered(browser), ['approve', 'reject', 'cancel']);
    await byTestId(browser, 'req-approve').click();
    await waitState(browser, 'approved');
    await waitQueues(browser, {});
    // 机房审核 is the IDC engineer's: the director may only cancel now.
    assert.deepEqual(await offered(browser), ['cancel']);
  });

  it('李工 does 机房审核', async () => {
    const { browser } = app;
    await connect('李工');
    await waitQueues(browser, { review: 1 });
    await openRequest(browser, no);
    assert.equal(await byTestId(browser, 'req-check').getAttribute('data-verdict'), 'ok');
    assert.deepEqual(await offered(browser), ['review', 'reject']);
    await byTestId(browser, 'req-review').click();
    await waitState(browser, 'reviewed');
    await waitQueues(browser, {});
    assert.deepEqual(await offered(browser), []);
    assert.ok((await byTestId(browser, 'req-reviewer').getText()).startsWith('李工'));
  });

  it('张工 files the 附件5 in full; cannot confirm it', async () => {
    const { browser } = app;
    await connect('张工');
    await waitQueues(browser, {});
    await openRequest(browser, no);
    await fillOperation(browser);
    await byTestId(browser, 'op-save').click();
    const summary = byTestId(browser, 'op-summary');
    await summary.waitForDisplayed({ timeout: 10_000 });
    assert.equal(await summary.getAttribute('data-confirmed'), 'no');
    opNo = await summary.getAttribute('data-op');
    // Confirming is the director's.
    assert.deepEqual(await offered(browser), ['cancel']);
    const refused = await invokeError(browser, 'request_confirm', { no });
    assert.equal(refused?.code, 'role_required', JSON.stringify(refused));
    assert.match(refused.message, /运维总监/);
  });

  it('王总 confirms the 附件5', async () => {
    const { browser } = app;
    await connect('王总');
    await waitQueues(browser, { confirm: 1 });
    await openRequest(browser, no);
    assert.deepEqual(await offered(browser), ['confirm', 'reject', 'cancel']);
    assert.equal(await byTestId(browser, 'req-confirm').isEnabled(), true);
    await byTestId(browser, 'req-confirm').click();
    await waitState(browser, 'confirmed');
    await browser.waitUntil(async () => (await byTestId(browser, 'op-summary').getAttribute('data-confirmed')) === 'yes', {
      timeout: 10_000,
    });
    await waitQueues(browser, {});
    assert.deepEqual(await offered(browser), ['cancel']);
  });

  it('张工 executes; may not accept his own work', async () => {
    const { browser } = app;
    await connect('张工');
    await waitQueues(browser, { execute: 1 });
    await openRequest(browser, no);
    assert.deepEqual(await offered(browser), ['execute', 'cancel']);
    await byTestId(browser, 'req-execute').click();
    await waitState(browser, 'executed');
    // 验收 is someone else's on a team ledger: not in 张工's queue, no button, and refused.
    await waitQueues(browser, {});
    assert.deepEqual(await offered(browser), []);
    const refused = await invokeError(browser, 'request_accept', { no, opinion: null });
    assert.equal(refused?.code, 'same_person', JSON.stringify(refused));
  });

  it('王总 accepts; the timeline names every login, role and time', async () => {
    const { browser } = app;
    await connect('王总');
    await waitQueues(browser, { accept: 1 });
    await openRequest(browser, no);
    assert.deepEqual(await offered(browser), ['accept']);
    await byTestId(browser, 'req-accept').click();
    await waitState(browser, 'accepted');
    await waitQueues(browser, {});
    assert.ok((await byTestId(browser, 'req-acceptor').getText()).startsWith('王总'));

    await browser.waitUntil(async () => (await browser.$$('[data-testid="req-step"]').length) === 7, { timeout: 10_000 });
    const steps = await browser.$$('[data-testid="req-step"]');
    const read = (attr) => steps.map((s) => s.getAttribute(attr));
    assert.deepEqual(await read('data-step'), ['create', 'submit', 'approve', 'review', 'confirm', 'execute', 'accept']);
    assert.deepEqual(await read('data-operator'), ['张工', '张工', '王总', '李工', '王总', '张工', '王总']);
    assert.deepEqual(await read('data-role'), ['', 'hardware', 'director', 'idc', 'director', 'hardware', 'director']);
    const when = await steps.map((s) => s.$('.when').getText());
    for (const w of when) assert.match(w, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const texts = await steps.map((s) => s.getText());
    for (const [i, who] of ['张工', '张工', '王总', '李工', '王总', '张工', '王总'].entries()) {
      assert.ok(texts[i].includes(who), `step ${i} names ${who}: ${texts[i]}`);
    }
    await byTestId(browser, 'req-timeline').scrollIntoView();
    await screenshot(browser, 'chain-team-accepted-timeline');

    // The command line, as the IDC engineer, reads the same ledger.
    const timeline = as('李工', 'request', 'timeline', no);
    assert.deepEqual(
      timeline.steps.map((s) => s.operator),
      ['张工', '张工', '王总', '李工', '王总', '张工', '王总'],
    );
    assert.equal(as('李工', 'asset', 'show', 'N1').position.start_u, 10);
    assert.equal(as('李工', 'cable', 'show', 'C-0001').cable.a.label, 'A01-10-eth0');
  });

  it('exports the 附件2 and 附件5 with every name and time, as LibreOffice prints them', () => {
    const dir = join(TMP, `chain-team-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const req = join(dir, 'request.xlsx');
    const op = join(dir, 'operation.xlsx');
    as('李工', 'export', 'request', no, '--out', req);
    as('李工', 'export', 'operation', opNo, '--out', op);
    const profile = `-env:UserInstallation=file://${join(dir, 'lo-profile')}`;
    execFileSync('soffice', [profile, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, req, op], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const text = (pdf) => execFileSync('pdftotext', ['-layout', join(dir, pdf), '-'], { encoding: 'utf8' });
    /** The value printed beside `label` in the form's header block (one label a line). */
    const beside = (t, label) => {
      const line = t.split('\n').find((l) => l.trim().startsWith(label));
      assert.ok(line, `no ${label} in the print:\n${t}`);
      return line.trim().slice(label.length).trim();
    };
    const minute = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/;

    const t2 = text('request.pdf');
    assert.equal(beside(t2, '申请人'), '张工');
    assert.equal(beside(t2, '审批人'), '王总');
    assert.match(beside(t2, '审批日期'), /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(beside(t2, '审核人'), '李工');
    assert.match(beside(t2, '审核时间'), minute);
    assert.equal(beside(t2, '实施人'), '张工');
    assert.match(beside(t2, '上架时间'), minute);
    assert.equal(beside(t2, '验收人'), '王总');
    assert.match(beside(t2, '验收时间'), minute);
    assert.equal(beside(t2, '状态'), '已验收');

    const t5 = text('operation.pdf');
    assert.equal(beside(t5, '申请人'), '张工');
    assert.equal(beside(t5, '实施人'), '张工');
    assert.equal(beside(t5, '审批人'), '王总');
    assert.match(beside(t5, '审批时间'), minute);
    assert.equal(beside(t5, '完成确认人'), '王总');
    assert.match(beside(t5, '实际完成时间'), minute);
    assert.ok(t5.includes('PDU-A01-A:07') && t5.includes('PDU-A01-B:07'), 'the PDU ports are printed');

    // Page 1 of each, as pictures to look at.
    mkdirSync(SHOTS, { recursive: true });
    for (const name of ['request', 'operation']) {
      execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', join(dir, `${name}.pdf`),
        join(SHOTS, `chain-team-${name}`)]);
      assert.ok(readFileSync(join(SHOTS, `chain-team-${name}.png`)).length > 1000);
    }
  });
});

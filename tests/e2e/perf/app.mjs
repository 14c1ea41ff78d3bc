// The app's performance figures (issue 9, "App" in docs/performance.md): launch to interactive
// with a big ledger against an empty one, search as you type end to end, the memory of the app
// and its WebKit processes against an empty Tauri app, and what the startup commands cost.
//
// A measurement, not a test: it prints a markdown table and fails only when the measurement
// itself breaks (the window never shows rows, a process cannot be found), never on a ratio.
//
//   ./x perf-app                      # 5,000 cabinets / 100,000 devices (builds the database once)
//   PERF_CABINETS=100 PERF_DEVICES=2000 ./x perf-app    # the small size CI runs
//
// Environment (./x perf-app sets the first four; see tests/e2e/lib/harness.mjs):
//   RACKLEDGER_APP, RACKLEDGER_CLI, E2E_TMP, XDG_*_HOME
//   RACKLEDGER_EMPTY_APP  the empty Tauri app (target/debug/examples/empty_app); absent: no memory baseline
//   PERF_CABINETS, PERF_DEVICES  the demo's size (default 5000 / 100000)
//   PERF_DB               an existing demo database of that size to reuse (it is copied, never changed)
//   PERF_LAUNCHES         launches of each database (default 3; the median is reported)
//   PERF_OUT              also write the table to this file
//   WEBKIT_DISABLE_COMPOSITING_MODE, RACKLEDGER_GPU  pass through to the app and the empty app,
//                         which both decide whether WebKit composites with GL by the same rule
//                         (src-tauri/src/rendering.rs; off when the machine has no GPU, as Xvfb here)
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP, byTestId, CLI, freshDbPath, launch } from '../lib/harness.mjs';

const CABINETS = Number(process.env.PERF_CABINETS ?? 5000);
const DEVICES = Number(process.env.PERF_DEVICES ?? 100_000);
const LAUNCHES = Number(process.env.PERF_LAUNCHES ?? 3);
const EMPTY_APP = process.env.RACKLEDGER_EMPTY_APP ?? '';
/** The mark LedgerView sets when its first answer is painted. */
const FIRST_WINDOW = 'ledger-first-window';
const SEARCHES = [
  'ZWY-01234', '华为', 'ZWY-09', '交换机', 'INS000', '10.2', '大数据', 'PowerEdge', 'ZWY-05555', '存储',
  'DL000', '2288', '公安', 'ZWY-0999', 'NF5280', 'S6850', '配线架', 'ZWY-07', '卫健', 'TB000',
];

const log = (msg) => console.error(`# ${msg}`);
const median = (xs) => pct(xs, 50);
function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

// ---------------------------------------------------------------------------------------------
// Processes: /proc, read directly.

const CLK_TCK = 100; // Linux's USER_HZ on every architecture we run on

function procs() {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // comm may hold spaces and parentheses: the fields after it start at the last ')'.
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const rest = stat.slice(close + 2).split(' ');
      out.push({ pid: Number(name), comm, ppid: Number(rest[1]), startTicks: Number(rest[19]) });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** `root` and every process below it. */
function family(all, rootPid) {
  const ids = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!ids.has(p.pid) && ids.has(p.ppid)) {
        ids.add(p.pid);
        grew = true;
      }
    }
  }
  return all.filter((p) => ids.has(p.pid));
}

/** The process running `binary` below this launch's tauri-driver (others may run their own
 *  apps on this machine). comm is cut to 15 characters by the kernel. */
function findApp(binary, driverPid) {
  const comm = basename(binary).slice(0, 15);
  const mine = family(procs(), driverPid).filter((p) => p.comm === comm);
  if (mine.length === 0) throw new Error(`no process ${comm} below tauri-driver ${driverPid}`);
  return mine[0];
}

/** When a process started, in ms since the epoch (10 ms resolution). */
function startEpochMs(proc) {
  const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
  const bootMs = Date.now() - uptime * 1000;
  return bootMs + (proc.startTicks * 1000) / CLK_TCK;
}

function kib(file, field) {
  try {
    const m = readFileSync(file, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** VmRSS and Pss (KiB) of `root` and every process below it (WebKitWebProcess, WebKitNetworkProcess). */
function memoryKiB(root) {
  const mine = family(procs(), root.pid);
  const parts = mine.map((p) => ({
    comm: p.comm,
    rss: kib(`/proc/${p.pid}/status`, 'VmRSS'),
    pss: kib(`/proc/${p.pid}/smaps_rollup`, 'Pss'),
  }));
  return {
    rss: parts.reduce((s, p) => s + p.rss, 0),
    pss: parts.reduce((s, p) => s + p.pss, 0),
    parts: parts.map((p) => `${p.comm} ${Math.round(p.rss / 1024)}`).join(', '),
  };
}

// ---------------------------------------------------------------------------------------------
// The app

/** Starts the app on `db` and waits for the ledger's first painted answer. */
async function launchLedger(db) {
  const t0 = Date.now();
  const app = await launch(['--db', db], { ownRendering: true });
  const { browser } = app;
  await browser.waitUntil(
    () => browser.execute((mark) => performance.getEntriesByName(mark).length > 0, FIRST_WINDOW),
    { timeout: 60_000, interval: 20, timeoutMsg: 'the ledger never showed its first answer' },
  );
  const wall = Date.now() - t0;
  const page = await browser.execute((mark) => {
    const m = performance.getEntriesByName(mark)[0];
    const nav = performance.getEntriesByType('navigation')[0];
    const marks = performance.getEntriesByType('mark').map((e) => `${e.name} ${Math.round(e.startTime)}`);
    const dcl = nav ? `domcontentloaded ${Math.round(nav.domContentLoadedEventEnd)}` : '';
    return { at: performance.timeOrigin + m.startTime, inPage: m.startTime, timeline: [dcl, ...marks].join(', ') };
  }, FIRST_WINDOW);
  const proc = findApp(APP, app.driverPid);
  const fromStart = page.at - startEpochMs(proc);
  log(`  timeline (ms after navigation): ${page.timeline}; navigation started ${Math.round(fromStart - page.inPage)} ms after the process`);
  return { app, proc, wall, fromStart, inPage: page.inPage };
}

/** Each startup command, timed from the page (what the UI waits for at launch). */
async function probeStartup(browser) {
  return browser.executeAsync(async (done) => {
    const { invoke } = window.__TAURI_INTERNALS__;
    const facets = await invoke('ledger_facets', { room: null });
    const room = facets.rooms[0] ?? null;
    const cabinet = facets.cabinets[0] ?? '';
    const calls = [
      ['app_info', {}],
      ['is_empty', {}],
      ['backup_status', {}],
      ['power_alerts', {}],
      ['ledger_facets', { room: null }],
      ['list_assets', { filter: { limit: 200, offset: 0 }, with_total: false }],
      ['count_assets', { filter: {} }],
      // Not at start: the other views' lists, for their payload sizes (one room, one cabinet).
      ['racks_cabinets', { room }],
      ['power_tiles', { room }],
      ['power_cabinets', { room, table: null }],
      ['power_row_heads', { room }],
      ['ports_table', { cabinet }],
      ['ports_pool', { room }],
      ['repairs_list', { filter: null }],
      ['faults_list', { filter: null }],
      ['requests_list', { requestState: null }],
    ];
    const out = [];
    for (const [cmd, args] of calls) {
      const t0 = performance.now();
      let bytes = 0;
      try {
        bytes = JSON.stringify(await invoke(cmd, args)).length;
      } catch (e) {
        bytes = -1;
      }
      out.push({ cmd: args.room !== undefined && cmd !== 'ledger_facets' ? `${cmd} (one room, first window)` : cmd, ms: performance.now() - t0, bytes });
    }
    done(out);
  });
}

/** Keystroke → rendered rows for each query, in the page (the debounce included). */
async function searchLatencies(browser) {
  const times = [];
  for (const q of SEARCHES) {
    const ms = await browser.executeAsync((query, done) => {
      const box = document.querySelector('[data-testid="ledger-search"]');
      const table = document.querySelector('[data-testid="ledger-table"]');
      const t0 = performance.now();
      box.value = query;
      box.dispatchEvent(new Event('input', { bubbles: true }));
      const poll = () => {
        if (table.getAttribute('data-query') === query && table.getAttribute('data-loading') === 'false') {
          requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
        } else {
          requestAnimationFrame(poll);
        }
      };
      requestAnimationFrame(poll);
    }, q);
    const rows = await browser.execute(() => document.querySelectorAll('[data-testid="ledger-row"][data-tag]').length);
    if (rows === 0) log(`search ${q}: no match`);
    times.push(ms);
  }
  return times;
}

function demoDatabase() {
  const db = freshDbPath(`demo-${CABINETS}`);
  if (process.env.PERF_DB && existsSync(process.env.PERF_DB)) {
    copyFileSync(process.env.PERF_DB, db);
    log(`database: copy of ${process.env.PERF_DB}`);
    return db;
  }
  const t0 = Date.now();
  execFileSync(CLI, ['--db', db, '--json', 'demo', '--cabinets', String(CABINETS), '--devices', String(DEVICES), '--seed', '3'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  log(`database: demo ${CABINETS} cabinets / ${DEVICES} devices built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return db;
}

async function main() {
  const big = demoDatabase();
  const empty = freshDbPath('empty');
  const runs = { empty: [], big: [] };
  let kept = null;
  // Alternate, so a slow moment of the machine hits both; the last big launch stays open.
  for (let i = 0; i < LAUNCHES; i++) {
    for (const which of ['empty', 'big']) {
      const r = await launchLedger(which === 'big' ? big : empty);
      runs[which].push(r);
      log(`launch ${which} #${i + 1}: ${r.fromStart.toFixed(0)} ms from process start (${r.wall} ms wall, ${r.inPage.toFixed(0)} ms in page)`);
      if (which === 'big' && i === LAUNCHES - 1) kept = r;
      else await r.app.close();
    }
  }
  const { browser } = kept.app;
  const total = await byTestId(browser, 'ledger-table').getAttribute('data-total');
  log(`big ledger shows ${total || '(count pending)'} assets`);

  const rendering = (await browser.executeAsync((done) => {
    window.__TAURI_INTERNALS__.invoke('app_info', {}).then((i) => done(i.rendering), () => done(null));
  })) ?? null;
  log(`rendering: ${JSON.stringify(rendering)}`);

  const probe = await probeStartup(browser);
  for (const p of probe) log(`startup command ${p.cmd}: ${p.ms.toFixed(0)} ms, ${p.bytes} bytes`);

  const times = await searchLatencies(browser);
  log(`searches: ${SEARCHES.map((q, i) => `${q}=${times[i].toFixed(0)}`).join(' ')}`);

  // Back to the whole list, settled, then the memory of the app with the big ledger open.
  await browser.execute(() => {
    const box = document.querySelector('[data-testid="ledger-search"]');
    box.value = '';
    box.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await sleep(2_000);
  const mem = memoryKiB(kept.proc);
  log(`memory, big ledger: ${mem.parts} (MiB RSS)`);
  await kept.app.close();

  let base = null;
  if (EMPTY_APP && existsSync(EMPTY_APP)) {
    const e = await launch([], { app: EMPTY_APP, ownRendering: true });
    await e.browser.waitUntil(() => e.browser.execute(() => document.readyState === 'complete'), { timeout: 30_000 });
    await sleep(2_000);
    base = memoryKiB(findApp(EMPTY_APP, e.driverPid));
    log(`memory, empty Tauri app: ${base.parts} (MiB RSS)`);
    await e.close();
  } else {
    log('no empty Tauri app (RACKLEDGER_EMPTY_APP): no memory baseline');
  }

  const fromStart = { empty: median(runs.empty.map((r) => r.fromStart)), big: median(runs.big.map((r) => r.fromStart)) };
  const inPage = { empty: median(runs.empty.map((r) => r.inPage)), big: median(runs.big.map((r) => r.inPage)) };
  const wall = { empty: median(runs.empty.map((r) => r.wall)), big: median(runs.big.map((r) => r.wall)) };
  const ms = (x) => `${Math.round(x).toLocaleString('en-US')} ms`;
  const mib = (k) => `${Math.round(k / 1024).toLocaleString('en-US')} MiB`;
  const ratio = (a, b) => (b > 0 ? a / b : NaN);
  const met = (r, goal) => (Number.isFinite(r) ? (r <= goal ? 'met' : '**not met**') : '—');
  const size = `${CABINETS.toLocaleString('en-US')} cabinets / ${DEVICES.toLocaleString('en-US')} devices`;
  const rows = [
    ['launch → first rows, from process start (median of ' + LAUNCHES + ')', ms(fromStart.big), ms(fromStart.empty) + ' (empty ledger)', ratio(fromStart.big, fromStart.empty), 1.3],
    ['launch → first rows, page navigation → painted', ms(inPage.big), ms(inPage.empty) + ' (empty ledger)', ratio(inPage.big, inPage.empty), null],
    ['launch → first rows, wall incl. WebDriver session', ms(wall.big), ms(wall.empty) + ' (empty ledger)', ratio(wall.big, wall.empty), null],
    ['search keystroke → rendered rows, p50 of ' + SEARCHES.length, ms(median(times)), '', NaN, null],
    ['search keystroke → rendered rows, p95 of ' + SEARCHES.length, ms(pct(times, 95)), '', NaN, null],
    ['memory app + WebKit, VmRSS summed', mib(mem.rss), base ? mib(base.rss) + ' (empty Tauri app)' : '—', base ? ratio(mem.rss, base.rss) : NaN, 1.3],
    ['memory app + WebKit, Pss summed', mib(mem.pss), base ? mib(base.pss) + ' (empty Tauri app)' : '—', base ? ratio(mem.pss, base.pss) : NaN, null],
  ];
  const table = [
    `App at ${size} (${basename(APP)}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC` +
      (rendering ? `, WebKit compositing ${rendering.compositing ? 'on' : 'off'}: ${rendering.reason})` : ')'),
    '',
    '| figure | ours | baseline | ratio | goal | met? |',
    '|---|---:|---:|---:|---|---|',
    ...rows.map(([name, ours, baseline, r, goal]) =>
      `| ${name} | ${ours} | ${baseline} | ${Number.isFinite(r) ? r.toFixed(2) + '×' : ''} | ${goal ? `≤ ${goal}×` : name.includes('p95') ? 'well under 300 ms' : ''} | ${goal ? met(r, goal) : name.includes('p95') ? (pct(times, 95) < 300 ? 'met' : '**not met**') : ''} |`,
    ),
    '',
    '| command (timed from the page, big ledger open; the first seven are the start-up reads) | ms | JSON bytes |',
    '|---|---:|---:|',
    ...probe.map((p) => `| ${p.cmd} | ${p.ms.toFixed(0)} | ${p.bytes.toLocaleString('en-US')} |`),
  ].join('\n');
  console.log(table);
  if (process.env.PERF_OUT) writeFileSync(process.env.PERF_OUT, table + '\n');
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`perf-app: the measurement failed: ${err?.stack ?? err}`);
    process.exit(1);
  },
);

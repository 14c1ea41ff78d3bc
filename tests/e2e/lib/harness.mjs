// The e2e harness: starts tauri-driver (which starts WebKitWebDriver and the app), opens a
// WebdriverIO session on the real window, saves screenshots, and cleans up.
//
// Environment (./x test sets all of it):
//   RACKLEDGER_APP  absolute path of target/debug/rackledger-app        (required)
//   RACKLEDGER_CLI  absolute path of target/debug/rackledger            (to build demo databases)
//   E2E_SHOTS       folder for screenshots                               (default ../../target/e2e-shots)
//   E2E_TMP         scratch folder for databases                         (default: a new temp dir)
//   XDG_*_HOME      point these at a temp folder so runs never touch the real home
//   TAURI_DRIVER_PORT (default 4444; WebKitWebDriver gets the next port) — to run beside another suite
//   E2E_ENGINE      `postgres`: every ledger a spec asks for is a new PostgreSQL database on the
//                   cluster RACKLEDGER_TEST_PG names (a team ledger); otherwise a SQLite file
//   RACKLEDGER_TEST_PG  postgres://postgres@127.0.0.1:PORT/postgres, a running cluster's superuser
//                   (`./x test` starts one with tests/pg-cluster); required with E2E_ENGINE=postgres,
//                   and reused by the PostgreSQL-only specs in the file pass
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, existsSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { remote } from 'webdriverio';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const PORT = Number(process.env.TAURI_DRIVER_PORT ?? 4444);
// WebKitWebDriver's own port: next to PORT, so two runs on different PORTs do not collide.
const NATIVE_PORT = Number(process.env.TAURI_DRIVER_NATIVE_PORT ?? PORT + 1);

export const APP = process.env.RACKLEDGER_APP ?? join(root, 'target/debug/rackledger-app');
export const CLI = process.env.RACKLEDGER_CLI ?? join(root, 'target/debug/rackledger');
export const SHOTS = process.env.E2E_SHOTS ?? join(root, 'target/e2e-shots');
export const TMP = process.env.E2E_TMP ?? mkdtempSync(join(tmpdir(), 'rackledger-e2e-'));

/** The engine the specs' ledgers live on: `sqlite` (a file, the default) or `postgres`. */
export const ENGINE = process.env.E2E_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
/** Whether the ledgers are team ledgers: roles apply, racking by hand needs a confirmed 附件5 or
 * the emergency path, the executor may not accept, there is no daily backup (design.md). */
export const TEAM = ENGINE === 'postgres';
/** The superuser address of the test cluster (`RACKLEDGER_TEST_PG`), or null. */
export const PG_ADMIN = process.env.RACKLEDGER_TEST_PG?.trim() || null;
if (TEAM && !PG_ADMIN) {
  throw new Error('E2E_ENGINE=postgres needs RACKLEDGER_TEST_PG=postgres://postgres@127.0.0.1:PORT/postgres (tests/pg-cluster start DIR)');
}
/** The login the specs' ledgers are opened as on PostgreSQL: the cluster's superuser. */
const PG_LOGIN = PG_ADMIN ? decodeURIComponent(new URL(PG_ADMIN).username || 'postgres') : null;
/**
 * Who acts, as the core reads it: on a file the OS user (ledger::os_user), on a team ledger the
 * login (a superuser, holding every role).
 */
export const OPERATOR = TEAM
  ? PG_LOGIN
  : ['USER', 'USERNAME', 'LOGNAME'].map((k) => process.env[k]).find((v) => v && v.trim()) ?? 'unknown';
/** `{ skip: reason }` on a team ledger, for a test about the single file by nature; else `{}`. */
export function fileOnly(reason) {
  return TEAM ? { skip: `file only: ${reason}` } : {};
}

/** PostgreSQL's client programs (createdb, psql): the newest installed, as tests/pg-cluster finds them. */
let pgBin = null;
export function pgProgram(name) {
  if (!pgBin) {
    pgBin = process.env.PG_BIN
      ?? execFileSync('bash', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1'], { encoding: 'utf8' }).trim();
  }
  return join(pgBin, name);
}

/**
 * A new, empty database on the test cluster, as `login` would address it (no password in it).
 * The first connection of the CLI or the app creates the ledger's schema in it.
 */
export function createPgDatabase(name, login = PG_LOGIN) {
  if (!PG_ADMIN) throw new Error('no PostgreSQL cluster: set RACKLEDGER_TEST_PG');
  const admin = new URL(PG_ADMIN);
  execFileSync(pgProgram('createdb'), ['-h', admin.hostname, '-p', admin.port || '5432', '-U', PG_LOGIN, name], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = new URL(PG_ADMIN);
  url.username = encodeURIComponent(login);
  url.password = '';
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * A second login on the team ledger `db` holding `roles` (`team init`, then `team add`), for a
 * step the product keeps for another person (验收 after one's own 已上架). Returns its address
 * (without the password) and the environment that carries the password (PGPASSWORD).
 */
export function addLogin(db, login, roles, password = `pw-${login}`) {
  execFileSync(CLI, ['--db', db, '--json', 'team', 'init'], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(CLI, ['--db', db, '--json', 'team', 'add', login, ...roles.flatMap((r) => ['--role', r]), '--password-stdin'], {
    input: `${password}\n`,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  const url = new URL(db);
  url.username = encodeURIComponent(login);
  return { url: url.toString(), env: { ...process.env, PGPASSWORD: password } };
}

let dbCounter = 0;

/**
 * A fresh ledger for a spec: a path in the scratch folder (the app or the CLI creates and
 * migrates it), or with E2E_ENGINE=postgres a new database on the test cluster, named
 * `e2e_NAME_PID_N`, whose URL goes where the path would (`--db URL`).
 */
export function freshDbPath(name = 'ledger') {
  dbCounter += 1;
  if (TEAM) {
    const safe = name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
    return createPgDatabase(`e2e_${safe}_${process.pid}_${dbCounter}`);
  }
  mkdirSync(TMP, { recursive: true });
  return join(TMP, `${name}-${process.pid}-${dbCounter}.db`);
}

/** What the status bar names for a ledger `freshDbPath` gave: the file's name, or the database's. */
export function shownName(db) {
  return TEAM ? new URL(db).pathname.slice(1) : db.split('/').pop();
}

/** A database filled by `rackledger demo` (once the core's CLI exists). */
export function demoDb({ cabinets = 20, devices = 300, seed = 1 } = {}) {
  const db = freshDbPath('demo');
  execFileSync(CLI, ['--db', db, '--json', 'demo', '--cabinets', String(cabinets),
    '--devices', String(devices), '--seed', String(seed)], { stdio: ['ignore', 'ignore', 'inherit'] });
  return db;
}

async function driverReady(timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/status`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`tauri-driver did not answer on port ${PORT} within ${timeoutMs} ms`);
}

/**
 * The environment of tauri-driver and so of the app. On a machine without a GPU (this VM, CI
 * under Xvfb) the app turns WebKit's GL compositor off (src-tauri/src/rendering.rs); without the
 * compositor WebKitWebDriver's screenshot never answers on some pages (the first-start demo
 * offer: the window paints, the screenshot request hangs). So the specs run with the compositor
 * on (`RACKLEDGER_GPU=on`) unless the caller set RACKLEDGER_GPU or WEBKIT_DISABLE_COMPOSITING_MODE.
 */
function rendering(ownRendering) {
  const env = { ...process.env };
  if (!ownRendering && env.RACKLEDGER_GPU === undefined && env.WEBKIT_DISABLE_COMPOSITING_MODE === undefined) {
    env.RACKLEDGER_GPU = 'on';
  }
  return env;
}

/**
 * Starts the app with `args` (e.g. ['--db', path]) and returns { browser, close }.
 * One app at a time: every session shares port 4444. `app` is another binary to start instead
 * (the performance script's empty Tauri app). `ownRendering`: let the app decide how WebKit
 * paints, as on a user's machine (the performance script); see `rendering` below.
 */
export async function launch(args = [], { app = APP, ownRendering = false } = {}) {
  if (!existsSync(app)) throw new Error(`app binary not found: ${app} (cargo build -p rackledger-app)`);
  const driver = spawn('tauri-driver', ['--port', String(PORT), '--native-port', String(NATIVE_PORT)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: rendering(ownRendering),
  });
  const driverExit = new Promise((resolveExit) => driver.once('exit', resolveExit));
  try {
    await driverReady(15_000);
    const browser = await remote({
      hostname: '127.0.0.1',
      port: PORT,
      logLevel: 'warn',
      connectionRetryCount: 0,
      capabilities: { 'tauri:options': { application: app, args } },
    });
    const close = async () => {
      // The processes below the driver (WebKitWebDriver, the app), read before the session ends.
      const below = descendants(driver.pid);
      try {
        await browser.deleteSession();
      } finally {
        driver.kill('SIGTERM');
        await Promise.race([driverExit, sleep(5_000)]);
        // An app left running once its driver is gone (seen on a team ledger: the window's
        // session ends, the app stays) would hold the test runner's output open, and the run
        // would never end: it is ended here, and said.
        await endLeftovers(below);
      }
    };
    // driverPid: the app runs below it (tauri-driver → WebKitWebDriver → app → WebKit processes).
    return { browser, close, driverPid: driver.pid };
  } catch (err) {
    driver.kill('SIGTERM');
    await Promise.race([driverExit, sleep(5_000)]);
    throw err;
  }
}

/** Every process below `pid` (children first read from /proc), as pids. */
function descendants(pid) {
  const out = [];
  const walk = (p) => {
    let kids = [];
    try {
      kids = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    } catch {
      return;
    }
    for (const k of kids) {
      out.push(k);
      walk(k);
    }
  };
  walk(pid);
  return out;
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ends an app among `pids` still running 5 s after its driver stopped (TERM, then KILL). The
 * others (WebKit's own processes) are left to end by themselves: killing them early loses what
 * WebKit had not yet written (the language kept in local storage).
 */
async function endLeftovers(pids) {
  const until = Date.now() + 5_000;
  while (Date.now() < until && pids.some(alive)) await sleep(100);
  const apps = pids.filter(alive).filter((p) => {
    try {
      return readlinkSync(`/proc/${p}/exe`).endsWith('/rackledger-app');
    } catch {
      return false;
    }
  });
  if (apps.length === 0) return;
  console.error(`harness: the app (pid ${apps.join(' ')}) still ran 5 s after its driver stopped; ending it`);
  for (const p of apps) {
    try { process.kill(p, 'SIGTERM'); } catch { /* gone */ }
  }
  const end = Date.now() + 3_000;
  while (Date.now() < end && apps.some(alive)) await sleep(100);
  for (const p of apps.filter(alive)) {
    try { process.kill(p, 'SIGKILL'); } catch { /* gone */ }
  }
}

/** Waits two animation frames (so the last change is painted), then saves `name`.png. */
export async function screenshot(browser, name) {
  mkdirSync(SHOTS, { recursive: true });
  await browser.executeAsync((done) => {
    requestAnimationFrame(() => requestAnimationFrame(() => done()));
  });
  const file = join(SHOTS, `${name}.png`);
  await browser.saveScreenshot(file);
  return file;
}

/** The element with `data-testid="id"`. */
export function byTestId(browser, id) {
  return browser.$(`[data-testid="${id}"]`);
}

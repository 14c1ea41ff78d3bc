// A team ledger for the e2e specs: a PostgreSQL cluster (a throwaway one started with
// tests/pg-cluster, or the running one RACKLEDGER_TEST_PG names), a fresh database on it, the
// command line as any login, logins holding roles (`team add … --password-stdin`), and the
// window's 连接团队数据库… dialog, so every spec that needs a team ledger makes it one way.
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { byTestId, CLI } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const CLUSTER = resolve(here, '../../pg-cluster');

/**
 * Starts a throwaway cluster, or takes RACKLEDGER_TEST_PG, and creates the database `dbName` on
 * it (empty: the first connection creates the ledger's schema). Returns the team ledger:
 * `{ port, dbName, url(login), cli(login, password, ...args), addLogin(login, roles, password),
 *    stop() }`. The superuser is `postgres`, with no password (tests/pg-cluster trusts it).
 */
export function teamLedger(dbName) {
  let clusterDir = null;
  let admin; // postgres://postgres@127.0.0.1:PORT/postgres
  if (process.env.RACKLEDGER_TEST_PG) {
    admin = process.env.RACKLEDGER_TEST_PG.trim();
  } else {
    // Not created here: the script makes it for the server's own user (postgres, when root).
    clusterDir = join(tmpdir(), `rl-e2e-pg-${process.pid}-${Date.now()}`);
    const out = execFileSync(CLUSTER, ['start', clusterDir], { encoding: 'utf8' });
    admin = out.trim().split('\n').pop();
  }
  const port = admin.match(/:(\d+)\//)[1];
  const psqlBin = execFileSync('bash', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1'], {
    encoding: 'utf8',
  }).trim();
  execFileSync(join(psqlBin, 'createdb'), ['-h', '127.0.0.1', '-p', port, '-U', 'postgres', dbName]);

  const url = (login) =>
    admin.replace(/^postgres:\/\/[^@]+@/, `postgres://${encodeURIComponent(login)}@`).replace(/\/[^/]*$/, `/${dbName}`);

  /** The command line as `login` (password by PGPASSWORD), its JSON answer. */
  const cli = (login, password, ...args) =>
    JSON.parse(
      execFileSync(CLI, ['--db', url(login), '--json', ...args], {
        encoding: 'utf8',
        env: { ...process.env, PGPASSWORD: password ?? '' },
        input: '',
      }),
    );

  /**
   * The command line as `login`, expected to refuse: `{ status, json }` (exit status and the
   * JSON it printed). Throws when it succeeds.
   */
  const cliRefused = (login, password, ...args) => {
    try {
      execFileSync(CLI, ['--db', url(login), '--json', ...args], {
        encoding: 'utf8',
        env: { ...process.env, PGPASSWORD: password ?? '' },
        input: '',
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    } catch (e) {
      let json = null;
      try {
        json = JSON.parse(e.stdout);
      } catch {
        // not JSON: the caller sees stdout and stderr in the assertion
      }
      return { status: e.status, json, stdout: e.stdout, stderr: e.stderr };
    }
    throw new Error(`${login}: rackledger ${args.join(' ')} was not refused`);
  };

  /** Creates `login` holding `roles`, with `password` (given on stdin, as a user would). */
  const addLogin = (login, roles, password) =>
    JSON.parse(
      execFileSync(
        CLI,
        ['--db', url('postgres'), '--json', 'team', 'add', login, ...roles.flatMap((r) => ['--role', r]), '--password-stdin'],
        { encoding: 'utf8', input: `${password}\n` },
      ),
    );

  const stop = () => {
    if (clusterDir) execFileSync(CLUSTER, ['stop', clusterDir]);
  };

  return { port, dbName, url, cli, cliRefused, addLogin, stop };
}

/**
 * Connects the window to the team ledger as `login` through 连接团队数据库… (the password typed
 * for the session), and waits until the status bar names the ledger, the window listens to it
 * (实时) and the operator is the login.
 */
export async function connectAs(browser, team, login, password) {
  await byTestId(browser, 'status-db-path').click();
  await byTestId(browser, 'db-team').click();
  await byTestId(browser, 'team-connect').waitForDisplayed({ timeout: 10_000 });
  await fillDialog(browser, team, login, password);
  await byTestId(browser, 'team-connect-go').click();
  await byTestId(browser, 'team-connect').waitForDisplayed({ reverse: true, timeout: 15_000 });
  await browser.waitUntil(async () => (await byTestId(browser, 'status-db-path').getText()) === team.dbName, {
    timeout: 10_000,
    timeoutMsg: 'the status bar never named the team ledger',
  });
  await byTestId(browser, 'status-team-live').waitForDisplayed({ timeout: 10_000 });
  await browser.waitUntil(async () => (await byTestId(browser, 'operator-edit').getText()) === login, {
    timeout: 10_000,
    timeoutMsg: `the operator never became ${login}`,
  });
}

/** Fills the open 连接团队数据库… dialog (not submitted). */
export async function fillDialog(browser, team, login, password) {
  await byTestId(browser, 'team-host').setValue('127.0.0.1');
  await byTestId(browser, 'team-port').setValue(team.port);
  await byTestId(browser, 'team-database').setValue(team.dbName);
  await byTestId(browser, 'team-user').setValue(login);
  await byTestId(browser, 'team-sslmode').selectByAttribute('value', 'disable');
  await byTestId(browser, 'team-password').setValue(password);
}

// What the two chain specs (chain.test.mjs on one operator, chain-team.test.mjs with three
// logins) do alike in the request view: wait for a state, fill a field, fill a 附件5 in full.
import { byTestId } from './harness.mjs';

/** Waits until the open request shows state `want` (its `data-state`). */
export async function waitState(browser, want) {
  await browser.waitUntil(
    async () => {
      const el = byTestId(browser, 'req-state');
      return (await el.isExisting()) && (await el.getAttribute('data-state')) === want;
    },
    { timeout: 10_000, timeoutMsg: `request never became ${want}` },
  );
}

/** Sets the field `testid` once it shows. */
export async function fill(browser, testid, value) {
  const el = byTestId(browser, testid);
  await el.waitForDisplayed({ timeout: 10_000 });
  await el.setValue(value);
}

/** Fills the open request's 附件5 in full: steps, risk, rollback, implementer, the position's A/B
 *  PDU ports, and one cable with both ends, 经配线架端口, 用途, VLAN and length (not saved). */
export async function fillOperation(browser) {
  await fill(browser, 'op-steps', '1. 搬运上架 2. 接线 3. 加电检查');
  await byTestId(browser, 'op-risk').selectByAttribute('value', 'medium');
  await fill(browser, 'op-rollback', '断电拔线下架');
  await fill(browser, 'op-implementer', '张工');
  await fill(browser, 'op-pdu-a', 'PDU-A01-A:07');
  await fill(browser, 'op-pdu-b', 'PDU-A01-B:07');
  await fill(browser, 'op-cable-no', 'C-0001');
  await byTestId(browser, 'op-cable-type').selectByAttribute('value', 'cat6');
  await fill(browser, 'op-cable-a', 'N1');
  await fill(browser, 'op-cable-a-port', 'eth0');
  await fill(browser, 'op-cable-via', 'PP-A01:R1');
  await fill(browser, 'op-cable-b', 'SW1');
  await fill(browser, 'op-cable-b-port', 'GE1/0/1');
  await fill(browser, 'op-cable-purpose', '业务网');
  await fill(browser, 'op-cable-vlan', '100');
  await fill(browser, 'op-cable-length', '3.5');
}

import { describe, expect, it } from 'vitest';
import type { Asset } from '../../backend';
import { blocksOn, byRow, categoryGroup, emptyUnits, zeroUDevices } from './layout';

function dev(p: Partial<Asset>): Asset {
  return {
    asset_tag: 'T', name: 'n', category: 'server', vendor: '', model: '', serial: '', spec: null,
    ownership: 'platform', owner: '', system: null, custodian: null, room: 'R', cabinet: 'A01',
    start_u: 1, u_height: 1, face: 'front', depth: 'full', rated_w: 100, typical_w: null,
    psu_count: 1, mgmt_ip: null, supplier: null, contract_no: null, purchased_on: null,
    racked_on: null, warranty_vendor: null, warranty_until: null, status: 'in_use',
    registered_on: null, registered_by: null, note: null, version: 1, ...p,
  } as Asset;
}

describe('elevation layout', () => {
  const devices = [
    dev({ asset_tag: 'FULL', start_u: 1, u_height: 2, face: 'front', depth: 'full' }),
    dev({ asset_tag: 'HALF-R', start_u: 5, u_height: 1, face: 'rear', depth: 'half' }),
    dev({ asset_tag: 'PDU', start_u: 0, u_height: 0, category: 'pdu' }),
  ];

  it('shows full-depth devices on both faces, the far one lighter', () => {
    const front = blocksOn(devices, 'front');
    const rear = blocksOn(devices, 'rear');
    expect(front.map((b) => b.device.asset_tag)).toEqual(['FULL']);
    expect(front[0]?.ghost).toBe(false);
    expect(rear.map((b) => [b.device.asset_tag, b.ghost])).toEqual([
      ['FULL', true],
      ['HALF-R', false],
    ]);
  });

  it('lists empty units per face and 0U devices apart', () => {
    expect(emptyUnits(blocksOn(devices, 'front'), 6)).toEqual([3, 4, 5, 6]);
    expect(emptyUnits(blocksOn(devices, 'rear'), 6)).toEqual([3, 4, 6]);
    expect(zeroUDevices(devices).map((d) => d.asset_tag)).toEqual(['PDU']);
  });

  it('groups categories as ui.md does and cabinets by row', () => {
    expect(categoryGroup('fc_switch')).toBe('network');
    expect(categoryGroup('firewall')).toBe('security');
    const rows = byRow(
      [
        { code: 'B02', row: 'B' },
        { code: 'A10', row: 'A' },
        { code: 'A02', row: 'A' },
      ],
      (c) => c.code,
    );
    expect(rows.map(([r, l]) => [r, l.map((c) => c.code)])).toEqual([
      ['A', ['A02', 'A10']],
      ['B', ['B02']],
    ]);
  });
});

// The core's codes, in the order the forms and filters list them.
import type { Category, Depth, Face, Ownership, Status } from '../../backend';

export const CATEGORIES: readonly Category[] = [
  'server', 'storage', 'switch', 'router', 'firewall', 'load_balancer', 'security', 'fc_switch',
  'patch_panel', 'pdu', 'other',
];
export const OWNERSHIPS: readonly Ownership[] = ['platform', 'hosted', 'leased'];
export const STATUSES: readonly Status[] = ['in_stock', 'in_use', 'idle', 'repairing', 'unracked', 'to_retire', 'retired'];
export const FACES: readonly Face[] = ['front', 'rear'];
export const DEPTHS: readonly Depth[] = ['full', 'half'];

/** The fields of the 资产登记 form, in its order (the core's `AssetField::ALL`). */
export const FIELD_KEYS = [
  'asset_tag', 'name', 'category', 'vendor', 'model', 'serial', 'spec', 'ownership', 'owner', 'system',
  'custodian', 'room', 'cabinet', 'start_u', 'u_height', 'face', 'depth', 'rated_w', 'typical_w',
  'psu_count', 'mgmt_ip', 'supplier', 'contract_no', 'purchased_on', 'racked_on', 'warranty_vendor',
  'warranty_until', 'status', 'registered_on', 'registered_by', 'note',
] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];

/** Marked * on the form. */
export const REQUIRED: ReadonlySet<string> = new Set([
  'asset_tag', 'name', 'category', 'vendor', 'model', 'serial', 'ownership', 'owner', 'u_height', 'rated_w', 'status',
]);
/** Follow the rack position; changed in the Racks view, not by editing. */
export const POSITION_FIELDS: ReadonlySet<string> = new Set(['room', 'cabinet', 'start_u', 'face']);
/** Chosen from a list of codes. */
export const ENUM_FIELDS: Readonly<Record<string, { prefix: string; codes: readonly string[] }>> = {
  category: { prefix: 'category', codes: CATEGORIES },
  ownership: { prefix: 'ownership', codes: OWNERSHIPS },
  status: { prefix: 'asset.status', codes: STATUSES },
  face: { prefix: 'face', codes: FACES },
  depth: { prefix: 'depth', codes: DEPTHS },
};
export const DATE_FIELDS: ReadonlySet<string> = new Set(['purchased_on', 'racked_on', 'warranty_until', 'registered_on']);

/** A field's value as the form's text (null → ''). */
export function fieldText(asset: Record<string, unknown> | null, key: string): string {
  const v = asset?.[key];
  return v == null ? '' : String(v);
}

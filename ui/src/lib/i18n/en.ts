import type { MessageKey } from './zh';

// English — the second language. Must have exactly the keys of zh.ts (the type checks it).
export const en: Record<MessageKey, string> = {
  'app.name': 'RackLedger',
  'app.title': 'RackLedger',
  'app.subtitle': 'Machine-room ledger',

  'nav.label': 'Main navigation',
  'nav.ledger': 'Ledger',
  'nav.racks': 'Racks',

  'top.search.placeholder': 'Search asset tag, name, serial, IP…',
  'top.search.label': 'Global search',
  'top.search.shortcut': 'Ctrl K',
  'top.lang.label': 'Interface language',

  'lang.zh': '中文',
  'lang.en': 'EN',

  'status.db': 'Database',
  'status.db.default': 'default location',
  'status.assets': 'Assets',
  'status.operator': 'Operator',
  'status.operator.unset': 'not set',
  'status.version': 'Version {version}',
  'status.backend.offline': 'Not connected to the backend',

  'ledger.title': 'Ledger',
  'ledger.toolbar.filter': 'Filter',
  'ledger.toolbar.columns': 'Columns',
  'ledger.toolbar.add': 'New asset',
  'ledger.col.asset_tag': 'Asset tag',
  'ledger.col.name': 'Name',
  'ledger.col.category': 'Category',
  'ledger.col.vendor': 'Vendor',
  'ledger.col.model': 'Model',
  'ledger.col.serial': 'Serial',
  'ledger.col.position': 'Position',
  'ledger.col.status': 'Status',
  'ledger.col.owner': 'Owner',
  'ledger.empty.title': 'No assets in the ledger yet',
  'ledger.empty.hint': 'Import an asset registration sheet or load the demo data to browse it here.',

  'racks.title': 'Racks',
  'racks.empty.title': 'No rooms or cabinets yet',
  'racks.empty.hint': 'Once rooms and cabinets exist, their U usage appears here row by row.',

  'error.generic': 'Operation failed: {message}',
};

// 简体中文 — the first language. Every string the UI shows lives here and in en.ts.
// Keys are flat and dotted: `area.thing`. {name} marks a parameter.
export const zh = {
  'app.name': 'RackLedger',
  'app.title': 'RackLedger 机房台账',
  'app.subtitle': '机房台账',

  'nav.label': '主导航',
  'nav.ledger': '设备台账',
  'nav.racks': '机柜',

  'top.search.placeholder': '搜索资产编号、设备名称、序列号、IP…',
  'top.search.label': '全局搜索',
  'top.search.shortcut': 'Ctrl K',
  'top.lang.label': '界面语言',

  'lang.zh': '中文',
  'lang.en': 'EN',

  'status.db': '数据库',
  'status.db.default': '默认位置',
  'status.assets': '设备',
  'status.operator': '操作员',
  'status.operator.unset': '未设置',
  'status.version': '版本 {version}',
  'status.backend.offline': '未连接到后端',

  'ledger.title': '设备台账',
  'ledger.toolbar.filter': '筛选',
  'ledger.toolbar.columns': '列',
  'ledger.toolbar.add': '新增设备',
  'ledger.col.asset_tag': '资产编号',
  'ledger.col.name': '设备名称',
  'ledger.col.category': '类别',
  'ledger.col.vendor': '品牌',
  'ledger.col.model': '型号',
  'ledger.col.serial': '序列号',
  'ledger.col.position': '位置',
  'ledger.col.status': '状态',
  'ledger.col.owner': '归属',
  'ledger.empty.title': '台账中还没有设备',
  'ledger.empty.hint': '导入资产登记表，或载入演示数据后即可在此浏览。',

  'racks.title': '机柜',
  'racks.empty.title': '还没有机房和机柜',
  'racks.empty.hint': '添加机房与机柜后，这里按列显示各机柜的 U 位占用。',

  'error.generic': '操作失败：{message}',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof zh;

-- 0004: ports, cables and the port-template library.

-- 端口: a port of one device, its name unique within the device. `position` orders the ports
-- on the faceplate. On a patch panel (配线架) every front port has a rear twin: `side` says
-- which face the port is on and `pair_id` points at the twin (both ways).
CREATE TABLE ports (
    id        INTEGER PRIMARY KEY,
    asset_id  INTEGER NOT NULL REFERENCES assets(id) ON DELETE CASCADE,
    name      TEXT NOT NULL CHECK (name <> ''),
    position  INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    speed     TEXT,
    status    TEXT NOT NULL DEFAULT 'free' CHECK (status IN ('free', 'used', 'reserved')),
    side      TEXT CHECK (side IN ('front', 'rear')),
    pair_id   INTEGER REFERENCES ports(id) ON DELETE SET NULL,
    note      TEXT,
    UNIQUE (asset_id, name)
);
CREATE INDEX ports_asset ON ports(asset_id, position);
CREATE INDEX ports_pair ON ports(pair_id);

-- 线缆: the cable itself. Its two ends are rows of `cable_ends`.
CREATE TABLE cables (
    id         INTEGER PRIMARY KEY,
    cable_no   TEXT NOT NULL UNIQUE CHECK (cable_no <> ''),
    cable_type TEXT NOT NULL,
    length_m   REAL CHECK (length_m > 0),
    colour     TEXT,
    purpose    TEXT,
    vlan       TEXT,
    note       TEXT
);

-- The two ends of a cable. `port_id` is UNIQUE: a port has at most one cable, whichever end it
-- is — the rule holds in the schema itself, not only in the code.
CREATE TABLE cable_ends (
    cable_id INTEGER NOT NULL REFERENCES cables(id) ON DELETE CASCADE,
    end_no   INTEGER NOT NULL CHECK (end_no IN (1, 2)),
    port_id  INTEGER NOT NULL UNIQUE REFERENCES ports(id),
    label    TEXT,
    PRIMARY KEY (cable_id, end_no)
);

-- 端口模板: the editable library. `model` matches an asset's model by prefix (case and spaces
-- ignored); a template with `generic` = 1 and no model serves its category when no model
-- matches. `layout` is the port list, e.g. `25GE1/0/{1-48} SFP28 25G; PSU{1-2} power`
-- (see ledger::ports::layout).
CREATE TABLE port_templates (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL UNIQUE,
    vendor   TEXT NOT NULL DEFAULT '',
    model    TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL,
    generic  INTEGER NOT NULL DEFAULT 0,
    layout   TEXT NOT NULL,
    note     TEXT
);

INSERT INTO port_templates (name, vendor, model, category, generic, layout, note) VALUES
 ('华三 S6850-56HF', '新华三', 'S6850', 'switch', 0,
  '25GE1/0/{1-48} SFP28 25G; 100GE1/0/{49-56} QSFP28 100G; M-GE0/0/0 management 1G; CONSOLE console; PSU{1-2} power', '48×SFP28 + 8×QSFP28'),
 ('华为 CE6881-48S6CQ', '华为', 'CE6881', 'switch', 0,
  '10GE1/0/{1-48} SFP+ 10G; 100GE1/0/{1-6} QSFP28 100G; MEth0/0/0 management 1G; CONSOLE console; PSU{1-2} power', '48×SFP+ + 6×QSFP28'),
 ('华为 CE6857-48S6CQ', '华为', 'CE6857', 'switch', 0,
  '10GE1/0/{1-48} SFP+ 10G; 100GE1/0/{1-6} QSFP28 100G; MEth0/0/0 management 1G; CONSOLE console; PSU{1-2} power', '48×SFP+ + 6×QSFP28'),
 ('锐捷 RG-S6510-48VS8CQ', '锐捷', 'RG-S6510', 'switch', 0,
  'TF0/{1-48} SFP28 25G; HF0/{49-56} QSFP28 100G; Mgmt0 management 1G; Console console; PSU{1-2} power', '48×25GE + 8×100GE'),
 ('华三 S5130-52S', '新华三', 'S5130', 'switch', 0,
  'GE1/0/{1-48} RJ45 1G; XGE1/0/{49-52} SFP+ 10G; M-GE0/0/0 management 1G; CONSOLE console; PSU{1-2} power', '48×GE + 4×SFP+'),
 ('博科 G620', '博科', 'G620', 'fc_switch', 0,
  'FC{0-47} FC 32G; MGMT management 1G; CONSOLE console; PSU{1-2} power', '48×32G FC'),
 ('华为 FusionServer 2288H V6', '华为', 'FusionServer 2288H', 'server', 0,
  'GE{1-2} RJ45 1G; 10GE{1-2} SFP+ 10G; iBMC management 1G; PSU{1-2} power', NULL),
 ('华为 FusionServer 1288H V6', '华为', 'FusionServer 1288H', 'server', 0,
  'GE{1-2} RJ45 1G; 10GE{1-2} SFP+ 10G; iBMC management 1G; PSU{1-2} power', NULL),
 ('浪潮 NF5280M6', '浪潮', 'NF5280', 'server', 0,
  'GE{1-2} RJ45 1G; 25GE{1-2} SFP28 25G; BMC management 1G; PSU{1-2} power', NULL),
 ('浪潮 NF5180M6', '浪潮', 'NF5180', 'server', 0,
  'GE{1-2} RJ45 1G; 25GE{1-2} SFP28 25G; BMC management 1G; PSU{1-2} power', NULL),
 ('新华三 UniServer R4900 G5', '新华三', 'UniServer R4900', 'server', 0,
  'GE{1-2} RJ45 1G; 25GE{1-2} SFP28 25G; HDM management 1G; PSU{1-2} power', NULL),
 ('戴尔 PowerEdge R750', '戴尔', 'PowerEdge R750', 'server', 0,
  'NIC{1-2} RJ45 1G; 25GE{1-2} SFP28 25G; iDRAC management 1G; PSU{1-2} power', NULL),
 ('戴尔 PowerEdge R740', '戴尔', 'PowerEdge R740', 'server', 0,
  'NIC{1-4} RJ45 1G; 10GE{1-2} SFP+ 10G; iDRAC management 1G; PSU{1-2} power', NULL),
 ('联想 ThinkSystem SR650 V2', '联想', 'ThinkSystem SR650', 'server', 0,
  'GE{1-2} RJ45 1G; 25GE{1-2} SFP28 25G; XCC management 1G; PSU{1-2} power', NULL),
 ('中科曙光 R620-G40', '中科曙光', 'R620', 'server', 0,
  'GE{1-2} RJ45 1G; 10GE{1-2} SFP+ 10G; BMC management 1G; PSU{1-2} power', NULL),
 ('华为 OceanStor 5310', '华为', 'OceanStor 5310', 'storage', 0,
  'FC{1-8} FC 32G; 10GE{1-4} SFP+ 10G; MGMT{1-2} management 1G; PSU{1-2} power', NULL),
 ('华为 USG6650E', '华为', 'USG6650E', 'firewall', 0,
  'GE0/0/{0-7} RJ45 1G; 10GE0/0/{8-11} SFP+ 10G; MGMT management 1G; CONSOLE console; PSU{1-2} power', NULL),
 ('康普 24口超六类配线架', '康普', '24口超六类配线架', 'patch_panel', 0, '{1-24} RJ45 1G panel', '前后端口成对'),
 ('康宁 48芯LC光纤配线架', '康宁', '48芯LC光纤配线架', 'patch_panel', 0, '{1-48} LC panel', '前后端口成对'),
 ('施耐德 AP8853', '施耐德', 'AP8853', 'pdu', 0, 'C13-{1-24} power; C19-{1-4} power', NULL),
 ('通用配线架 24口', '', '', 'patch_panel', 1, '{1-24} RJ45 1G panel', '通用模板'),
 ('通用配线架 48口', '', '', 'patch_panel', 0, '{1-48} RJ45 1G panel', '通用模板'),
 ('通用光纤配线架 24芯', '', '', 'patch_panel', 0, '{1-24} LC panel', '通用模板'),
 ('通用服务器', '', '', 'server', 1, 'GE{1-2} RJ45 1G; 10GE{1-2} SFP+ 10G; BMC management 1G; PSU{1-2} power', '通用模板'),
 ('通用存储', '', '', 'storage', 1, 'FC{1-4} FC 16G; GE{1-2} RJ45 1G; MGMT management 1G; PSU{1-2} power', '通用模板'),
 ('通用接入交换机 48口', '', '', 'switch', 1,
  'GE1/0/{1-48} RJ45 1G; XGE1/0/{49-52} SFP+ 10G; MGMT management 1G; CONSOLE console; PSU{1-2} power', '通用模板'),
 ('通用防火墙', '', '', 'firewall', 1, 'GE{1-8} RJ45 1G; 10GE{1-2} SFP+ 10G; MGMT management 1G; CONSOLE console; PSU{1-2} power', '通用模板'),
 ('通用路由器', '', '', 'router', 1, 'GE{1-4} RJ45 1G; 10GE{1-4} SFP+ 10G; MGMT management 1G; CONSOLE console; PSU{1-2} power', '通用模板'),
 ('通用光纤交换机', '', '', 'fc_switch', 1, 'FC{0-23} FC 16G; MGMT management 1G; PSU{1-2} power', '通用模板'),
 ('通用PDU', '', '', 'pdu', 1, 'C13-{1-20} power; C19-{1-4} power', '通用模板');

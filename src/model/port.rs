//! Ports, cables and port templates: the port table (端口表) and the 端口连接 sheet.

use serde::{Deserialize, Serialize};

use super::enums::labeled_enum;
use super::Face;

labeled_enum!(
    /// 端口类型. `lc` is the fibre jack of an optical patch panel.
    PortKind {
        Rj45 => ("rj45", "RJ45", "电口", "ge"),
        Sfp => ("sfp", "SFP"),
        SfpPlus => ("sfp_plus", "SFP+", "sfp+", "sfpplus"),
        Sfp28 => ("sfp28", "SFP28"),
        Qsfp28 => ("qsfp28", "QSFP28", "qsfp"),
        Fc => ("fc", "FC", "光纤通道"),
        Lc => ("lc", "LC", "光口", "光纤"),
        Console => ("console", "Console", "串口", "控制口"),
        Management => ("management", "管理口", "mgmt", "bmc"),
        Power => ("power", "电源", "psu", "电源口"),
    }
);

labeled_enum!(
    /// 端口状态.
    PortStatus {
        Free => ("free", "空闲"),
        Used => ("used", "已用"),
        Reserved => ("reserved", "预留"),
    }
);

labeled_enum!(
    /// 线缆类型 (templates.md, 端口连接).
    CableType {
        Cat6 => ("cat6", "六类网线", "六类线"),
        Cat6a => ("cat6a", "超六类网线", "超六类线"),
        Smf => ("smf", "单模光纤", "单模"),
        Mmf => ("mmf", "多模光纤", "多模"),
        Dac => ("dac", "DAC", "高速铜缆"),
        Aoc => ("aoc", "AOC", "有源光缆"),
        Power => ("power", "电源线"),
    }
);

impl PortKind {
    /// Ports that count in the LAN port pool (空闲网口): data ports of a switch, not its
    /// management, console or power ports, and not Fibre Channel.
    pub fn is_lan(self) -> bool {
        matches!(self, PortKind::Rj45 | PortKind::Sfp | PortKind::SfpPlus | PortKind::Sfp28 | PortKind::Qsfp28)
    }
}

/// One port of a device, with what its cable (if any) joins it to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Port {
    pub asset_tag: String,
    pub name: String,
    /// Order on the faceplate, from 1.
    pub position: u32,
    pub kind: PortKind,
    pub speed: Option<String>,
    pub status: PortStatus,
    /// Patch panels: the face the port is on.
    pub side: Option<Face>,
    /// Patch panels: the name of the twin port on the other face.
    pub pair: Option<String>,
    pub note: Option<String>,
    /// The cable on this port and its far end.
    pub link: Option<Link>,
}

/// A cable seen from one of its ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Link {
    pub cable_no: String,
    pub cable_type: CableType,
    /// The label at this end.
    pub label: Option<String>,
    pub vlan: Option<String>,
    pub far: CableEnd,
}

/// One end of a cable: the port, its device and where the device sits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CableEnd {
    pub asset_tag: String,
    pub asset_name: String,
    pub port: String,
    pub cabinet: Option<String>,
    pub start_u: Option<u32>,
    pub label: Option<String>,
}

/// 线缆: a cable joining two ports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Cable {
    pub cable_no: String,
    pub cable_type: CableType,
    pub a: CableEnd,
    pub b: CableEnd,
    pub length_m: Option<f64>,
    pub colour: Option<String>,
    pub purpose: Option<String>,
    pub vlan: Option<String>,
    pub note: Option<String>,
}

/// What `connect` is given beside the two ports. Missing number, type and labels are generated.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default)]
pub struct CableDraft {
    pub cable_no: Option<String>,
    pub cable_type: Option<CableType>,
    pub a_label: Option<String>,
    pub b_label: Option<String>,
    pub length_m: Option<f64>,
    pub colour: Option<String>,
    pub purpose: Option<String>,
    pub vlan: Option<String>,
    pub note: Option<String>,
}

/// 端口模板: the ports a model comes with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PortTemplate {
    pub name: String,
    pub vendor: String,
    /// Matches an asset's model by prefix; empty for a generic template.
    pub model: String,
    pub category: super::Category,
    /// Serves every device of its category whose model no template names.
    pub generic: bool,
    /// `25GE1/0/{1-48} SFP28 25G; PSU{1-2} power` — see `ledger::ports::layout`.
    pub layout: String,
    pub note: Option<String>,
}

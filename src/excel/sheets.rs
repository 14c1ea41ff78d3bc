//! The sheets of templates.md and their columns, and how a raw sheet is recognised: by its
//! name, or else by a header row (searched in the first 20 rows) that names a sheet's key
//! column and enough of its others. Headers are matched after [`normalize_header`], so spaces,
//! line breaks, full-width brackets, a trailing `*` and aliases all match.

use serde::Serialize;

use super::read::RawSheet;
use crate::model::{normalize_header, AssetField};

/// The kinds of sheet an import knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SheetKind {
    Rooms,
    RowHeads,
    Cabinets,
    Assets,
    Cables,
    Readings,
    /// 温湿度记录: the 动环 system's export (see [`super::environment`]).
    EnvReadings,
    Repairs,
    Faults,
    /// 附件1 子表1 and 子表2: a filled inspection form, imported as marks on an inspection
    /// (`excel::inspection`), not as records; recognised by their own check, not in [`SheetKind::ALL`].
    InspectionPoints,
    InspectionDevices,
}

/// One column of a sheet: its key, the header an export writes, the other spellings an import
/// accepts, and whether an import row must give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub key: &'static str,
    pub header: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
}

const fn col(key: &'static str, header: &'static str, aliases: &'static [&'static str], required: bool) -> Column {
    Column { key, header, aliases, required }
}

const ROOMS: &[Column] = &[
    col("name", "机房名称", &["机房", "Room"], true),
    col("location", "位置", &[], false),
    col("note", "备注", &["说明"], false),
];

const ROW_HEADS: &[Column] = &[
    col("code", "列头柜编号", &["列头柜", "Row head"], true),
    col("room", "机房", &["机房名称", "Room"], true),
    col("row", "列", &[], false),
    col("capacity_kw", "额定容量(kW)", &["额定容量"], true),
    col("voltage_v", "电压(V)", &["电压"], false),
    col("phases", "相数", &[], false),
    col("warning", "预警阈值(%)", &["预警阈值"], false),
    col("alarm", "告警阈值(%)", &["告警阈值"], false),
    col("note", "备注", &["说明"], false),
];

const CABINETS: &[Column] = &[
    col("code", "机柜编号", &["机柜", "Cabinet"], true),
    col("room", "机房", &["机房名称", "Room"], true),
    col("row", "列", &[], false),
    col("u_height", "U数", &["高度(U)"], true),
    col("rated_kw", "额定功率(kW)", &["额定功率"], true),
    col("feed_a", "A路列头柜", &[], false),
    col("feed_a_branch", "A路支路", &[], false),
    col("feed_a_breaker", "A路开关(A)", &[], false),
    col("feed_b", "B路列头柜", &[], false),
    col("feed_b_branch", "B路支路", &[], false),
    col("feed_b_breaker", "B路开关(A)", &[], false),
    col("owner", "归属单位", &[], false),
    col("warning", "预警阈值(%)", &["预警阈值"], false),
    col("alarm", "告警阈值(%)", &["告警阈值"], false),
    col("note", "备注", &["说明"], false),
];

const READINGS: &[Column] = &[
    col("cabinet", "机柜编号", &["机柜", "Cabinet"], true),
    col("at", "读数时间", &["时间"], true),
    col("kw", "实测功率(kW)", &["实测功率"], false),
    col("amps_a", "A路电流(A)", &[], false),
    col("amps_b", "B路电流(A)", &[], false),
    col("operator", "读数人", &[], false),
    col("note", "备注", &["说明"], false),
];

// Sheets recognised but not imported yet: enough columns to tell them apart.
const CABLES: &[Column] = &[
    col("cable_no", "线缆编号", &[], true),
    col("cable_type", "线缆类型", &[], true),
    col("a_asset", "本端资产编号", &[], true),
    col("a_port", "本端端口", &[], true),
    col("b_asset", "对端资产编号", &[], true),
    col("b_port", "对端端口", &[], true),
    col("length_m", "长度(m)", &["长度", "长度（m）"], false),
    col("colour", "颜色", &["线缆颜色"], false),
    col("purpose", "用途", &[], false),
    col("vlan", "VLAN", &["vlan"], false),
    col("note", "备注", &["说明"], false),
];
/// 附件4 维修记录, in the form's order. Several rows with one 维修单号 are one repair, a part a row.
pub const REPAIRS: &[Column] = &[
    col("repair_no", "维修单号", &["维修编号", "Repair No"], true),
    col("fault_no", "关联故障单号", &["故障单号", "关联故障"], false),
    col("asset_tag", "资产编号", &["资产编码", "资产标签", "Asset Tag"], true),
    col("asset_name", "设备名称", &["名称"], false),
    col("brand_model", "品牌型号", &[], false),
    col("serial", "序列号", &["SN"], false),
    col("position", "设备位置", &["位置"], false),
    col("symptom", "故障现象", &["故障描述"], true),
    col("reported_at", "报修时间", &["报修日期"], true),
    col("mode", "维修方式", &[], true),
    col("vendor", "维修单位", &[], false),
    col("case_no", "厂商工单号", &["工单号"], false),
    col("technician", "维修人员", &["工程师"], false),
    col("arrived_at", "到场时间", &[], false),
    col("work_done", "维修内容", &["处理过程"], false),
    col("part", "更换部件", &["部件"], false),
    col("old_serial", "旧件序列号", &["旧件SN"], false),
    col("new_serial", "新件序列号", &["新件SN"], false),
    col("disposal", "旧件处置", &[], false),
    col("completed_at", "完成时间", &[], false),
    col("result", "维修结果", &[], false),
    col("under_warranty", "是否在保", &["在保"], false),
    col("cost", "费用(元)", &["费用", "维修费用"], false),
    col("accepted_by", "验收人", &[], false),
    col("accepted_on", "验收日期", &[], false),
    col("state", "状态", &["维修状态"], false),
];

/// 附件3 故障告警登记表, in the form's order.
pub const FAULTS: &[Column] = &[
    col("fault_no", "登记编号", &["故障单号", "告警编号", "Fault No"], true),
    col("kind", "类别", &[], true),
    col("occurred_at", "发生时间", &["告警时间"], true),
    col("source", "来源", &[], true),
    col("room", "机房", &["Room"], false),
    col("cabinet", "机柜编号", &["机柜", "Cabinet"], false),
    col("asset_tag", "资产编号", &["资产编码", "Asset Tag"], false),
    col("asset_name", "设备名称", &["名称"], false),
    col("fault_type", "故障类型", &[], false),
    col("severity", "级别", &["故障级别", "告警级别"], true),
    col("description", "描述", &["故障描述", "告警描述"], true),
    col("service_impact", "是否影响业务", &["影响业务"], false),
    col("reporter", "报告人", &["发现人"], false),
    col("acknowledged_at", "确认时间", &[], false),
    col("handler", "处理人", &[], false),
    col("actions", "处理过程", &[], false),
    col("root_cause", "原因分析", &["原因"], false),
    col("recovered_at", "恢复时间", &[], false),
    col("duration_min", "持续时长(分钟)", &["持续时长"], false),
    col("repair_nos", "关联维修单号", &[], false),
    col("state", "状态", &["处理状态"], false),
];

/// 附件1 子表1 (templates.md), as an import reads it: the check point first (the key).
pub const INSPECTION_POINTS: &[Column] = &[
    col("point", "检查点", &[], true),
    col("item", "巡检项", &[], true),
    col("room", "机房", &["Room"], false),
    col("standard", "标准", &[], false),
    col("reading", "读数", &[], false),
    col("result", "结果", &[], true),
    col("description", "异常描述", &[], false),
    col("handling", "处理情况", &[], false),
    col("fault_no", "关联告警编号", &[], false),
    col("note", "备注", &[], false),
];

/// 附件1 子表2 (templates.md), as an import reads it: the asset tag first (the key).
pub const INSPECTION_DEVICES: &[Column] = &[
    col("asset_tag", "资产编号", &["资产编码", "Asset Tag"], true),
    col("power", "电源指示", &[], false),
    col("disk", "硬盘指示", &[], false),
    col("fan", "风扇与系统告警灯", &["风扇指示", "告警灯"], false),
    col("net", "网口指示", &[], false),
    col("result", "结果", &[], true),
    col("description", "异常描述", &[], false),
    col("fault_no", "关联告警编号", &[], false),
    col("note", "备注", &[], false),
    col("room", "机房", &["Room"], false),
    col("cabinet", "机柜编号", &["机柜", "Cabinet"], false),
];

impl SheetKind {
    /// What importing this sheet writes, for the role check ([`crate::roles::ensure_writes`]):
    /// 资产登记 / 端口连接 / 维修记录 / 故障告警登记 are the hardware engineer's, 功率读数 /
    /// 温湿度记录 / 列头柜 the IDC engineer's, rooms and cabinets the administrator's.
    pub fn areas(self) -> &'static [crate::roles::Area] {
        use crate::roles::Area;
        match self {
            SheetKind::Rooms | SheetKind::Cabinets => &[Area::Site],
            SheetKind::RowHeads | SheetKind::Readings => &[Area::Power],
            SheetKind::Assets => &[Area::Assets, Area::Ports],
            SheetKind::Cables => &[Area::Ports],
            SheetKind::EnvReadings => &[Area::Environment],
            SheetKind::Repairs => &[Area::Repairs, Area::Assets],
            SheetKind::Faults => &[Area::Faults],
            SheetKind::InspectionPoints | SheetKind::InspectionDevices => &[Area::Inspections, Area::Faults],
        }
    }

    /// In the order a whole-site workbook is imported.
    pub const ALL: &'static [SheetKind] = &[
        SheetKind::Rooms,
        SheetKind::RowHeads,
        SheetKind::Cabinets,
        SheetKind::Assets,
        SheetKind::Cables,
        SheetKind::Readings,
        SheetKind::EnvReadings,
        SheetKind::Faults,
        SheetKind::Repairs,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SheetKind::Rooms => "rooms",
            SheetKind::RowHeads => "row_heads",
            SheetKind::Cabinets => "cabinets",
            SheetKind::Assets => "assets",
            SheetKind::Cables => "cables",
            SheetKind::Readings => "readings",
            SheetKind::EnvReadings => "env_readings",
            SheetKind::Repairs => "repairs",
            SheetKind::Faults => "faults",
            SheetKind::InspectionPoints => "inspection_points",
            SheetKind::InspectionDevices => "inspection_devices",
        }
    }

    /// The sheet's name in templates.md.
    pub fn sheet_name(self) -> &'static str {
        match self {
            SheetKind::Rooms => "机房",
            SheetKind::RowHeads => "列头柜",
            SheetKind::Cabinets => "机柜",
            SheetKind::Assets => "资产登记",
            SheetKind::Cables => "端口连接",
            SheetKind::Readings => "功率读数",
            SheetKind::EnvReadings => "温湿度记录",
            SheetKind::Repairs => "维修记录",
            SheetKind::Faults => "故障告警登记",
            SheetKind::InspectionPoints => "子表1 机房环境与基础设施",
            SheetKind::InspectionDevices => "子表2 硬件设备",
        }
    }

    /// Other names people give the sheet.
    fn other_names(self) -> &'static [&'static str] {
        match self {
            SheetKind::Rooms => &["机房表", "rooms"],
            SheetKind::RowHeads => &["列头柜表", "row heads", "row_heads"],
            SheetKind::Cabinets => &["机柜表", "cabinets"],
            SheetKind::Assets => &["资产登记表", "设备台账", "台账", "assets", "附件6"],
            SheetKind::Cables => &["端口连接表", "cables"],
            SheetKind::Readings => &["功率读数表", "readings"],
            SheetKind::EnvReadings => &["温湿度记录表", "温湿度", "动环温湿度", "env", "env readings"],
            SheetKind::Repairs => &["维修记录表", "repairs", "附件4"],
            SheetKind::Faults => &["故障告警登记表", "故障登记", "faults", "附件3"],
            SheetKind::InspectionPoints => &["子表1"],
            SheetKind::InspectionDevices => &["子表2"],
        }
    }

    /// Whether this import writes the sheet (the others are recognised and reported).
    pub fn supported(self) -> bool {
        true
    }

    pub fn columns(self) -> Vec<Column> {
        match self {
            SheetKind::Assets => asset_columns(),
            SheetKind::Rooms => ROOMS.to_vec(),
            SheetKind::RowHeads => ROW_HEADS.to_vec(),
            SheetKind::Cabinets => CABINETS.to_vec(),
            SheetKind::Readings => READINGS.to_vec(),
            SheetKind::EnvReadings => super::environment::ENV_READINGS.to_vec(),
            SheetKind::Cables => CABLES.to_vec(),
            SheetKind::Repairs => REPAIRS.to_vec(),
            SheetKind::Faults => FAULTS.to_vec(),
            SheetKind::InspectionPoints => INSPECTION_POINTS.to_vec(),
            SheetKind::InspectionDevices => INSPECTION_DEVICES.to_vec(),
        }
    }

    fn by_name(name: &str) -> Option<SheetKind> {
        let n = normalize_header(name);
        SheetKind::ALL
            .iter()
            .copied()
            .find(|k| normalize_header(k.sheet_name()) == n || k.other_names().iter().any(|o| normalize_header(o) == n))
    }
}

/// The 资产登记 columns, from the field registry (the single source of truth).
fn asset_columns() -> Vec<Column> {
    AssetField::ALL
        .iter()
        .map(|f| Column { key: f.key(), header: f.header_zh(), aliases: f.aliases(), required: f.required() })
        .collect()
}

/// Which column of `columns` a header cell names, if any.
pub fn match_header(columns: &[Column], cell: &str) -> Option<usize> {
    let wanted = normalize_header(cell);
    if wanted.is_empty() {
        return None;
    }
    columns.iter().position(|c| {
        normalize_header(c.header) == wanted
            || normalize_header(c.key) == wanted
            || c.aliases.iter().any(|a| normalize_header(a) == wanted)
    })
}

/// Where a sheet's header is and what each of its columns means.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// Index into the sheet's rows.
    pub row_index: usize,
    /// Excel row number of the header.
    pub row_number: u32,
    /// For each known column (index into `kind.columns()`): the sheet column and its header text.
    pub mapped: Vec<Option<(usize, String)>>,
    /// Header texts of columns this import does not read.
    pub ignored: Vec<String>,
}

/// How far down a header row may be.
pub const HEADER_SEARCH_ROWS: usize = 20;

/// The best header row for `columns` among the first rows: the one naming the most columns,
/// which must include the first (key) column and at least two in all.
pub fn find_header(sheet: &RawSheet, columns: &[Column]) -> Option<Header> {
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let mut seen = vec![false; columns.len()];
        for cell in &row.cells {
            if let Some(k) = match_header(columns, &cell.text()) {
                seen[k] = true;
            }
        }
        let score = seen.iter().filter(|s| **s).count();
        if seen.first().copied().unwrap_or(false) && score >= 2 && best.is_none_or(|(_, s)| score > s) {
            best = Some((i, score));
        }
    }
    let (row_index, _) = best?;
    let row = &sheet.rows[row_index];
    let mut mapped: Vec<Option<(usize, String)>> = vec![None; columns.len()];
    let mut ignored = Vec::new();
    for (c, cell) in row.cells.iter().enumerate() {
        let text = cell.text();
        if text.is_empty() {
            continue;
        }
        match match_header(columns, &text) {
            Some(k) if mapped[k].is_none() => mapped[k] = Some((c, text)),
            _ => ignored.push(text),
        }
    }
    Some(Header { row_index, row_number: row.number, mapped, ignored })
}

/// A sheet recognised as one of ours.
#[derive(Debug, Clone)]
pub struct Recognised {
    pub kind: SheetKind,
    pub header: Option<Header>,
}

/// Recognises a sheet by its name, or else by its header row. None: not one of ours.
pub fn recognise(sheet: &RawSheet) -> Option<Recognised> {
    if let Some(kind) = SheetKind::by_name(&sheet.name) {
        return Some(Recognised { kind, header: find_header(sheet, &kind.columns()) });
    }
    let mut best: Option<(SheetKind, Header, usize)> = None;
    for kind in SheetKind::ALL.iter().copied() {
        if let Some(h) = find_header(sheet, &kind.columns()) {
            let score = h.mapped.iter().filter(|m| m.is_some()).count();
            if best.as_ref().is_none_or(|(_, _, s)| score > *s) {
                best = Some((kind, h, score));
            }
        }
    }
    // Two columns may be a coincidence on an unknown sheet; three name it.
    best.filter(|(_, _, s)| *s >= 3).map(|(kind, h, _)| Recognised { kind, header: Some(h) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::excel::read::{Cell, RawRow};

    fn sheet(name: &str, rows: &[&[&str]]) -> RawSheet {
        RawSheet {
            name: name.into(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, r)| RawRow {
                    number: i as u32 + 1,
                    cells: r
                        .iter()
                        .map(|c| if c.is_empty() { Cell::Empty } else { Cell::Text(c.to_string()) })
                        .collect(),
                })
                .collect(),
        }
    }

    #[test]
    fn header_below_a_title_with_aliases() {
        let s = sheet(
            "Sheet1",
            &[&["设备清单"], &[], &["说明：带*为必填"], &["资产编码*", "名称", "颜色", "额定功率（W）*"]],
        );
        let r = recognise(&s).unwrap_or_else(|| panic!("recognised"));
        assert_eq!(r.kind, SheetKind::Assets);
        let h = r.header.unwrap_or_else(|| panic!("header"));
        assert_eq!(h.row_number, 4);
        assert_eq!(h.ignored, vec!["颜色".to_string()]);
    }

    #[test]
    fn by_name_even_without_a_header() {
        let r = recognise(&sheet("端口连接", &[&["x"]])).unwrap_or_else(|| panic!("recognised"));
        assert_eq!(r.kind, SheetKind::Cables);
        assert!(r.header.is_none());
        assert!(recognise(&sheet("杂项", &[&["a", "b"]])).is_none());
    }
}

//! The core's typed errors. Each message tells the user what went wrong and what to do, in
//! Chinese (the `Display` text) or English ([`Error::message`] with [`Lang::En`]). [`Error::code`]
//! is the stable code that crosses IPC and lets the UI branch.

use crate::i18n::Lang;
use crate::model::{CableType, FaultState, InspectionState, PortKind, RepairState, RequestState, Status};

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A device already on the units someone asked for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Occupied {
    pub asset_tag: String,
    pub name: String,
    pub start_u: u32,
    pub end_u: u32,
    /// The approved racking request that reserves these units (the device is not racked yet).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_no: Option<String>,
}

fn list_occupied(v: &[Occupied]) -> String {
    v.iter()
        .map(|o| match &o.request_no {
            Some(no) => format!(
                "{}（{}，U{}{}，上架申请 {no} 已预留）",
                o.asset_tag,
                o.name,
                o.start_u,
                u_suffix(o.start_u, o.end_u)
            ),
            None => format!("{}（{}，U{}{}）", o.asset_tag, o.name, o.start_u, u_suffix(o.start_u, o.end_u)),
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// Milliseconds as seconds for a message: `10`, `0.3`.
fn secs(ms: u64) -> String {
    if ms % 1000 == 0 {
        (ms / 1000).to_string()
    } else {
        format!("{:.1}", ms as f64 / 1000.0)
    }
}

/// `A01（3 台）、A02（1 台）`, the first eight cabinets, then how many there are in all.
fn list_places(places: &[(String, u32)], lang: Lang) -> String {
    let shown: Vec<String> = places
        .iter()
        .take(8)
        .map(|(c, n)| match lang {
            Lang::Zh => format!("{c}（{n} 台）"),
            Lang::En => format!("{c} ({n})"),
        })
        .collect();
    let mut s = shown.join(lang.pick("、", ", "));
    if places.len() > 8 {
        s.push_str(&match lang {
            Lang::Zh => format!(" 等 {} 个机柜", places.len()),
            Lang::En => format!(" and more, {} cabinets in all", places.len()),
        });
    }
    s
}

fn u_suffix(start: u32, end: u32) -> String {
    if end > start {
        format!("–U{end}")
    } else {
        String::new()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("数据库操作失败（{context}）：{source}")]
    Storage {
        context: String,
        #[source]
        source: rusqlite::Error,
    },
    #[error("无法访问文件 {path}：{source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "数据库文件的结构版本为 {found}，高于本程序支持的 {supported}。请升级 RackLedger 后再打开，文件未被改动。"
    )]
    SchemaTooNew { found: i64, supported: i64 },
    #[error("找不到资产编号为“{tag}”的设备")]
    AssetNotFound { tag: String },
    #[error("找不到机柜“{code}”，请先用 cabinet add 登记机柜")]
    CabinetNotFound { code: String },
    #[error("找不到机房“{name}”")]
    RoomNotFound { name: String },
    #[error("资产编号“{tag}”已存在")]
    DuplicateTag { tag: String },
    #[error("品牌“{vendor}”下序列号“{serial}”已被设备 {other_tag} 使用")]
    DuplicateSerial { vendor: String, serial: String, other_tag: String },
    #[error("机柜编号“{code}”已存在")]
    DuplicateCabinet { code: String },
    #[error("字段“{field}”的值“{value}”无效：{reason}")]
    InvalidValue { field: String, value: String, reason: String },
    #[error("缺少必填字段“{field}”")]
    MissingField { field: String },
    #[error("未知字段“{field}”")]
    UnknownField { field: String },
    #[error("“{field}”由上架位置决定，请用 place / move / unplace 修改")]
    PositionField { field: String },
    #[error("{cabinet} 只有 {height}U，无法放在 U{start_u}{}（占 {u_height}U）", u_suffix(*start_u, start_u + u_height.saturating_sub(1)))]
    OutOfBounds { cabinet: String, start_u: u32, u_height: u32, height: u32 },
    #[error("{cabinet} 的 U{start_u}{} 已被占用：{}", u_suffix(*start_u, *end_u), list_occupied(occupied))]
    SpaceConflict { cabinet: String, start_u: u32, end_u: u32, occupied: Vec<Occupied> },
    #[error("设备 {tag} 的状态不能从“{}”改为“{}”", from.label_zh(), to.label_zh())]
    Transition { tag: String, from: Status, to: Status },
    #[error("设备 {tag} 的状态为“{}”，不能上架；请先改为在用或闲置", status.label_zh())]
    NotRackable { tag: String, status: Status },
    #[error("设备 {tag} 仍在 {position} 上架，请先下架")]
    StillRacked { tag: String, position: String },
    #[error("设备 {tag} 已在 {position} 上架，请用 move 迁移")]
    AlreadyRacked { tag: String, position: String },
    #[error("设备 {tag} 未上架")]
    NotRacked { tag: String },
    #[error("此资产（{tag}）已被 {by} 于 {at} 修改，请刷新后重试")]
    StaleVersion { tag: String, by: String, at: String },
    #[error("电力检查未通过，拒绝上架到 {cabinet}：{reasons}。如确需上架，请用 --override 说明原因")]
    PowerRefused { cabinet: String, reasons: String },
    #[error("无法读取表格文件 {path}：{reason}")]
    Workbook { path: String, reason: String },
    #[error("无法写入表格文件 {path}：{reason}")]
    WriteWorkbook { path: String, reason: String },
    #[error("暂不支持{what}，将在后续版本提供")]
    NotSupported { what: String },
    #[error("找不到登记编号为“{no}”的故障/告警记录")]
    FaultNotFound { no: String },
    #[error("找不到维修单号为“{no}”的维修记录")]
    RepairNotFound { no: String },
    #[error("故障登记 {no} 的状态不能从“{}”改为“{}”", from.label_zh(), to.label_zh())]
    FaultTransition { no: String, from: FaultState, to: FaultState },
    #[error("维修单 {no} 的状态不能从“{}”改为“{}”", from.label_zh(), to.label_zh())]
    RepairTransition { no: String, from: RepairState, to: RepairState },
    #[error("设备 {tag} 已有未关闭的维修单 {repair_no}，请先处理该维修单")]
    RepairAlreadyOpen { tag: String, repair_no: String },
    #[error("维修单 {repair_no} 没有记下原上架位置（并非返厂下架），无法按原位回架；请用 place 上架")]
    NoReturnPosition { repair_no: String },
    #[error("找不到申请单号为“{no}”的上架申请")]
    RequestNotFound { no: String },
    #[error("找不到单号为“{no}”的操作申请")]
    OperationNotFound { no: String },
    #[error("上架申请 {no} 的状态不能从“{}”改为“{}”", from.label_zh(), to.label_zh())]
    RequestTransition { no: String, from: RequestState, to: RequestState },
    #[error("{operator} 不是审批人，不能审批上架申请（审批人：{approvers}）；请用 settings set approvers 设置")]
    NotApprover { operator: String, approvers: String },
    #[error("上架申请 {no} 未通过审批检查：{reasons}{}", if *overridable { "。如确需批准，请用 --override 说明原因" } else { "（空间冲突不能越过）" })]
    ApprovalRefused { no: String, reasons: String, overridable: bool },
    #[error("设备 {tag} 没有名为“{port}”的端口")]
    PortNotFound { tag: String, port: String },
    #[error("设备 {tag} 已有名为“{port}”的端口")]
    DuplicatePort { tag: String, port: String },
    /// `port` and `far` are written `资产编号:端口`.
    #[error("端口 {port} 已被线缆 {cable_no} 占用（对端 {far}），请先断开该线缆")]
    PortTaken { port: String, cable_no: String, far: String },
    #[error("端口 {a}（{}）与 {b}（{}）类型不兼容，不能连接", a_kind.label_zh(), b_kind.label_zh())]
    PortsIncompatible { a: String, a_kind: PortKind, b: String, b_kind: PortKind },
    #[error("{}不能用于端口 {port}（{}）", cable_type.label_zh(), kind.label_zh())]
    CableTypeUnfit { cable_type: CableType, port: String, kind: PortKind },
    #[error("不能把端口 {port} 连到它自己")]
    SamePort { port: String },
    #[error("找不到编号为“{no}”的线缆")]
    CableNotFound { no: String },
    #[error("线缆编号“{no}”已存在")]
    DuplicateCable { no: String },
    #[error("找不到端口模板“{name}”")]
    TemplateNotFound { name: String },
    #[error("没有适用于设备 {tag}（型号“{model}”）的端口模板，请用 --template 指定")]
    NoTemplate { tag: String, model: String },
    #[error("批量跳线两端的端口数不同：{from} 个对 {to} 个")]
    PatchMismatch { from: usize, to: usize },
    #[error("找不到可用于打印标签的中文字体（已查找：{}）。请安装 Debian 软件包 fonts-noto-cjk（apt-get install fonts-noto-cjk），或用环境变量 RACKLEDGER_LABEL_FONT 指定一个 .ttf/.otf/.ttc 中文字体文件", tried.join("、"))]
    LabelFont { tried: Vec<String> },
    #[error("字体文件 {path} 不能用于打印标签：{reason}")]
    LabelFontInvalid { path: String, reason: String },
    #[error("生成标签 PDF 失败：{reason}")]
    LabelPdf { reason: String },
    #[error("数据库正被其他程序（另一个窗口或命令行）占用，已等待 {} 秒仍未释放（{context}）。请稍后重试，未写入任何数据", secs(*waited_ms))]
    Busy { context: String, waited_ms: u64 },
    #[error("{path} 不能用于恢复：{reason}。当前数据库未被改动")]
    BadBackup { path: String, reason: String },
    #[error("{path} 不是本台账的备份：{reason}。未恢复，当前数据库未被改动")]
    OtherLedger { path: String, reason: String },
    #[error("找不到巡检单号为“{no}”的巡检记录")]
    InspectionNotFound { no: String },
    #[error("巡检 {no} 的状态不能从“{}”改为“{}”", from.label_zh(), to.label_zh())]
    InspectionTransition { no: String, from: InspectionState, to: InspectionState },
    #[error("巡检 {no} 已{}，不能再标记", state.label_zh().trim_start_matches('已'))]
    InspectionClosed { no: String, state: InspectionState },
    #[error("巡检 {no} 还有 {devices} 台设备、{points} 个检查点未标记，不能提交{}", if places.is_empty() { String::new() } else { format!("。未标记的设备在：{}", list_places(places, Lang::Zh)) })]
    InspectionUnmarked { no: String, devices: u32, points: u32, places: Vec<(String, u32)> },
    #[error("{what} 标记为“{result}”时必须填写异常描述")]
    FindingNeedsDescription { what: String, result: String },
    #[error("设备 {tag} 不在巡检 {no} 的设备清单中（开始巡检时未在这些机房上架）")]
    DeviceNotInInspection { no: String, tag: String },
    #[error("机柜 {cabinet} 不在巡检 {no} 中，或柜内没有设备")]
    CabinetNotInInspection { no: String, cabinet: String },
    #[error("机房“{room}”不在巡检 {no} 的范围内")]
    RoomNotInInspection { no: String, room: String },
    #[error("检查点“{point}”有多处：{}；请指明机房或巡检项", rooms.join("、"))]
    InspectionPointAmbiguous { point: String, rooms: Vec<String> },
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    /// Wraps a SQLite error with what we were doing.
    pub fn storage(context: impl Into<String>) -> impl FnOnce(rusqlite::Error) -> Error {
        let context = context.into();
        move |source| {
            // A writer that waited the whole busy timeout for another one: say so plainly.
            if matches!(
                source.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ) {
                return Error::Busy { context, waited_ms: crate::db::busy_timeout().as_millis() as u64 };
            }
            Error::Storage { context, source }
        }
    }

    /// A stable code for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Storage { .. } => "storage",
            Error::Io { .. } => "io",
            Error::SchemaTooNew { .. } => "schema_too_new",
            Error::AssetNotFound { .. } => "asset_not_found",
            Error::CabinetNotFound { .. } => "cabinet_not_found",
            Error::RoomNotFound { .. } => "room_not_found",
            Error::DuplicateTag { .. } => "duplicate_tag",
            Error::DuplicateSerial { .. } => "duplicate_serial",
            Error::DuplicateCabinet { .. } => "duplicate_cabinet",
            Error::InvalidValue { .. } => "invalid_value",
            Error::MissingField { .. } => "missing_field",
            Error::UnknownField { .. } => "unknown_field",
            Error::PositionField { .. } => "position_field",
            Error::OutOfBounds { .. } => "out_of_bounds",
            Error::SpaceConflict { .. } => "space_conflict",
            Error::Transition { .. } => "transition",
            Error::NotRackable { .. } => "not_rackable",
            Error::StillRacked { .. } => "still_racked",
            Error::AlreadyRacked { .. } => "already_racked",
            Error::NotRacked { .. } => "not_racked",
            Error::StaleVersion { .. } => "stale_version",
            Error::PowerRefused { .. } => "power_refused",
            Error::Workbook { .. } => "workbook",
            Error::WriteWorkbook { .. } => "write_workbook",
            Error::NotSupported { .. } => "not_supported",
            Error::FaultNotFound { .. } => "fault_not_found",
            Error::RepairNotFound { .. } => "repair_not_found",
            Error::FaultTransition { .. } => "fault_transition",
            Error::RepairTransition { .. } => "repair_transition",
            Error::RepairAlreadyOpen { .. } => "repair_already_open",
            Error::NoReturnPosition { .. } => "no_return_position",
            Error::RequestNotFound { .. } => "request_not_found",
            Error::OperationNotFound { .. } => "operation_not_found",
            Error::RequestTransition { .. } => "request_transition",
            Error::NotApprover { .. } => "not_approver",
            Error::ApprovalRefused { .. } => "approval_refused",
            Error::PortNotFound { .. } => "port_not_found",
            Error::DuplicatePort { .. } => "duplicate_port",
            Error::PortTaken { .. } => "port_taken",
            Error::PortsIncompatible { .. } => "ports_incompatible",
            Error::CableTypeUnfit { .. } => "cable_type_unfit",
            Error::SamePort { .. } => "same_port",
            Error::CableNotFound { .. } => "cable_not_found",
            Error::DuplicateCable { .. } => "duplicate_cable",
            Error::TemplateNotFound { .. } => "template_not_found",
            Error::NoTemplate { .. } => "no_template",
            Error::PatchMismatch { .. } => "patch_mismatch",
            Error::LabelFont { .. } => "label_font",
            Error::LabelFontInvalid { .. } => "label_font_invalid",
            Error::LabelPdf { .. } => "label_pdf",
            Error::Busy { .. } => "busy",
            Error::BadBackup { .. } => "bad_backup",
            Error::OtherLedger { .. } => "other_ledger",
            Error::InspectionNotFound { .. } => "inspection_not_found",
            Error::InspectionTransition { .. } => "inspection_transition",
            Error::InspectionClosed { .. } => "inspection_closed",
            Error::InspectionUnmarked { .. } => "inspection_unmarked",
            Error::FindingNeedsDescription { .. } => "finding_needs_description",
            Error::DeviceNotInInspection { .. } => "device_not_in_inspection",
            Error::CabinetNotInInspection { .. } => "cabinet_not_in_inspection",
            Error::RoomNotInInspection { .. } => "room_not_in_inspection",
            Error::InspectionPointAmbiguous { .. } => "inspection_point_ambiguous",
            Error::Invalid(_) => "invalid",
        }
    }

    /// The key of the form field (`rated_w`, `serial`, …) this error should be shown beside.
    pub fn field(&self) -> Option<String> {
        match self {
            Error::InvalidValue { field, .. } | Error::MissingField { field } | Error::UnknownField { field } => {
                Some(crate::model::AssetField::lookup(field).map_or_else(|| field.clone(), |f| f.key().to_string()))
            }
            Error::DuplicateTag { .. } => Some("asset_tag".into()),
            Error::DuplicateSerial { .. } => Some("serial".into()),
            _ => None,
        }
    }

    /// The message in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.to_string(),
            Lang::En => self.message_en(),
        }
    }

    fn message_en(&self) -> String {
        let occ = |v: &[Occupied]| {
            v.iter()
                .map(|o| match &o.request_no {
                    Some(no) => format!(
                        "{} ({}, U{}{}, reserved by racking request {no})",
                        o.asset_tag,
                        o.name,
                        o.start_u,
                        u_suffix(o.start_u, o.end_u)
                    ),
                    None => format!("{} ({}, U{}{})", o.asset_tag, o.name, o.start_u, u_suffix(o.start_u, o.end_u)),
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        match self {
            Error::Storage { context, source } => format!("database error ({context}): {source}"),
            Error::Io { path, source } => format!("cannot access {path}: {source}"),
            Error::SchemaTooNew { found, supported } => format!(
                "the database schema is version {found}, newer than the {supported} this program supports; upgrade RackLedger to open it (the file was not changed)"
            ),
            Error::AssetNotFound { tag } => format!("no asset with tag \"{tag}\""),
            Error::CabinetNotFound { code } => format!("no cabinet \"{code}\"; add it first with `cabinet add`"),
            Error::RoomNotFound { name } => format!("no room \"{name}\""),
            Error::DuplicateTag { tag } => format!("asset tag \"{tag}\" already exists"),
            Error::DuplicateSerial { vendor, serial, other_tag } => {
                format!("serial \"{serial}\" of vendor \"{vendor}\" is already used by {other_tag}")
            }
            Error::DuplicateCabinet { code } => format!("cabinet code \"{code}\" already exists"),
            Error::InvalidValue { field, value, reason } => format!("invalid value \"{value}\" for field \"{field}\": {reason}"),
            Error::MissingField { field } => format!("required field \"{field}\" is missing"),
            Error::UnknownField { field } => format!("unknown field \"{field}\""),
            Error::PositionField { field } => format!("\"{field}\" follows the rack position; change it with place / move / unplace"),
            Error::OutOfBounds { cabinet, start_u, u_height, height } => format!(
                "{cabinet} has {height}U; a {u_height}U device cannot start at U{start_u}"
            ),
            Error::SpaceConflict { cabinet, start_u, end_u, occupied } => format!(
                "{cabinet} U{start_u}{} is occupied by {}",
                u_suffix(*start_u, *end_u),
                occ(occupied)
            ),
            Error::Transition { tag, from, to } => format!("{tag}: status cannot change from {from} to {to}"),
            Error::NotRackable { tag, status } => format!("{tag} is {status} and cannot be racked; set it to in_use or idle first"),
            Error::StillRacked { tag, position } => format!("{tag} is still racked at {position}; unrack it first"),
            Error::AlreadyRacked { tag, position } => format!("{tag} is already racked at {position}; use move"),
            Error::NotRacked { tag } => format!("{tag} is not racked"),
            Error::StaleVersion { tag, by, at } => format!("this asset ({tag}) was changed by {by} at {at}; refresh and try again"),
            Error::PowerRefused { cabinet, reasons } => {
                format!("power check refused racking into {cabinet}: {reasons}. Use --override with a reason to go ahead")
            }
            Error::Workbook { path, reason } => format!("cannot read the workbook {path}: {reason}"),
            Error::WriteWorkbook { path, reason } => format!("cannot write the workbook {path}: {reason}"),
            Error::NotSupported { what } => format!("{what} is not supported yet; it comes in a later version"),
            Error::FaultNotFound { no } => format!("no fault or alarm record \"{no}\""),
            Error::RepairNotFound { no } => format!("no repair record \"{no}\""),
            Error::FaultTransition { no, from, to } => format!("fault record {no}: state cannot change from {from} to {to}"),
            Error::RepairTransition { no, from, to } => format!("repair {no}: state cannot change from {from} to {to}"),
            Error::RepairAlreadyOpen { tag, repair_no } => {
                format!("{tag} already has repair {repair_no} that is not closed; deal with it first")
            }
            Error::NoReturnPosition { repair_no } => format!(
                "repair {repair_no} remembers no former position (the device was not taken out for a factory return); rack it with `place`"
            ),
            Error::RequestNotFound { no } => format!("no racking request \"{no}\""),
            Error::OperationNotFound { no } => format!("no operation request \"{no}\""),
            Error::RequestTransition { no, from, to } => {
                format!("racking request {no}: state cannot change from {from} to {to}")
            }
            Error::NotApprover { operator, approvers } => format!(
                "{operator} is not an approver and cannot approve racking requests (approvers: {approvers}); set them with `settings set approvers`"
            ),
            Error::ApprovalRefused { no, reasons, overridable } => {
                if *overridable {
                    format!("racking request {no} failed the approval check: {reasons}. Use --override with a reason to approve anyway")
                } else {
                    format!("racking request {no} failed the approval check: {reasons}")
                }
            }
            Error::PortNotFound { tag, port } => format!("{tag} has no port \"{port}\""),
            Error::DuplicatePort { tag, port } => format!("{tag} already has a port \"{port}\""),
            Error::PortTaken { port, cable_no, far } => {
                format!("port {port} is taken by cable {cable_no} (far end {far}); disconnect it first")
            }
            Error::PortsIncompatible { a, a_kind, b, b_kind } => {
                format!("ports {a} ({}) and {b} ({}) are not compatible", a_kind.label_zh(), b_kind.label_zh())
            }
            Error::CableTypeUnfit { cable_type, port, kind } => {
                format!("a {cable_type} cable does not fit port {port} ({})", kind.label_zh())
            }
            Error::SamePort { port } => format!("cannot connect port {port} to itself"),
            Error::CableNotFound { no } => format!("no cable \"{no}\""),
            Error::DuplicateCable { no } => format!("cable number \"{no}\" already exists"),
            Error::TemplateNotFound { name } => format!("no port template \"{name}\""),
            Error::NoTemplate { tag, model } => {
                format!("no port template fits {tag} (model \"{model}\"); name one with --template")
            }
            Error::PatchMismatch { from, to } => format!("the two sides of the patch differ: {from} ports against {to}"),
            Error::LabelFont { tried } => format!(
                "no Chinese font for labels (looked in: {}); install the Debian package fonts-noto-cjk, or name a .ttf/.otf/.ttc file in RACKLEDGER_LABEL_FONT",
                tried.join(", ")
            ),
            Error::LabelFontInvalid { path, reason } => format!("the font file {path} cannot be used for labels: {reason}"),
            Error::LabelPdf { reason } => format!("cannot write the label PDF: {reason}"),
            Error::Busy { context, waited_ms } => format!(
                "the database is in use by another program (another window or the command line) and was not released after {} s ({context}); try again shortly, nothing was written",
                secs(*waited_ms)
            ),
            Error::BadBackup { path, reason } => {
                format!("{path} cannot be restored: {reason}. The current database was not changed")
            }
            Error::OtherLedger { path, reason } => {
                format!("{path} is not a backup of this ledger: {reason}. Nothing was restored; the current database was not changed")
            }
            Error::InspectionNotFound { no } => format!("no inspection \"{no}\""),
            Error::InspectionTransition { no, from, to } => {
                format!("inspection {no}: state cannot change from {from} to {to}")
            }
            Error::InspectionClosed { no, state } => format!("inspection {no} is {state} and can no longer be marked"),
            Error::InspectionUnmarked { no, devices, points, places } => {
                let mut s = format!("inspection {no} cannot be submitted: {devices} devices and {points} check points are not marked");
                if !places.is_empty() {
                    s.push_str(&format!("; unmarked devices are in {}", list_places(places, Lang::En)));
                }
                s
            }
            Error::FindingNeedsDescription { what, result } => {
                format!("{what}: a result of {result} needs a description of what is wrong")
            }
            Error::DeviceNotInInspection { no, tag } => format!(
                "{tag} is not on the device list of inspection {no} (it was not racked in these rooms when the inspection started)"
            ),
            Error::CabinetNotInInspection { no, cabinet } => {
                format!("cabinet {cabinet} is not part of inspection {no}, or holds no device")
            }
            Error::RoomNotInInspection { no, room } => format!("room \"{room}\" is not part of inspection {no}"),
            Error::InspectionPointAmbiguous { point, rooms } => {
                format!("check point \"{point}\" appears more than once ({}); name the room or the item", rooms.join(", "))
            }
            Error::Invalid(msg) => msg.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conflict_message_names_the_assets() {
        let e = Error::SpaceConflict {
            cabinet: "A03".into(),
            start_u: 21,
            end_u: 22,
            occupied: vec![Occupied {
                asset_tag: "ZC-1".into(),
                name: "web01".into(),
                start_u: 22,
                end_u: 23,
                request_no: None,
            }],
        };
        assert_eq!(e.to_string(), "A03 的 U21–U22 已被占用：ZC-1（web01，U22–U23）");
        assert!(e.message(Lang::En).contains("ZC-1"));
        assert_eq!(e.code(), "space_conflict");
    }
}

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

/// `运维总监 / 管理员`: the roles that may take a step, in the message's language.
fn role_list(roles: &[crate::model::Role], lang: Lang) -> String {
    roles.iter().map(|r| r.name(lang)).collect::<Vec<_>>().join(" / ")
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

/// A level (0.8) as the percent a message shows: `80`, `72.5`.
fn pct(level: f64) -> String {
    let p = (level * 1000.0).round() / 10.0;
    if p.fract() == 0.0 {
        format!("{p:.0}")
    } else {
        format!("{p:.1}")
    }
}

/// Which labels a print request was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelKind {
    Device,
    Cable,
}

impl LabelKind {
    fn what_en(self) -> &'static str {
        match self {
            LabelKind::Device => "asset tags",
            LabelKind::Cable => "cable numbers",
        }
    }

    fn held_en(self) -> &'static str {
        match self {
            LabelKind::Device => "racked devices",
            LabelKind::Cable => "registered cables",
        }
    }
}

fn nothing_to_label_zh(kind: Option<LabelKind>, cabinet: Option<&str>) -> String {
    match (kind, cabinet) {
        (None, _) => "没有要打印的标签".to_string(),
        (Some(LabelKind::Device), None) => "请给出要打印标签的资产编号".to_string(),
        (Some(LabelKind::Cable), None) => "请给出要打印标签的线缆编号".to_string(),
        (Some(LabelKind::Device), Some(c)) => format!("机柜 {c} 中没有已上架的设备，没有要打印的标签"),
        (Some(LabelKind::Cable), Some(c)) => format!("机柜 {c} 中没有已登记的线缆，没有要打印的标签"),
    }
}

/// What went wrong writing a backup file (the storage and file errors have their own variants).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupProblem {
    /// The destination appeared while the copy was written; it is never overwritten.
    Exists,
    /// SQLite's backup step asked for more steps although it was told to copy everything.
    Incomplete,
    /// A backup step result this version of rusqlite did not know.
    UnknownStep,
    /// The file just written is not recognised as a backup.
    Unreadable,
}

fn backup_zh(what: &str, problem: BackupProblem) -> String {
    match problem {
        BackupProblem::Exists => format!("备份文件 {what} 已存在，未覆盖"),
        BackupProblem::Incomplete => format!("{what}：未能一次复制完整"),
        BackupProblem::UnknownStep => format!("{what}：未知的备份结果"),
        BackupProblem::Unreadable => format!("备份文件 {what} 写入后不可读"),
    }
}

/// Which size of the demo site was out of range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoCount {
    Cabinets,
    Devices,
}

impl DemoCount {
    fn label_zh(self) -> &'static str {
        match self {
            DemoCount::Cabinets => "机柜",
            DemoCount::Devices => "设备",
        }
    }

    fn code(self) -> &'static str {
        match self {
            DemoCount::Cabinets => "cabinets",
            DemoCount::Devices => "devices",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("数据库操作失败（{context}）：{source}")]
    Storage {
        context: String,
        #[source]
        source: crate::db::SqlError,
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
    #[error("找不到机柜“{code}”，请先登记机柜")]
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
    #[error("“{field}”由上架位置决定，请通过上架、迁移或下架修改")]
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
    #[error("设备 {tag} 已在 {position} 上架，请改为迁移")]
    AlreadyRacked { tag: String, position: String },
    #[error("设备 {tag} 未上架")]
    NotRacked { tag: String },
    #[error("此资产（{tag}）已被 {by} 于 {at} 修改，请刷新后重试")]
    StaleVersion { tag: String, by: String, at: String },
    #[error("电力检查未通过，拒绝上架到 {cabinet}：{reasons}。如确需上架，请填写超限原因")]
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
    #[error("维修单 {repair_no} 没有记下原上架位置（并非返厂下架），无法按原位回架；请重新选择位置上架")]
    NoReturnPosition { repair_no: String },
    #[error("找不到申请单号为“{no}”的上架申请")]
    RequestNotFound { no: String },
    #[error("找不到单号为“{no}”的操作申请")]
    OperationNotFound { no: String },
    #[error("上架申请 {no} 的状态不能从“{}”改为“{}”", from.label_zh(), to.label_zh())]
    RequestTransition { no: String, from: RequestState, to: RequestState },
    #[error("{operator} 不是审批人，不能审批上架申请（审批人：{approvers}）；请联系管理员指定审批人")]
    NotApprover { operator: String, approvers: String },
    #[error("上架申请 {no} 未通过审批检查：{reasons}{}", if *overridable { "。如确需批准，请填写越过检查的原因" } else { "（空间冲突不能越过）" })]
    ApprovalRefused { no: String, reasons: String, overridable: bool },
    #[error("{operator} 没有“{}”所需的角色：需要 {}", crate::roles::action_name(*action, Lang::Zh), role_list(roles, Lang::Zh))]
    RoleRequired { operator: String, action: crate::states::Action, roles: Vec<crate::model::Role> },
    #[error("{operator} 没有“{}”所需的角色：需要 {}", area.name(Lang::Zh), role_list(roles, Lang::Zh))]
    WriteRoleRequired { operator: String, area: crate::roles::Area, roles: Vec<crate::model::Role> },
    #[error("{operator} 不能{}{filer} 填写的上架申请 {no}：需要 {}，或由填写人本人{}", crate::roles::action_name(*action, Lang::Zh), role_list(&crate::roles::who_may_for_others(*action, None), Lang::Zh), crate::roles::action_name(*action, Lang::Zh))]
    NotFiler { operator: String, no: String, filer: String, action: crate::states::Action },
    #[error("上架申请 {no}：审批时不能越过功率检查；功率超限由 IDC工程师在机房审核时决定是否放行（需填写原因）")]
    ApprovalOverride { no: String },
    #[error("上架申请 {no} 未通过机房审核：{reasons}{}", if *overridable { "。如确需放行，IDC工程师可填写越过检查的原因" } else { "（空间冲突不能越过）" })]
    ReviewRefused { no: String, reasons: String, overridable: bool },
    #[error("上架申请 {no} 还没有操作申请单（附件5），请先填写操作申请单再确认")]
    NoOperation { no: String },
    #[error("操作申请单 {no} 已由 {by} 确认")]
    AlreadyConfirmed { no: String, by: String },
    #[error("上架申请 {no} 由 {executor} 实施，验收须由另一人完成")]
    SamePerson { no: String, executor: String },
    #[error("设备 {tag} 没有已确认的操作申请单（附件5），不能上架、迁移或接线；紧急情况请走紧急操作并说明原因")]
    NeedsConfirmedOperation { tag: String },
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
    #[error("没有适用于设备 {tag}（型号“{model}”）的端口模板，请指定端口模板")]
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
    #[error("“{what}”只适用于单机账本文件，当前台账在 {engine} 数据库上")]
    FileOnly { what: &'static str, engine: &'static str },
    #[error("无法连接团队数据库 {target}：{problem}")]
    DbConnect { target: String, problem: String },
    #[error("{target} 不是 RackLedger 台账数据库：{reason}。请连接一个空数据库或已有的台账")]
    NotALedger { target: String, reason: String },
    #[error("团队数据库以登录名“{login}”记录操作人，不接受另行指定操作人“{given}”")]
    OperatorOnTeam { login: String, given: String },
    #[error("“{what}”只适用于团队数据库（PostgreSQL），当前台账是单机文件")]
    TeamOnly { what: &'static str },
    #[error("复制的目标不是空台账：其中已有机房、设备或操作记录。请复制到一个新建的空数据库或新文件")]
    CopyTargetNotEmpty,
    #[error("与团队数据库的连接已断开（{context}），本次操作未写入任何数据。请检查网络后重试")]
    Disconnected { context: String },
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
    #[error("找不到列头柜“{code}”")]
    RowHeadNotFound { code: String },
    #[error("列头柜编号“{code}”已存在")]
    DuplicateRowHead { code: String },
    #[error("机房“{name}”已存在")]
    DuplicateRoom { name: String },
    #[error("找不到端口（内部编号 {id}）")]
    PortIdNotFound { id: i64 },
    #[error("预警阈值（{}%）应低于告警阈值（{}%）", pct(*warning), pct(*alarm))]
    LevelOrder { warning: f64, alarm: f64 },
    #[error("设备 {tag} 已由上架申请 {request_no} 预留在其他位置")]
    ReservedElsewhere { tag: String, request_no: String },
    #[error("{}", nothing_to_label_zh(*kind, cabinet.as_deref()))]
    NothingToLabel { kind: Option<LabelKind>, cabinet: Option<String> },
    #[error("无法为“{data}”生成二维码：{reason}")]
    QrCode { data: String, reason: String },
    #[error("{}", backup_zh(what, *problem))]
    Backup { what: String, problem: BackupProblem },
    #[error("内存数据库没有文件，不能备份")]
    NoDatabaseFile,
    #[error("升级结构版本 {version} 之前无法备份数据库，未升级：{source}")]
    MigrationBackup { version: i64, source: Box<Error> },
    #[error("{}数量应在 {min} 到 {max} 之间（给出的是 {value}）", what.label_zh())]
    DemoSize { what: DemoCount, value: u32, min: u32, max: u32 },
    #[error("数据库中已有机柜或设备，演示数据只能导入空数据库")]
    DemoNotEmpty,
    #[error("{sheet} 第 {row} 行（线缆 {cable_no}）：{source}")]
    CableRow { sheet: String, row: u32, cable_no: String, source: Box<Error> },
    #[error("已有更新的同类请求，本次结果不再需要")]
    Superseded,
}

impl Error {
    /// Wraps a database error (either engine) with what we were doing.
    pub fn storage<E: Into<crate::db::SqlError>>(context: impl Into<String>) -> impl FnOnce(E) -> Error {
        let context = context.into();
        move |source| {
            let source = source.into();
            // A writer that waited the whole busy timeout for another one: say so plainly.
            if source.is_disconnected() {
                return Error::Disconnected { context };
            }
            if source.is_busy() {
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
            Error::RoleRequired { .. } => "role_required",
            Error::WriteRoleRequired { .. } => "write_role_required",
            Error::NotFiler { .. } => "not_filer",
            Error::ApprovalOverride { .. } => "approval_override",
            Error::ReviewRefused { .. } => "review_refused",
            Error::NoOperation { .. } => "no_operation",
            Error::AlreadyConfirmed { .. } => "already_confirmed",
            Error::SamePerson { .. } => "same_person",
            Error::NeedsConfirmedOperation { .. } => "needs_operation",
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
            Error::FileOnly { .. } => "file_only",
            Error::DbConnect { .. } => "db_connect",
            Error::NotALedger { .. } => "not_a_ledger",
            Error::OperatorOnTeam { .. } => "operator_on_team",
            Error::Disconnected { .. } => "disconnected",
            Error::CopyTargetNotEmpty => "copy_target_not_empty",
            Error::TeamOnly { .. } => "team_only",
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
            Error::RowHeadNotFound { .. } => "row_head_not_found",
            Error::DuplicateRowHead { .. } => "duplicate_row_head",
            Error::DuplicateRoom { .. } => "duplicate_room",
            Error::PortIdNotFound { .. } => "port_id_not_found",
            Error::LevelOrder { .. } => "level_order",
            Error::ReservedElsewhere { .. } => "reserved_elsewhere",
            Error::NothingToLabel { .. } => "nothing_to_label",
            Error::QrCode { .. } => "qr_code",
            Error::Backup { .. } => "backup",
            Error::NoDatabaseFile => "no_database_file",
            Error::MigrationBackup { .. } => "migration_backup",
            Error::DemoSize { .. } => "demo_size",
            Error::DemoNotEmpty => "demo_not_empty",
            Error::CableRow { .. } => "cable_row",
            Error::Superseded => "superseded",
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

    /// What to type at the command line to act on this error: the flag or command that the
    /// face-neutral [`message`](Self::message) leaves out. Only the command line shows it; the
    /// app offers the same thing as a field or a button.
    pub fn cli_hint(&self, lang: Lang) -> Option<&'static str> {
        let (zh, en) = match self {
            Error::CabinetNotFound { .. } => ("用 cabinet add 登记机柜", "add it with `cabinet add`"),
            Error::PositionField { .. } => ("用 place / move / unplace 修改", "use place / move / unplace"),
            Error::AlreadyRacked { .. } => ("用 move 迁移", "use `move`"),
            Error::PowerRefused { .. } => ("用 --override 说明原因", "give the reason with --override"),
            Error::ApprovalRefused { overridable: true, .. } => {
                ("用 --override 说明原因", "give the reason with --override")
            }
            Error::NoReturnPosition { .. } => ("用 place 上架", "rack it with `place`"),
            Error::ApprovalOverride { .. } => (
                "去掉 --override；由 IDC工程师用 request review --override 放行",
                "drop --override; the IDC engineer passes it with `request review --override`",
            ),
            Error::ReviewRefused { overridable: true, .. } => {
                ("用 --override 说明原因", "give the reason with --override")
            }
            Error::NoOperation { .. } => ("用 operation add --request 填写", "file one with `operation add --request`"),
            Error::NeedsConfirmedOperation { .. } => ("用 --emergency 说明原因", "give the reason with --emergency"),
            Error::NotApprover { .. } => {
                ("用 settings set approvers 设置审批人", "set them with `settings set approvers`")
            }
            Error::NoTemplate { .. } => ("用 --template 指定", "name one with --template"),
            Error::RowHeadNotFound { .. } => ("用 rowhead add 登记列头柜", "add it with `rowhead add`"),
            _ => return None,
        };
        Some(lang.pick(zh, en))
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
            Error::CabinetNotFound { code } => format!("no cabinet \"{code}\"; register the cabinet first"),
            Error::RoomNotFound { name } => format!("no room \"{name}\""),
            Error::DuplicateTag { tag } => format!("asset tag \"{tag}\" already exists"),
            Error::DuplicateSerial { vendor, serial, other_tag } => {
                format!("serial \"{serial}\" of vendor \"{vendor}\" is already used by {other_tag}")
            }
            Error::DuplicateCabinet { code } => format!("cabinet code \"{code}\" already exists"),
            Error::InvalidValue { field, value, reason } => format!("invalid value \"{value}\" for field \"{field}\": {reason}"),
            Error::MissingField { field } => format!("required field \"{field}\" is missing"),
            Error::UnknownField { field } => format!("unknown field \"{field}\""),
            Error::PositionField { field } => format!("\"{field}\" follows the rack position; change it by racking, moving or unracking the device"),
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
            Error::AlreadyRacked { tag, position } => format!("{tag} is already racked at {position}; move it instead"),
            Error::NotRacked { tag } => format!("{tag} is not racked"),
            Error::StaleVersion { tag, by, at } => format!("this asset ({tag}) was changed by {by} at {at}; refresh and try again"),
            Error::PowerRefused { cabinet, reasons } => {
                format!("power check refused racking into {cabinet}: {reasons}. If it must go in, give the reason for going past the limit")
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
                "repair {repair_no} remembers no former position (the device was not taken out for a factory return); rack it at a position of your choice"
            ),
            Error::RequestNotFound { no } => format!("no racking request \"{no}\""),
            Error::OperationNotFound { no } => format!("no operation request \"{no}\""),
            Error::RequestTransition { no, from, to } => {
                format!("racking request {no}: state cannot change from {from} to {to}")
            }
            Error::NotApprover { operator, approvers } => format!(
                "{operator} is not an approver and cannot approve racking requests (approvers: {approvers}); ask an administrator to name the approvers"
            ),
            Error::RoleRequired { operator, action, roles } => {
                let action = crate::roles::action_name(*action, Lang::En);
                format!("{operator} does not hold the role that \"{action}\" needs: {}", role_list(roles, Lang::En))
            }
            Error::WriteRoleRequired { operator, area, roles } => format!(
                "{operator} does not hold the role needed to {}: {}",
                area.name(Lang::En),
                role_list(roles, Lang::En)
            ),
            Error::NotFiler { operator, no, filer, action } => format!(
                "{operator} may not {} racking request {no}, filed by {filer}: only the person who filed it or {} may",
                crate::roles::action_name(*action, Lang::En),
                role_list(&crate::roles::who_may_for_others(*action, None), Lang::En)
            ),
            Error::ApprovalOverride { no } => format!(
                "racking request {no}: approval cannot go past the power check; the IDC engineer decides at the room review whether to pass a power refusal (with a reason)"
            ),
            Error::ReviewRefused { no, reasons, overridable } => {
                if *overridable {
                    format!("racking request {no} failed the room review: {reasons}. The IDC engineer may pass it with a reason")
                } else {
                    format!("racking request {no} failed the room review: {reasons} (a space conflict cannot be overridden)")
                }
            }
            Error::NoOperation { no } => {
                format!("racking request {no} has no operation request (attachment 5) yet; file one before confirming")
            }
            Error::AlreadyConfirmed { no, by } => format!("operation request {no} was already confirmed by {by}"),
            Error::SamePerson { no, executor } => {
                format!("racking request {no} was executed by {executor}; someone else must accept it")
            }
            Error::NeedsConfirmedOperation { tag } => format!(
                "device {tag} has no confirmed operation request (attachment 5): it cannot be racked, moved or cabled; in an emergency take the emergency path with a reason"
            ),
            Error::ApprovalRefused { no, reasons, overridable } => {
                if *overridable {
                    format!("racking request {no} failed the approval check: {reasons}. If it must be approved, give the reason for going past the check")
                } else {
                    format!("racking request {no} failed the approval check: {reasons} (a space conflict cannot be overridden)")
                }
            }
            Error::PortNotFound { tag, port } => format!("{tag} has no port \"{port}\""),
            Error::DuplicatePort { tag, port } => format!("{tag} already has a port \"{port}\""),
            Error::PortTaken { port, cable_no, far } => {
                format!("port {port} is taken by cable {cable_no} (far end {far}); disconnect it first")
            }
            Error::PortsIncompatible { a, a_kind, b, b_kind } => {
                format!("ports {a} ({a_kind}) and {b} ({b_kind}) are not compatible")
            }
            Error::CableTypeUnfit { cable_type, port, kind } => {
                format!("a {cable_type} cable does not fit port {port} ({kind})")
            }
            Error::SamePort { port } => format!("cannot connect port {port} to itself"),
            Error::CableNotFound { no } => format!("no cable \"{no}\""),
            Error::DuplicateCable { no } => format!("cable number \"{no}\" already exists"),
            Error::TemplateNotFound { name } => format!("no port template \"{name}\""),
            Error::NoTemplate { tag, model } => {
                format!("no port template fits {tag} (model \"{model}\"); choose a port template")
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
            Error::FileOnly { what, engine } => {
                format!("\"{what}\" works on a single-file ledger only; this ledger is on {engine}")
            }
            Error::DbConnect { target, problem } => format!("cannot connect to the team database {target}: {problem}"),
            Error::NotALedger { target, reason } => format!(
                "{target} is not a RackLedger ledger: {reason}. Connect to an empty database or an existing ledger"
            ),
            Error::OperatorOnTeam { login, given } => format!(
                "a team ledger records the login \"{login}\" as the operator and does not accept another operator \"{given}\""
            ),
            Error::TeamOnly { what } => format!("\"{what}\" works on a team ledger (PostgreSQL) only; this ledger is a single file"),
            Error::CopyTargetNotEmpty => {
                "the copy's target is not an empty ledger: it holds rooms, devices or records. Copy into a new, empty database or a new file".to_string()
            }
            Error::Disconnected { context } => format!(
                "the connection to the team database was lost ({context}); nothing was written. Check the network and try again"
            ),
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
            Error::RowHeadNotFound { code } => format!("no row-head cabinet \"{code}\""),
            Error::DuplicateRowHead { code } => format!("row-head cabinet code \"{code}\" already exists"),
            Error::DuplicateRoom { name } => format!("room \"{name}\" already exists"),
            Error::PortIdNotFound { id } => format!("no port with internal id {id}"),
            Error::LevelOrder { warning, alarm } => {
                format!("the warning level ({}%) must be below the alarm level ({}%)", pct(*warning), pct(*alarm))
            }
            Error::ReservedElsewhere { tag, request_no } => {
                format!("{tag} is already reserved elsewhere by racking request {request_no}")
            }
            Error::NothingToLabel { kind, cabinet } => match (kind, cabinet) {
                (None, _) => "there are no labels to print".to_string(),
                (Some(k), None) => format!("name the {} to print labels for", k.what_en()),
                (Some(k), Some(c)) => format!("cabinet {c} has no {}; there are no labels to print", k.held_en()),
            },
            Error::QrCode { data, reason } => format!("cannot make a QR code of \"{data}\": {reason}"),
            Error::Backup { what, problem } => match problem {
                BackupProblem::Exists => format!("the backup file {what} already exists and was not overwritten"),
                BackupProblem::Incomplete => format!("{what}: the copy did not complete in one step"),
                BackupProblem::UnknownStep => format!("{what}: unknown result of the backup step"),
                BackupProblem::Unreadable => format!("the backup file {what} cannot be read back after writing"),
            },
            Error::NoDatabaseFile => "an in-memory database has no file to back up".to_string(),
            Error::MigrationBackup { version, source } => format!(
                "the database could not be backed up before upgrading schema version {version}, so it was not upgraded: {}",
                source.message_en()
            ),
            Error::DemoSize { what, value, min, max } => {
                format!("the number of {} must be between {min} and {max} (got {value})", what.code())
            }
            Error::DemoNotEmpty => {
                "the database already holds cabinets or devices; demo data goes into an empty database only".to_string()
            }
            Error::CableRow { sheet, row, cable_no, source } => {
                format!("{sheet} row {row} (cable {cable_no}): {}", source.message_en())
            }
            Error::Superseded => "a newer request of the same kind superseded this one".to_string(),
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
    /// One of every variant, with ASCII fields, so any Han character in the English text comes
    /// from the template. `which` is exhaustive: a new variant does not compile until it is
    /// numbered there, and the count check below then fails until it has a sample here.
    fn samples() -> Vec<Error> {
        let t = || "X1".to_string();
        let occ = Occupied { asset_tag: t(), name: t(), start_u: 3, end_u: 4, request_no: Some(t()) };
        vec![
            Error::Storage { context: t(), source: crate::db::SqlError::NoRows },
            Error::Io { path: t(), source: std::io::Error::other("io") },
            Error::SchemaTooNew { found: 9, supported: 6 },
            Error::AssetNotFound { tag: t() },
            Error::CabinetNotFound { code: t() },
            Error::RoomNotFound { name: t() },
            Error::DuplicateTag { tag: t() },
            Error::DuplicateSerial { vendor: t(), serial: t(), other_tag: t() },
            Error::DuplicateCabinet { code: t() },
            Error::InvalidValue { field: t(), value: t(), reason: t() },
            Error::MissingField { field: t() },
            Error::UnknownField { field: t() },
            Error::PositionField { field: t() },
            Error::OutOfBounds { cabinet: t(), start_u: 41, u_height: 2, height: 42 },
            Error::SpaceConflict {
                cabinet: t(),
                start_u: 3,
                end_u: 4,
                occupied: vec![occ.clone(), Occupied { request_no: None, ..occ }],
            },
            Error::Transition { tag: t(), from: Status::ALL[0], to: Status::ALL[1] },
            Error::NotRackable { tag: t(), status: Status::ALL[0] },
            Error::StillRacked { tag: t(), position: t() },
            Error::AlreadyRacked { tag: t(), position: t() },
            Error::NotRacked { tag: t() },
            Error::StaleVersion { tag: t(), by: t(), at: t() },
            Error::PowerRefused { cabinet: t(), reasons: t() },
            Error::Workbook { path: t(), reason: t() },
            Error::WriteWorkbook { path: t(), reason: t() },
            Error::NotSupported { what: t() },
            Error::FaultNotFound { no: t() },
            Error::RepairNotFound { no: t() },
            Error::FaultTransition { no: t(), from: FaultState::ALL[0], to: FaultState::ALL[1] },
            Error::RepairTransition { no: t(), from: RepairState::ALL[0], to: RepairState::ALL[1] },
            Error::RepairAlreadyOpen { tag: t(), repair_no: t() },
            Error::NoReturnPosition { repair_no: t() },
            Error::RequestNotFound { no: t() },
            Error::OperationNotFound { no: t() },
            Error::RequestTransition { no: t(), from: RequestState::ALL[0], to: RequestState::ALL[1] },
            Error::NotApprover { operator: t(), approvers: t() },
            Error::ApprovalRefused { no: t(), reasons: t(), overridable: true },
            Error::ApprovalRefused { no: t(), reasons: t(), overridable: false },
            Error::RoleRequired {
                operator: t(),
                action: crate::states::Action::Approve,
                roles: vec![crate::model::Role::Director, crate::model::Role::Admin],
            },
            Error::ApprovalOverride { no: t() },
            Error::ReviewRefused { no: t(), reasons: t(), overridable: true },
            Error::ReviewRefused { no: t(), reasons: t(), overridable: false },
            Error::NoOperation { no: t() },
            Error::AlreadyConfirmed { no: t(), by: t() },
            Error::SamePerson { no: t(), executor: t() },
            Error::NeedsConfirmedOperation { tag: t() },
            Error::PortNotFound { tag: t(), port: t() },
            Error::DuplicatePort { tag: t(), port: t() },
            Error::PortTaken { port: t(), cable_no: t(), far: t() },
            Error::PortsIncompatible { a: t(), a_kind: PortKind::ALL[0], b: t(), b_kind: PortKind::ALL[1] },
            Error::CableTypeUnfit { cable_type: CableType::ALL[0], port: t(), kind: PortKind::ALL[0] },
            Error::SamePort { port: t() },
            Error::CableNotFound { no: t() },
            Error::DuplicateCable { no: t() },
            Error::TemplateNotFound { name: t() },
            Error::NoTemplate { tag: t(), model: t() },
            Error::PatchMismatch { from: 2, to: 3 },
            Error::LabelFont { tried: vec![t(), t()] },
            Error::LabelFontInvalid { path: t(), reason: t() },
            Error::LabelPdf { reason: t() },
            Error::Busy { context: t(), waited_ms: 300 },
            Error::BadBackup { path: t(), reason: t() },
            Error::OtherLedger { path: t(), reason: t() },
            Error::RowHeadNotFound { code: t() },
            Error::DuplicateRowHead { code: t() },
            Error::DuplicateRoom { name: t() },
            Error::PortIdNotFound { id: 7 },
            Error::LevelOrder { warning: 0.9, alarm: 0.85 },
            Error::ReservedElsewhere { tag: t(), request_no: t() },
            Error::NothingToLabel { kind: None, cabinet: None },
            Error::NothingToLabel { kind: Some(LabelKind::Device), cabinet: None },
            Error::NothingToLabel { kind: Some(LabelKind::Cable), cabinet: None },
            Error::NothingToLabel { kind: Some(LabelKind::Device), cabinet: Some(t()) },
            Error::NothingToLabel { kind: Some(LabelKind::Cable), cabinet: Some(t()) },
            Error::QrCode { data: t(), reason: t() },
            Error::Backup { what: t(), problem: BackupProblem::Exists },
            Error::Backup { what: t(), problem: BackupProblem::Incomplete },
            Error::Backup { what: t(), problem: BackupProblem::UnknownStep },
            Error::Backup { what: t(), problem: BackupProblem::Unreadable },
            Error::NoDatabaseFile,
            Error::MigrationBackup { version: 5, source: Box::new(Error::NoDatabaseFile) },
            Error::DemoSize { what: DemoCount::Cabinets, value: 0, min: 1, max: 5000 },
            Error::DemoSize { what: DemoCount::Devices, value: 100_001, min: 0, max: 100_000 },
            Error::DemoNotEmpty,
            Error::CableRow { sheet: t(), row: 3, cable_no: t(), source: Box::new(Error::SamePort { port: t() }) },
            Error::Superseded,
            Error::InspectionNotFound { no: t() },
            Error::InspectionTransition { no: t(), from: InspectionState::Reviewed, to: InspectionState::Started },
            Error::InspectionClosed { no: t(), state: InspectionState::Submitted },
            Error::InspectionUnmarked { no: t(), devices: 2, points: 1, places: vec![(t(), 2)] },
            Error::FindingNeedsDescription { what: t(), result: t() },
            Error::DeviceNotInInspection { no: t(), tag: t() },
            Error::CabinetNotInInspection { no: t(), cabinet: t() },
            Error::RoomNotInInspection { no: t(), room: t() },
            Error::InspectionPointAmbiguous { point: t(), rooms: vec![t(), t()] },
            Error::FileOnly { what: "backup", engine: "postgres" },
            Error::DbConnect { target: t(), problem: t() },
            Error::NotALedger { target: t(), reason: t() },
            Error::OperatorOnTeam { login: t(), given: t() },
            Error::Disconnected { context: t() },
            Error::CopyTargetNotEmpty,
            Error::TeamOnly { what: "team add" },
            Error::WriteRoleRequired {
                operator: t(),
                area: crate::roles::Area::Power,
                roles: vec![crate::model::Role::Idc, crate::model::Role::Admin],
            },
            Error::NotFiler { operator: t(), no: t(), filer: t(), action: crate::states::Action::Cancel },
        ]
    }

    /// The number of each variant; no wildcard, so adding a variant breaks this until it is
    /// counted (and then `every_variant_has_a_sample` until it has one).
    fn which(e: &Error) -> usize {
        match e {
            Error::Storage { .. } => 0,
            Error::Io { .. } => 1,
            Error::SchemaTooNew { .. } => 2,
            Error::AssetNotFound { .. } => 3,
            Error::CabinetNotFound { .. } => 4,
            Error::RoomNotFound { .. } => 5,
            Error::DuplicateTag { .. } => 6,
            Error::DuplicateSerial { .. } => 7,
            Error::DuplicateCabinet { .. } => 8,
            Error::InvalidValue { .. } => 9,
            Error::MissingField { .. } => 10,
            Error::UnknownField { .. } => 11,
            Error::PositionField { .. } => 12,
            Error::OutOfBounds { .. } => 13,
            Error::SpaceConflict { .. } => 14,
            Error::Transition { .. } => 15,
            Error::NotRackable { .. } => 16,
            Error::StillRacked { .. } => 17,
            Error::AlreadyRacked { .. } => 18,
            Error::NotRacked { .. } => 19,
            Error::StaleVersion { .. } => 20,
            Error::PowerRefused { .. } => 21,
            Error::Workbook { .. } => 22,
            Error::WriteWorkbook { .. } => 23,
            Error::NotSupported { .. } => 24,
            Error::FaultNotFound { .. } => 25,
            Error::RepairNotFound { .. } => 26,
            Error::FaultTransition { .. } => 27,
            Error::RepairTransition { .. } => 28,
            Error::RepairAlreadyOpen { .. } => 29,
            Error::NoReturnPosition { .. } => 30,
            Error::RequestNotFound { .. } => 31,
            Error::OperationNotFound { .. } => 32,
            Error::RequestTransition { .. } => 33,
            Error::NotApprover { .. } => 34,
            Error::ApprovalRefused { .. } => 35,
            Error::PortNotFound { .. } => 36,
            Error::DuplicatePort { .. } => 37,
            Error::PortTaken { .. } => 38,
            Error::PortsIncompatible { .. } => 39,
            Error::CableTypeUnfit { .. } => 40,
            Error::SamePort { .. } => 41,
            Error::CableNotFound { .. } => 42,
            Error::DuplicateCable { .. } => 43,
            Error::TemplateNotFound { .. } => 44,
            Error::NoTemplate { .. } => 45,
            Error::PatchMismatch { .. } => 46,
            Error::LabelFont { .. } => 47,
            Error::LabelFontInvalid { .. } => 48,
            Error::LabelPdf { .. } => 49,
            Error::Busy { .. } => 50,
            Error::BadBackup { .. } => 51,
            Error::OtherLedger { .. } => 52,
            Error::RowHeadNotFound { .. } => 53,
            Error::DuplicateRowHead { .. } => 54,
            Error::DuplicateRoom { .. } => 55,
            Error::PortIdNotFound { .. } => 56,
            Error::LevelOrder { .. } => 57,
            Error::ReservedElsewhere { .. } => 58,
            Error::NothingToLabel { .. } => 59,
            Error::QrCode { .. } => 60,
            Error::Backup { .. } => 61,
            Error::NoDatabaseFile => 62,
            Error::MigrationBackup { .. } => 63,
            Error::DemoSize { .. } => 64,
            Error::DemoNotEmpty => 65,
            Error::CableRow { .. } => 66,
            Error::Superseded => 67,
            Error::InspectionNotFound { .. } => 68,
            Error::InspectionTransition { .. } => 69,
            Error::InspectionClosed { .. } => 70,
            Error::InspectionUnmarked { .. } => 71,
            Error::FindingNeedsDescription { .. } => 72,
            Error::DeviceNotInInspection { .. } => 73,
            Error::CabinetNotInInspection { .. } => 74,
            Error::RoomNotInInspection { .. } => 75,
            Error::InspectionPointAmbiguous { .. } => 76,
            Error::FileOnly { .. } => 77,
            Error::DbConnect { .. } => 78,
            Error::NotALedger { .. } => 79,
            Error::OperatorOnTeam { .. } => 80,
            Error::Disconnected { .. } => 81,
            Error::CopyTargetNotEmpty => 82,
            Error::RoleRequired { .. } => 83,
            Error::ApprovalOverride { .. } => 84,
            Error::ReviewRefused { .. } => 85,
            Error::NoOperation { .. } => 86,
            Error::AlreadyConfirmed { .. } => 87,
            Error::SamePerson { .. } => 88,
            Error::NeedsConfirmedOperation { .. } => 89,
            Error::TeamOnly { .. } => 90,
            Error::WriteRoleRequired { .. } => 91,
            Error::NotFiler { .. } => 92,
        }
    }
    const VARIANTS: usize = 93;

    fn han(s: &str) -> bool {
        s.chars().any(|c| matches!(c, '\u{3400}'..='\u{9fff}' | '\u{3000}'..='\u{303f}' | '\u{ff00}'..='\u{ffef}'))
    }

    #[test]
    fn every_variant_has_a_sample() {
        let seen: std::collections::BTreeSet<usize> = samples().iter().map(which).collect();
        let missing: Vec<usize> = (0..VARIANTS).filter(|i| !seen.contains(i)).collect();
        assert!(missing.is_empty(), "variants without a sample: {missing:?}");
    }

    #[test]
    fn every_variant_renders_in_chinese_and_in_english() {
        let mut codes = std::collections::BTreeMap::new();
        for e in samples() {
            let (zh, en) = (e.message(Lang::Zh), e.message(Lang::En));
            assert_eq!(zh, e.to_string());
            assert!(han(&zh), "{}: the Chinese text has no Chinese: {zh}", e.code());
            assert!(!han(&en), "{}: the English text has Chinese: {en}", e.code());
            assert!(!en.trim().is_empty() && en != zh, "{}: {en}", e.code());
            // One code per variant: the UI may branch on it.
            assert_eq!(*codes.entry(which(&e)).or_insert(e.code()), e.code());
        }
        let distinct: std::collections::BTreeSet<&str> = codes.values().copied().collect();
        assert_eq!(distinct.len(), VARIANTS);
    }

    /// The app shows `message`; only the command line adds the flag (`cli_hint`).
    #[test]
    fn messages_name_no_command_line_flags() {
        let commands = ["--", "`", "请用 ", "cabinet add", "rowhead add", "settings set", "place /", "unplace"];
        for e in samples() {
            for lang in [Lang::Zh, Lang::En] {
                let m = e.message(lang);
                for c in commands {
                    assert!(!m.contains(c), "{} ({lang:?}) names `{c}`: {m}", e.code());
                }
                if let Some(hint) = e.cli_hint(lang) {
                    assert_eq!(han(hint), lang == Lang::Zh, "{hint}");
                }
            }
        }
        let refused = Error::PowerRefused { cabinet: "A01".into(), reasons: "超过告警阈值".into() };
        assert!(refused.to_string().ends_with("如确需上架，请填写超限原因"));
        assert_eq!(refused.cli_hint(Lang::Zh), Some("用 --override 说明原因"));
        assert_eq!(refused.cli_hint(Lang::En), Some("give the reason with --override"));
        let blocked = Error::ApprovalRefused { no: "SQ-1".into(), reasons: "x".into(), overridable: false };
        assert_eq!(blocked.cli_hint(Lang::Zh), None, "a space conflict cannot be overridden");
    }

    #[test]
    fn levels_show_as_percent() {
        let e = Error::LevelOrder { warning: 0.925, alarm: 0.9 };
        assert_eq!(e.to_string(), "预警阈值（92.5%）应低于告警阈值（90%）");
        assert_eq!(e.message(Lang::En), "the warning level (92.5%) must be below the alarm level (90%)");
    }

    #[test]
    fn a_wrapped_error_renders_in_the_same_language() {
        let e = Error::CableRow {
            sheet: "端口连接".into(),
            row: 7,
            cable_no: "L-1".into(),
            source: Box::new(Error::SamePort { port: "S1:eth0".into() }),
        };
        assert_eq!(e.to_string(), "端口连接 第 7 行（线缆 L-1）：不能把端口 S1:eth0 连到它自己");
        assert_eq!(e.message(Lang::En), "端口连接 row 7 (cable L-1): cannot connect port S1:eth0 to itself");
    }
}

//! The field list of the 资产登记 form (templates.md), in one place: the key used in JSON and
//! Rust, the Chinese header, its aliases, its type and whether an import requires it. The command
//! line's `asset set FIELD=VALUE`, the Excel import and export all read this table, so a field is
//! added here once.

use crate::i18n::Lang;

/// The value type of a field, which decides how text is parsed into it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Int,
    Date,
    Category,
    Ownership,
    Status,
    Face,
    Depth,
    Ip,
}

macro_rules! asset_fields {
    ($($variant:ident => ($key:literal, $zh:literal, $en:literal, $kind:ident, $required:literal, [$($alias:literal),*])),+ $(,)?) => {
        /// One column of 资产登记.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum AssetField { $($variant),+ }

        impl AssetField {
            /// In the order of the form.
            pub const ALL: &'static [AssetField] = &[$(AssetField::$variant),+];

            pub fn key(self) -> &'static str { match self { $(AssetField::$variant => $key),+ } }
            /// The header as the form prints it, without the `*`.
            pub fn header_zh(self) -> &'static str { match self { $(AssetField::$variant => $zh),+ } }
            pub fn header_en(self) -> &'static str { match self { $(AssetField::$variant => $en),+ } }
            pub fn kind(self) -> FieldKind { match self { $(AssetField::$variant => FieldKind::$kind),+ } }
            /// Marked `*` on the form: an import row must give it.
            pub fn required(self) -> bool { match self { $(AssetField::$variant => $required),+ } }
            pub fn aliases(self) -> &'static [&'static str] { match self { $(AssetField::$variant => &[$($alias),*]),+ } }
        }
    };
}

asset_fields! {
    AssetTag => ("asset_tag", "资产编号", "Asset Tag", Text, true, ["资产编码", "资产标签", "Asset Tag", "tag"]),
    Name => ("name", "设备名称", "Name", Text, true, ["名称", "主机名", "Name"]),
    Category => ("category", "设备类型", "Type", Category, true, ["类型", "类别", "Type"]),
    Vendor => ("vendor", "品牌", "Vendor", Text, true, ["厂商", "制造商", "Vendor"]),
    Model => ("model", "型号", "Model", Text, true, ["规格型号", "Model"]),
    Serial => ("serial", "序列号", "Serial", Text, true, ["SN", "出厂编号", "Serial"]),
    Spec => ("spec", "配置摘要", "Spec", Text, false, ["配置"]),
    Ownership => ("ownership", "资产性质", "Ownership", Ownership, true, ["归属类型"]),
    Owner => ("owner", "归属单位", "Owner", Text, true, ["所属单位", "客户", "Owner"]),
    System => ("system", "业务系统", "System", Text, false, ["所属系统", "用途"]),
    Custodian => ("custodian", "责任人", "Custodian", Text, false, ["联系人"]),
    Room => ("room", "机房", "Room", Text, false, ["Room"]),
    Cabinet => ("cabinet", "机柜编号", "Cabinet", Text, false, ["机柜", "Cabinet"]),
    StartU => ("start_u", "起始U位", "Start U", Int, false, ["U位", "起始U"]),
    UHeight => ("u_height", "占用U数", "U Height", Int, true, ["U数", "高度(U)"]),
    Face => ("face", "安装面", "Face", Face, false, ["面"]),
    Depth => ("depth", "深度", "Depth", Depth, false, []),
    RatedW => ("rated_w", "额定功率(W)", "Rated Power (W)", Int, true, ["功率(W)", "额定功率"]),
    TypicalW => ("typical_w", "典型功率(W)", "Typical Power (W)", Int, false, ["实测功率(W)"]),
    PsuCount => ("psu_count", "电源数量", "PSU Count", Int, false, ["电源数"]),
    MgmtIp => ("mgmt_ip", "管理IP", "Mgmt IP", Ip, false, []),
    Supplier => ("supplier", "供应商", "Supplier", Text, false, []),
    ContractNo => ("contract_no", "合同编号", "Contract No.", Text, false, []),
    PurchasedOn => ("purchased_on", "购置日期", "Purchased On", Date, false, ["采购日期"]),
    RackedOn => ("racked_on", "上架日期", "Racked On", Date, false, []),
    WarrantyVendor => ("warranty_vendor", "维保厂商", "Warranty Vendor", Text, false, []),
    WarrantyUntil => ("warranty_until", "维保到期日", "Warranty Until", Date, false, ["保修截止日期", "过保日期"]),
    Status => ("status", "状态", "Status", Status, true, ["使用状态"]),
    RegisteredOn => ("registered_on", "登记日期", "Registered On", Date, false, []),
    RegisteredBy => ("registered_by", "登记人", "Registered By", Text, false, []),
    Note => ("note", "备注", "Note", Text, false, ["说明"]),
}

impl AssetField {
    pub fn header(self, lang: Lang) -> &'static str {
        lang.pick(self.header_zh(), self.header_en())
    }

    /// Finds a field by its key, Chinese header or alias, forgiving the ways people write
    /// headers: spaces, full-width brackets, line breaks, a trailing `*`, letter case.
    pub fn lookup(name: &str) -> Option<AssetField> {
        let wanted = normalize_header(name);
        if wanted.is_empty() {
            return None;
        }
        AssetField::ALL.iter().copied().find(|f| {
            normalize_header(f.key()) == wanted
                || normalize_header(f.header_zh()) == wanted
                || f.aliases().iter().any(|a| normalize_header(a) == wanted)
        })
    }

    /// Fields that describe where the asset is racked; they change through place/move, not set.
    pub fn is_position(self) -> bool {
        matches!(self, AssetField::Room | AssetField::Cabinet | AssetField::StartU | AssetField::Face)
    }
}

/// Canonical form of a header cell: no whitespace anywhere, half-width brackets, no trailing
/// `*`/`＊`, ASCII lower case, `-` and `_` and spaces treated alike.
pub fn normalize_header(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '（' => '(',
            '）' => ')',
            '＊' => '*',
            '-' | ' ' => '_',
            c => c,
        };
        if c.is_whitespace() {
            continue;
        }
        out.push(c.to_ascii_lowercase());
    }
    let trimmed = out.trim_end_matches('*').trim_matches('_');
    trimmed.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_accepts_headers_aliases_and_messy_spelling() {
        assert_eq!(AssetField::lookup("资产编号*"), Some(AssetField::AssetTag));
        assert_eq!(AssetField::lookup(" 资产编码 "), Some(AssetField::AssetTag));
        assert_eq!(AssetField::lookup("asset tag"), Some(AssetField::AssetTag));
        assert_eq!(AssetField::lookup("额定功率（W）＊"), Some(AssetField::RatedW));
        assert_eq!(AssetField::lookup("高度\n(U)"), Some(AssetField::UHeight));
        assert_eq!(AssetField::lookup("rated_w"), Some(AssetField::RatedW));
        assert_eq!(AssetField::lookup("start-u"), Some(AssetField::StartU));
        assert_eq!(AssetField::lookup("颜色"), None);
    }

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<&str> = AssetField::ALL.iter().map(|f| f.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), AssetField::ALL.len());
    }
}

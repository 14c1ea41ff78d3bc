//! Closed vocabularies of the 资产登记 form. Each variant knows its Chinese label and English
//! code; parsing accepts either (the forms are filled in by hand, in both languages).

use serde::{Deserialize, Serialize};

/// Declares an enum whose variants carry `(code, 中文)` and get `code()`, `label_zh()`,
/// `label(lang)`, `ALL`, `parse()`, and serde as the code.
macro_rules! labeled_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => ($code:literal, $zh:literal $(, $alias:literal)*)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The English code used in JSON, the database and scripts.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Chinese label used on forms and in the UI.
            pub fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh),+ }
            }

            pub fn label(self, lang: $crate::i18n::Lang) -> &'static str {
                match lang { $crate::i18n::Lang::Zh => self.label_zh(), $crate::i18n::Lang::En => self.code() }
            }

            /// Accepts the Chinese label, the English code (any case) or a known alias.
            pub fn parse(s: &str) -> Option<$name> {
                let t = s.trim();
                $(
                    if t == $zh || t.eq_ignore_ascii_case($code) $(|| t.eq_ignore_ascii_case($alias))* {
                        return Some($name::$variant);
                    }
                )+
                None
            }

            /// `库存/in_stock, 在用/in_use, …` — for error messages that list the choices.
            pub fn choices() -> String {
                let v: Vec<String> = Self::ALL.iter().map(|e| format!("{}/{}", e.label_zh(), e.code())).collect();
                v.join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
// Shared with the other forms' vocabularies (附件3/附件4 in `model::repair`).
pub(crate) use labeled_enum;

labeled_enum!(
    /// 设备类型.
    Category {
        Server => ("server", "服务器"),
        Storage => ("storage", "存储"),
        Switch => ("switch", "交换机"),
        Router => ("router", "路由器"),
        Firewall => ("firewall", "防火墙"),
        LoadBalancer => ("load_balancer", "负载均衡", "load balancer", "lb"),
        Security => ("security", "安全设备"),
        FcSwitch => ("fc_switch", "光纤交换机", "fc switch", "san switch"),
        PatchPanel => ("patch_panel", "配线架", "patch panel"),
        Pdu => ("pdu", "PDU"),
        Other => ("other", "其他", "其它"),
    }
);

labeled_enum!(
    /// 资产性质: who owns the device.
    Ownership {
        Platform => ("platform", "自有", "平台设备", "自有设备"),
        Hosted => ("hosted", "托管", "托管设备"),
        Leased => ("leased", "租赁", "客户租赁设备", "租赁设备"),
    }
);

labeled_enum!(
    /// 状态: the asset's place in its lifecycle (see [`crate::lifecycle`]).
    Status {
        InStock => ("in_stock", "库存"),
        InUse => ("in_use", "在用"),
        Idle => ("idle", "闲置"),
        Repairing => ("repairing", "维修", "维修中"),
        Unracked => ("unracked", "已下架", "下架"),
        ToRetire => ("to_retire", "待报废"),
        Retired => ("retired", "已报废", "报废"),
    }
);

labeled_enum!(
    /// 安装面: which face of the cabinet a device is mounted on.
    Face {
        Front => ("front", "前", "前面", "正面"),
        Rear => ("rear", "后", "后面", "背面"),
    }
);

labeled_enum!(
    /// 深度: a half-depth device leaves the other face free.
    Depth {
        Full => ("full", "全深"),
        Half => ("half", "半深"),
    }
);

impl Status {
    /// Whether an asset in this status may occupy rack units (design.md: 库存, 已下架, 待报废 and
    /// 已报废 are never racked).
    pub fn may_be_racked(self) -> bool {
        matches!(self, Status::InUse | Status::Idle | Status::Repairing)
    }
}

impl Face {
    pub fn opposite(self) -> Face {
        match self {
            Face::Front => Face::Rear,
            Face::Rear => Face::Front,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_label_code_and_alias() {
        assert_eq!(Category::parse("服务器"), Some(Category::Server));
        assert_eq!(Category::parse(" Load_Balancer "), Some(Category::LoadBalancer));
        assert_eq!(Category::parse("pdu"), Some(Category::Pdu));
        assert_eq!(Status::parse("在用"), Some(Status::InUse));
        assert_eq!(Status::parse("IN_STOCK"), Some(Status::InStock));
        assert_eq!(Ownership::parse("客户租赁设备"), Some(Ownership::Leased));
        assert_eq!(Face::parse("后"), Some(Face::Rear));
        assert_eq!(Depth::parse("半深"), Some(Depth::Half));
        assert_eq!(Status::parse("丢失"), None);
    }

    #[test]
    fn serde_uses_codes() {
        assert_eq!(serde_json::to_string(&Status::ToRetire).ok().as_deref(), Some("\"to_retire\""));
        assert_eq!(serde_json::to_string(&Category::FcSwitch).ok().as_deref(), Some("\"fc_switch\""));
    }

    #[test]
    fn only_active_statuses_may_be_racked() {
        let racked: Vec<Status> = Status::ALL.iter().copied().filter(|s| s.may_be_racked()).collect();
        assert_eq!(racked, vec![Status::InUse, Status::Idle, Status::Repairing]);
    }
}

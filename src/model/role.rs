//! The roles of the operations rules (design.md, "Roles and the approval chain"). A login may
//! hold several. Which role each step needs is in [`crate::roles`].

use serde::{Deserialize, Serialize};

use super::enums::labeled_enum;
use crate::i18n::Lang;

labeled_enum!(
    /// 角色.
    Role {
        Director => ("director", "运维总监"),
        Idc => ("idc", "IDC工程师"),
        Hardware => ("hardware", "硬件设备工程师"),
        Service => ("service", "客户服务工程师"),
        Viewer => ("viewer", "只读"),
        Admin => ("admin", "管理员"),
    }
);

impl Role {
    /// The name people read: `运维总监` in Chinese, `operations director` in English.
    pub fn name(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.label_zh(),
            Lang::En => match self {
                Role::Director => "operations director",
                Role::Idc => "IDC engineer",
                Role::Hardware => "hardware engineer",
                Role::Service => "customer service engineer",
                Role::Viewer => "viewer",
                Role::Admin => "administrator",
            },
        }
    }

    /// The database role of a team ledger (`rackledger_director`, …).
    pub fn db_role(self) -> String {
        format!("rackledger_{}", self.code())
    }
}

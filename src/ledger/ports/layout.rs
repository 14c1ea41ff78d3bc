//! The port layout of a template: a short text a user can edit, e.g.
//!
//! ```text
//! 25GE1/0/{1-48} SFP28 25G; 100GE1/0/{49-56} QSFP28 100G; M-GE0/0/0 management 1G; PSU{1-2} power
//! ```
//!
//! Groups are separated by `;` or new lines. Each group is a name (with at most one `{a-b}`
//! range, expanded in order), a kind (RJ45, SFP, SFP+, SFP28, QSFP28, FC, LC, console,
//! management, power — Chinese labels work too), an optional speed, and the word `panel` for
//! patch-panel jacks: each of those gets a rear twin named `R<name>`, paired with it.

use crate::error::{Error, Result};
use crate::model::{Face, PortKind};

/// The most ports one template may describe (a 288-fibre panel pairs to 576).
pub const MAX_PORTS: usize = 1024;

/// One port a layout describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortSpec {
    pub name: String,
    pub kind: PortKind,
    pub speed: Option<String>,
    pub side: Option<Face>,
    /// For a rear twin: the name of its front port.
    pub twin_of: Option<String>,
}

fn bad(layout: &str, reason: impl Into<String>) -> Error {
    Error::InvalidValue { field: "端口布局".into(), value: layout.to_string(), reason: reason.into() }
}

/// Expands `GE1/0/{1-48}` to its names; a name without braces is itself.
fn expand(pattern: &str, layout: &str) -> Result<Vec<String>> {
    let Some(open) = pattern.find('{') else { return Ok(vec![pattern.to_string()]) };
    let close = pattern[open..].find('}').map(|c| open + c).ok_or_else(|| bad(layout, "“{” 没有对应的 “}”"))?;
    let (head, range, tail) = (&pattern[..open], &pattern[open + 1..close], &pattern[close + 1..]);
    if tail.contains('{') {
        return Err(bad(layout, "一个端口名中只能有一个 {a-b} 范围"));
    }
    let (a, b) = range.split_once('-').ok_or_else(|| bad(layout, format!("范围“{range}”应写成 a-b")))?;
    let (a, b): (u32, u32) = match (a.trim().parse(), b.trim().parse()) {
        (Ok(a), Ok(b)) if a <= b => (a, b),
        _ => return Err(bad(layout, format!("范围“{range}”应为从小到大的两个整数"))),
    };
    if (b - a) as usize >= MAX_PORTS {
        return Err(bad(layout, format!("一个范围最多 {MAX_PORTS} 个端口")));
    }
    Ok((a..=b).map(|n| format!("{head}{n}{tail}")).collect())
}

/// Parses a layout into its ports, in faceplate order (a panel's rear twins after its fronts).
pub fn parse(layout: &str) -> Result<Vec<PortSpec>> {
    let mut out: Vec<PortSpec> = Vec::new();
    for group in layout.split([';', '；', '\n']).map(str::trim).filter(|g| !g.is_empty()) {
        let words: Vec<&str> = group.split_whitespace().collect();
        let (Some(pattern), Some(kind)) = (words.first(), words.get(1)) else {
            return Err(bad(layout, format!("“{group}”应写成 端口名 类型 [速率] [panel]")));
        };
        let kind = PortKind::parse(kind)
            .ok_or_else(|| bad(layout, format!("未知端口类型“{kind}”，可选：{}", PortKind::choices())))?;
        let mut speed = None;
        let mut panel = false;
        for w in &words[2..] {
            if w.eq_ignore_ascii_case("panel") || *w == "配线架" {
                panel = true;
            } else if speed.is_none() {
                speed = Some(w.to_string());
            } else {
                return Err(bad(layout, format!("“{group}”中多余的“{w}”")));
            }
        }
        let names = expand(pattern, layout)?;
        let side = panel.then_some(Face::Front);
        for name in &names {
            out.push(PortSpec { name: name.clone(), kind, speed: speed.clone(), side, twin_of: None });
        }
        if panel {
            for name in &names {
                out.push(PortSpec {
                    name: format!("R{name}"),
                    kind,
                    speed: speed.clone(),
                    side: Some(Face::Rear),
                    twin_of: Some(name.clone()),
                });
            }
        }
        if out.len() > MAX_PORTS {
            return Err(bad(layout, format!("一个模板最多 {MAX_PORTS} 个端口")));
        }
    }
    if out.is_empty() {
        return Err(bad(layout, "没有任何端口"));
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(dup) = out.iter().find(|p| !seen.insert(p.name.to_lowercase())) {
        return Err(bad(layout, format!("端口名“{}”重复", dup.name)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_an_s6850() {
        let ports = parse("25GE1/0/{1-48} SFP28 25G; 100GE1/0/{49-56} QSFP28 100G; M-GE0/0/0 management 1G").unwrap();
        assert_eq!(ports.len(), 57);
        assert_eq!(ports[0].name, "25GE1/0/1");
        assert_eq!(ports[47].name, "25GE1/0/48");
        assert_eq!(ports[48].kind, PortKind::Qsfp28);
        assert_eq!(ports[56].speed.as_deref(), Some("1G"));
    }

    #[test]
    fn panels_get_paired_rear_ports() {
        let ports = parse("{1-24} RJ45 panel").unwrap();
        assert_eq!(ports.len(), 48);
        assert_eq!(ports[24].name, "R1");
        assert_eq!(ports[24].twin_of.as_deref(), Some("1"));
        assert_eq!(ports[24].side, Some(Face::Rear));
        assert_eq!(ports[0].side, Some(Face::Front));
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        for bad in ["", "eth0", "eth0 copper", "p{5-1} RJ45", "p{1-2000} RJ45", "a RJ45; a RJ45", "p{1-2 RJ45"] {
            assert!(parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}

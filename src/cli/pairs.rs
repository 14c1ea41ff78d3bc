//! `FIELD=VALUE` and `--field value` arguments of `asset add` and `asset set`, resolved against
//! the 资产登记 field list (keys, Chinese headers and aliases all work).

use crate::error::Error;
use crate::model::{AssetDraft, AssetField};

use super::Failure;

/// Splits the arguments into an optional bare word (the tag) and field values.
pub fn parse(args: &[String]) -> Result<(Option<String>, AssetDraft), Failure> {
    let mut bare = None;
    let mut draft = AssetDraft::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (name, value) = if let Some(flag) = arg.strip_prefix("--") {
            match flag.split_once('=') {
                Some((k, v)) => (k.to_string(), v.to_string()),
                None => {
                    let v = it.next().ok_or_else(|| Failure::Usage(format!("--{flag} 缺少取值 / missing value")))?;
                    (flag.to_string(), v.clone())
                }
            }
        } else if let Some((k, v)) = arg.split_once('=') {
            (k.to_string(), v.to_string())
        } else if bare.is_none() {
            bare = Some(arg.clone());
            continue;
        } else {
            return Err(Failure::Usage(format!("无法理解参数“{arg}”，应为 字段=值 / expected FIELD=VALUE")));
        };
        let field = AssetField::lookup(&name)
            .ok_or_else(|| Failure::Refused(Error::UnknownField { field: name.clone() }, None))?;
        draft.push((field, value));
    }
    Ok((bare, draft))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn accepts_every_spelling() {
        let Ok((tag, draft)) =
            parse(&strings(&["ZC-1", "name=web01", "--vendor", "华为", "--rated-w=900", "设备类型=服务器"]))
        else {
            panic!("should parse")
        };
        assert_eq!(tag.as_deref(), Some("ZC-1"));
        assert_eq!(
            draft,
            vec![
                (AssetField::Name, "web01".into()),
                (AssetField::Vendor, "华为".into()),
                (AssetField::RatedW, "900".into()),
                (AssetField::Category, "服务器".into())
            ]
        );
    }

    #[test]
    fn refuses_unknown_fields_and_stray_words() {
        assert!(matches!(parse(&strings(&["colour=red"])), Err(Failure::Refused(Error::UnknownField { .. }, _))));
        assert!(matches!(parse(&strings(&["A", "B"])), Err(Failure::Usage(_))));
        assert!(matches!(parse(&strings(&["--name"])), Err(Failure::Usage(_))));
    }
}

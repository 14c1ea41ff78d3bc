//! The app's own command line: `rackledger-app [--db PATH]`.
//!
//! Parsed by hand from `std::env::args_os()` so the window needs no argument-parsing crate; the
//! grammar is tiny. Scripts and the end-to-end tests use `--db` to open a temporary ledger.

use std::ffi::OsString;
use std::fmt;
use std::path::PathBuf;

pub const USAGE: &str = "\
Usage: rackledger-app [--db PATH]

  --db PATH   open this ledger file (created and migrated if missing)
              instead of the default one in the user's data directory
  -h, --help  print this help";

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum Parsed {
    Run(AppArgs),
    Help,
}

/// Validated arguments for a run.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct AppArgs {
    /// `--db PATH`; `None` means the core's default database.
    pub db: Option<PathBuf>,
}

#[derive(Debug, PartialEq, Eq)]
pub enum ArgsError {
    MissingValue(&'static str),
    Repeated(&'static str),
    Unknown(String),
}

impl fmt::Display for ArgsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArgsError::MissingValue(flag) => {
                write!(f, "{flag} needs a value, e.g. {flag} ledger.db")
            }
            ArgsError::Repeated(flag) => write!(f, "{flag} given more than once"),
            ArgsError::Unknown(arg) => write!(f, "unknown argument '{arg}'"),
        }
    }
}

impl std::error::Error for ArgsError {}

/// Parses the arguments after the program name. Accepts `--db PATH` and `--db=PATH`.
pub fn parse<I>(args: I) -> Result<Parsed, ArgsError>
where
    I: IntoIterator<Item = OsString>,
{
    let mut out = AppArgs::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let text = arg.to_string_lossy();
        let value = if text == "-h" || text == "--help" {
            return Ok(Parsed::Help);
        } else if text == "--db" {
            match args.next() {
                Some(v) if !v.is_empty() => v,
                _ => return Err(ArgsError::MissingValue("--db")),
            }
        } else if let Some(v) = text.strip_prefix("--db=") {
            if v.is_empty() {
                return Err(ArgsError::MissingValue("--db"));
            }
            OsString::from(v)
        } else {
            return Err(ArgsError::Unknown(text.into_owned()));
        };
        if out.db.replace(PathBuf::from(value)).is_some() {
            return Err(ArgsError::Repeated("--db"));
        }
    }
    Ok(Parsed::Run(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Parsed, ArgsError> {
        parse(args.iter().map(OsString::from))
    }

    fn db(path: &str) -> Result<Parsed, ArgsError> {
        Ok(Parsed::Run(AppArgs { db: Some(PathBuf::from(path)) }))
    }

    #[test]
    fn no_arguments_means_default_database() {
        assert_eq!(run(&[]), Ok(Parsed::Run(AppArgs::default())));
    }

    #[test]
    fn db_as_two_words_or_one() {
        assert_eq!(run(&["--db", "/tmp/a 1.db"]), db("/tmp/a 1.db"));
        assert_eq!(run(&["--db=/tmp/机房.db"]), db("/tmp/机房.db"));
    }

    #[test]
    fn db_without_value_is_refused() {
        assert_eq!(run(&["--db"]), Err(ArgsError::MissingValue("--db")));
        assert_eq!(run(&["--db="]), Err(ArgsError::MissingValue("--db")));
    }

    #[test]
    fn db_twice_is_refused() {
        assert_eq!(run(&["--db", "a", "--db", "b"]), Err(ArgsError::Repeated("--db")));
    }

    #[test]
    fn unknown_arguments_are_refused_and_quoted() {
        let err = run(&["--dbx"]).unwrap_err();
        assert_eq!(err.to_string(), "unknown argument '--dbx'");
    }

    #[test]
    fn help() {
        assert_eq!(run(&["--db", "x", "--help"]), Ok(Parsed::Help));
    }
}

//! Any bytes, as an `.xlsx` and as a `.csv`, through the whole import (dry run, in-memory
//! ledger): the importer must answer with a report, never panic.
#![no_main]

use std::cell::RefCell;

use libfuzzer_sys::fuzz_target;
use rackledger::excel::import_file;
use rackledger::{Ctx, Lang, Ledger};

thread_local! {
    // One ledger for the whole run: a dry run writes nothing, so every input meets the same
    // (empty) ledger, and the fuzzer spends its time in the importer, not in migrations.
    static LEDGER: RefCell<Option<Ledger>> = RefCell::new(Ledger::open_in_memory(Lang::Zh).ok());
}

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile_dir() else { return };
    for name in ["f.xlsx", "f.csv"] {
        let path = dir.join(name);
        if std::fs::write(&path, data).is_err() {
            return;
        }
        LEDGER.with(|cell| {
            if let Some(ledger) = cell.borrow_mut().as_mut() {
                let r = import_file(ledger, &Ctx::now("fuzz"), &path, true, &mut |_| {});
                assert!(r.is_ok(), "a bad file is a report, not Err: {r:?}");
            }
        });
    }
});

/// One scratch folder per process (the fuzzer calls the target millions of times).
fn tempfile_dir() -> std::io::Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("rackledger-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

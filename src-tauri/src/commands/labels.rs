//! 打印标签: device labels as a PDF. The backend asks where to save with the native dialog (the
//! web side never names a path, see `files.rs`); the core finds the font, lays out the sheet and
//! writes the file.

use rackledger::labels::{CableSelection, DeviceSelection, LabelsPrinted, PrintOptions, Sheet, DEFAULT_SHEET};
use rackledger::Ledger;
use tauri::{AppHandle, Manager, Runtime};

use crate::error::{CommandError, CommandResult};
use crate::files::{Dialogs, PDF};
use crate::state::AppState;

/// Asks where to save (suggesting `default_name`), then prints the labels of `selection` (asset
/// tags, or a cabinet) there on `sheet` (a preset name or `COLSxROWS`; the default is 3 × 8
/// labels of 70 × 37 mm). None when the dialog was cancelled.
#[tauri::command(rename_all = "snake_case")]
pub async fn labels_print_devices<R: Runtime>(
    app: AppHandle<R>,
    selection: DeviceSelection,
    default_name: Option<String>,
    sheet: Option<String>,
) -> CommandResult<Option<LabelsPrinted>> {
    print_to_picked(app, default_name, sheet, move |l, opts, out| l.print_device_labels(&selection, opts, out)).await
}

/// Like [`labels_print_devices`], for the two end labels of each selected cable (by number, or
/// every cable with an end in a cabinet).
#[tauri::command(rename_all = "snake_case")]
pub async fn labels_print_cables<R: Runtime>(
    app: AppHandle<R>,
    selection: CableSelection,
    default_name: Option<String>,
    sheet: Option<String>,
) -> CommandResult<Option<LabelsPrinted>> {
    print_to_picked(app, default_name, sheet, move |l, opts, out| l.print_cable_labels(&selection, opts, out)).await
}

/// Parses the sheet, asks where to save off the main thread, then prints there with `print`.
async fn print_to_picked<R: Runtime>(
    app: AppHandle<R>,
    default_name: Option<String>,
    sheet: Option<String>,
    print: impl FnOnce(&Ledger, &PrintOptions, &std::path::Path) -> rackledger::Result<LabelsPrinted> + Send + 'static,
) -> CommandResult<Option<LabelsPrinted>> {
    let lang = app.state::<AppState>().lang().core();
    let opts = PrintOptions {
        sheet: Sheet::parse(sheet.as_deref().unwrap_or(DEFAULT_SHEET))
            .map_err(|e| CommandError::from_core(&e, lang))?,
        ..Default::default()
    };
    let suggested = suggested_name(default_name.as_deref());
    let worker = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let title = lang.pick("保存标签 PDF", "Save the label PDF");
        let Some(out) = worker.state::<Dialogs>().save_file(&worker, title, &suggested, &PDF) else {
            return Ok(None);
        };
        worker.state::<AppState>().with_ledger(|l| print(l, &opts, &out)).map(Some)
    })
    .await
    .map_err(CommandError::internal)?
}

/// A file name for the dialog: the web side's suggestion without any folder, ending in `.pdf`.
fn suggested_name(name: Option<&str>) -> String {
    let base =
        name.map(|n| n.rsplit(['/', '\\']).next().unwrap_or("").trim()).filter(|n| !n.is_empty()).unwrap_or("标签");
    if base.to_ascii_lowercase().ends_with(".pdf") {
        base.to_string()
    } else {
        format!("{base}.pdf")
    }
}

#[cfg(test)]
mod tests {
    use rackledger::demo::DemoSize;
    use rackledger::{Ctx, Lang, Ledger};
    use serde_json::json;

    use super::suggested_name;
    use crate::test_support::{invoke, mock_app};

    #[test]
    fn labels_go_where_the_save_dialog_answered_and_a_cancel_writes_nothing() {
        let (dir, app) = mock_app();
        Ledger::open(&dir.path().join("ledger.db"), Lang::Zh)
            .and_then(|mut l| l.demo(&Ctx::now("test"), DemoSize { cabinets: 6, devices: 80, seed: 1 }))
            .expect("demo fills the ledger");
        let pdf = dir.path().join("A01 标签.pdf");
        std::fs::write(dir.path().join("dialogs.txt"), format!("{}\nCANCEL\n", pdf.display())).expect("script");

        let body = json!({ "selection": { "cabinet": "A01" }, "default_name": "A01 标签" });
        let done = invoke(&app, "labels_print_devices", body.clone()).expect("printed");
        assert_eq!(done["file"], pdf.display().to_string());
        assert_eq!(done["sheet"], "a4-3x8");
        assert!(done["labels"].as_u64().unwrap_or(0) > 0);
        let bytes = std::fs::read(&pdf).expect("the PDF was written");
        assert!(bytes.starts_with(b"%PDF-"));
        std::fs::remove_file(&pdf).expect("removed");

        assert_eq!(invoke(&app, "labels_print_devices", body), Ok(serde_json::Value::Null));
        assert!(!pdf.exists(), "a cancelled dialog writes nothing");

        let err = invoke(&app, "labels_print_devices", json!({ "selection": { "tags": [] }, "sheet": "9x99x" }));
        assert_eq!(err.unwrap_err()["code"], "invalid_value");

        std::fs::write(dir.path().join("dialogs.txt"), format!("{}\n", pdf.display())).expect("script");
        let body = json!({ "selection": { "cabinet": "A01" }, "default_name": "A01 线缆标签" });
        let done = invoke(&app, "labels_print_cables", body).expect("printed");
        let labels = done["labels"].as_u64().unwrap_or(0);
        assert!(labels > 0 && labels % 2 == 0, "two labels a cable: {done}");
        assert!(std::fs::read(&pdf).expect("written").starts_with(b"%PDF-"));
    }

    #[test]
    fn a_suggested_name_is_a_bare_pdf_file_name() {
        assert_eq!(suggested_name(Some("A01 标签")), "A01 标签.pdf");
        assert_eq!(suggested_name(Some("/etc/x.PDF")), "x.PDF");
        assert_eq!(suggested_name(Some("  ")), "标签.pdf");
        assert_eq!(suggested_name(None), "标签.pdf");
    }
}

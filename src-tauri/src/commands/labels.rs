//! 打印标签: device labels as a PDF, written where the user chose in the native save dialog (on
//! the web side). The core finds the font, lays out the sheet and writes the file.

use std::path::Path;

use rackledger::labels::{DeviceSelection, LabelsPrinted, PrintOptions, Sheet, DEFAULT_SHEET};
use tauri::State;

use crate::error::CommandResult;
use crate::state::AppState;

/// Prints the labels of `selection` (asset tags, or a cabinet) to the PDF at `path`, on `sheet`
/// (a preset name or `COLSxROWS`; the default is 3 × 8 labels of 70 × 37 mm).
#[tauri::command]
pub fn labels_print_devices(
    state: State<'_, AppState>,
    selection: DeviceSelection,
    path: String,
    sheet: Option<String>,
) -> CommandResult<LabelsPrinted> {
    state.with_ledger(|l| {
        let opts =
            PrintOptions { sheet: Sheet::parse(sheet.as_deref().unwrap_or(DEFAULT_SHEET))?, ..Default::default() };
        l.print_device_labels(&selection, &opts, Path::new(path.trim()))
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::commands::racks::testkit::demo_app;

    #[test]
    fn a_cabinet_and_a_device_print_to_the_chosen_file() {
        let app = demo_app("labels-print");
        let dir = tempfile::tempdir().expect("temp dir");
        let pdf = dir.path().join("A01 标签.pdf");
        let path = pdf.display().to_string();
        let done = app.ok("labels_print_devices", json!({ "selection": { "cabinet": "A01" }, "path": path }));
        assert_eq!(done["file"], path.as_str());
        assert_eq!(done["sheet"], "a4-3x8");
        assert!(done["labels"].as_u64().unwrap() > 0);
        let bytes = std::fs::read(&pdf).expect("the PDF was written");
        assert!(bytes.starts_with(b"%PDF-"));
        assert_eq!(done["bytes"].as_u64(), Some(bytes.len() as u64));

        let elevation = app.ok("racks_elevation", json!({ "cabinet": "A01" }));
        let tag = elevation["devices"][0]["asset_tag"].as_str().unwrap().to_string();
        let one =
            app.ok("labels_print_devices", json!({ "selection": { "tags": [tag] }, "path": path, "sheet": "a4-2x7" }));
        assert_eq!((one["labels"].as_u64(), one["sheet"].as_str()), (Some(1), Some("a4-2x7")));

        let err = app.invoke("labels_print_devices", json!({ "selection": { "tags": ["NOPE"] }, "path": path }));
        assert_eq!(err.unwrap_err()["code"], "asset_not_found");
    }
}

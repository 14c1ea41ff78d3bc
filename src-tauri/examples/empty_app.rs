//! The memory baseline of `docs/performance.md`: a Tauri app that opens one window on a blank
//! page. Same crate, so the same `tauri` version and features as RackLedger, and no plugin, no
//! state, no command; it paints as the app does (the same rule for WebKit's compositor). Built
//! only when measuring (`cargo build -p rackledger-app --example empty_app`); `tests/e2e/perf/app.mjs` starts it through tauri-driver like the real app.

fn main() {
    // The same rendering rule as the app (src-tauri/src/rendering.rs), so both are measured
    // painting the same way. SAFETY: first thing in main, one thread.
    unsafe { rackledger_app::rendering::apply() };
    let mut context = tauri::generate_context!();
    // Not the configured window (it would load RackLedger's UI): one on a blank inline page.
    context.config_mut().app.windows.clear();
    let result = tauri::Builder::default()
        .setup(|app| {
            // about:blank: a data: URL would need another tauri feature than the app's.
            let url = "about:blank".parse().map_err(|e| format!("blank page URL: {e}"))?;
            tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::External(url))
                .title("empty")
                .inner_size(1280.0, 800.0)
                .build()?;
            Ok(())
        })
        .run(context);
    if let Err(err) = result {
        eprintln!("empty_app: {err}");
        std::process::exit(1);
    }
}

//! The RackLedger desktop shell: a Tauri 2 window over the `rackledger` core.
//!
//! This crate holds no business rule. It parses its own command line ([`args`]), keeps the
//! session in managed state ([`state`]), and exposes thin commands ([`commands`]) that
//! deserialize, call the core, and return its answer — errors as `{code, message}` ([`error`]).

pub mod args;
pub mod commands;
pub mod error;
pub mod files;
pub mod live;
pub mod memory;
pub mod rendering;
pub mod state;
#[cfg(test)]
pub(crate) mod test_support;

use state::AppState;
use tauri::Manager;

/// Starts the app: parses `--db PATH`, registers plugins, state and commands, opens the window.
pub fn run() {
    let args = match args::parse(std::env::args_os().skip(1)) {
        Ok(args::Parsed::Run(args)) => args,
        Ok(args::Parsed::Help) => {
            println!("{}", args::USAGE);
            return;
        }
        Err(err) => {
            eprintln!("rackledger-app: {err}\n\n{}", args::USAGE);
            std::process::exit(2);
        }
    };

    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            // `--db` wins; else the database the user opened last (remembered in the config file).
            let config = app.path().app_config_dir().ok().map(|d| d.join(state::CONFIG_FILE));
            let state = AppState::start(args.db, config);
            app.manage(commands::assets::Readers::new(state.effective_db_path()));
            app.manage(state);
            live::start(app.handle().clone());
            #[cfg(target_os = "linux")]
            lighter_webkit_cache(app);
            Ok(())
        })
        .manage(files::PickedFiles::default())
        .manage(files::Dialogs::from_env())
        // A file dropped onto the window opens the import wizard (commands::excel::dropped).
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                commands::excel::dropped(window.app_handle(), paths);
            }
        })
        .on_webview_event(|webview, event| {
            if let tauri::WebviewEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                commands::excel::dropped(webview.app_handle(), paths);
            }
        })
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    if let Err(err) = result {
        eprintln!("rackledger-app: {err}");
        std::process::exit(1);
    }
}

/// WebKit's cache model for a single-page app that loads its few resources once from the app
/// itself: `DocumentViewer` turns off the memory and page caches a browser keeps for pages
/// visited again (WebKit's default is `WebBrowser`). The model is per web context, set before
/// the page has loaded much.
#[cfg(target_os = "linux")]
fn lighter_webkit_cache<R: tauri::Runtime>(app: &tauri::App<R>) {
    use webkit2gtk::{CacheModel, WebContextExt, WebViewExt};
    for window in app.webview_windows().values() {
        let done = window.with_webview(|webview| {
            if let Some(context) = webview.inner().context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
        });
        if let Err(err) = done {
            eprintln!("rackledger-app: WebKit cache model not set: {err}");
        }
    }
}

// No console window on Windows in release builds; does nothing on Linux.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // First, while the process has one thread: turn WebKit's GL compositor off on a machine
    // without hardware GL (src-tauri/src/rendering.rs). It must precede GTK and WebKit, which read
    // the variable when they start, and every thread, since setting the environment races with
    // another thread's getenv.
    // SAFETY: nothing has run before this line but the standard library's start-up, which
    // spawns no thread; Tauri, GTK and our state start below, in `run`.
    unsafe { rackledger_app::rendering::apply() };
    rackledger_app::memory::tune_allocator();
    rackledger_app::run();
}

// No console window on Windows in release builds; does nothing on Linux.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    rackledger_app::run();
}

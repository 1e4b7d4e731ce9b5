//! Entry point of the Aktenscan desktop program; everything else lives in the library crate.

// No console window next to the app window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    aktenscan_app_lib::run();
}

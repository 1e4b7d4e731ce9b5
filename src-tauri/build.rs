//! Build script: lets tauri-build read `tauri.conf.json` and the capabilities and prepare the app's context.

fn main() {
    tauri_build::build();
}

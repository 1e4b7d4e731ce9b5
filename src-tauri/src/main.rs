//! Entry point of the Aktenscan desktop program; everything else lives in the library crate.

// No console window next to the app window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Tesseract's OpenMP must be single-threaded per engine (one engine per worker thread is
    // far faster); this restarts the process with OMP_THREAD_LIMIT=1 when it is not set.
    aktenscan_ocr::restart_with_single_threaded_openmp();
    aktenscan_pages::quiet_leptonica();
    aktenscan_app_lib::run();
}

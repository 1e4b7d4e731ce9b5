//! Recognises page images with Tesseract, one engine set per worker thread.
//!
//! Per page: blank check → orientation and script (Tesseract OSD) → quarter-turn correction →
//! deskew (Leptonica) → paper tone flattened (Leptonica's background normalisation) → recognition with the model for the script (`frk+Fraktur` for Fraktur, else `deu`)
//! → words with boxes and confidence → strips of junk dropped (a book's edge read as letters)
//! → mapped back into the coordinates of the stored image.

mod engine;
mod geometry;
mod strips;
mod tsv;

pub use engine::{Engine, OcrConfig, OcrError, Recogniser, DEFAULT_TESSDATA};

/// The recognition models installed in `tessdata` (`deu`, `frk`, …; `*.traineddata` without
/// `osd`, which only finds orientation and script), sorted.
pub fn installed_models(tessdata: &std::path::Path) -> Vec<String> {
    let mut models: Vec<String> = std::fs::read_dir(tessdata)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".traineddata").map(str::to_string)
        })
        .filter(|m| m != "osd" && !m.is_empty())
        .collect();
    models.sort();
    models
}

/// The models for pages OSD finds to be Fraktur, unless chosen otherwise: `frk+Fraktur` where
/// both are installed (Tesseract retries the words `frk` reads badly with the script model: on the
/// benchmark's Fraktur pages 9.1 % CER instead of 10.1 %, for 1.3 to 1.5 times the time), else
/// `frk` (or `Fraktur` where only that is installed).
/// Archives are read once and searched for decades, so the default is the better reading.
pub fn default_fraktur_model(tessdata: &std::path::Path) -> String {
    let installed = installed_models(tessdata);
    let has = |m: &str| installed.iter().any(|i| i == m);
    if has("frk") && has("Fraktur") {
        "frk+Fraktur".into()
    } else if !has("frk") && has("Fraktur") {
        "Fraktur".into()
    } else {
        "frk".into()
    }
}

/// Checks a fixed model choice (`deu`, `frk`, `deu+frk`) against the installed models; an
/// empty choice or `auto` means "per page by script" and is always fine. German message.
pub fn check_models(choice: &str, installed: &[String]) -> Result<(), String> {
    let choice = choice.trim();
    if choice.is_empty() || choice == "auto" {
        return Ok(());
    }
    let missing: Vec<&str> = choice
        .split('+')
        .map(str::trim)
        .filter(|m| !installed.iter().any(|i| i == m))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "Das Sprachmodell „{}“ ist nicht installiert (vorhanden: {}).",
            missing.join("“, „"),
            installed.join(", ")
        ))
    }
}

/// The version of the linked Tesseract library, e.g. `5.3.0`.
pub fn tesseract_version() -> String {
    // SAFETY: returns a pointer to a static NUL-terminated string.
    let ptr = unsafe { tesseract::plumbing::tesseract_sys::TessVersion() };
    if ptr.is_null() {
        return "unknown".into();
    }
    unsafe { std::ffi::CStr::from_ptr(ptr) }
        .to_string_lossy()
        .into_owned()
}

/// Restarts the process with `OMP_THREAD_LIMIT=1` unless the variable is set already.
///
/// Debian's Tesseract runs OpenMP teams inside each page (with explicit team sizes that only
/// `OMP_THREAD_LIMIT` caps), and the OpenMP runtime reads that variable when it loads, before
/// `main`. One page per core is far faster: measured here 2.3 s instead of 8.8 s for one A4 page.
/// So the shells (CLI, app) call this first thing. Returns when the variable is already set, or
/// when restarting fails (OCR is then slower, not wrong).
#[cfg(unix)]
pub fn restart_with_single_threaded_openmp() {
    use std::os::unix::process::CommandExt;
    if std::env::var_os("OMP_THREAD_LIMIT").is_some() {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let mut args = std::env::args_os();
    let mut cmd = std::process::Command::new(exe);
    if let Some(arg0) = args.next() {
        cmd.arg0(arg0);
    }
    let err = cmd.args(args).env("OMP_THREAD_LIMIT", "1").exec();
    eprintln!(
        "aktenscan: note: could not restart with OMP_THREAD_LIMIT=1 ({err}); OCR will be slower"
    );
}

#[cfg(not(unix))]
pub fn restart_with_single_threaded_openmp() {}

#[cfg(test)]
mod model_tests {
    use super::*;

    #[test]
    fn installed_models_and_choices() {
        let dir = tempfile::tempdir().unwrap();
        for f in [
            "deu.traineddata",
            "frk.traineddata",
            "osd.traineddata",
            "pdf.ttf",
        ] {
            std::fs::write(dir.path().join(f), b"").unwrap();
        }
        let models = installed_models(dir.path());
        assert_eq!(models, ["deu", "frk"]);
        assert!(check_models("", &models).is_ok());
        assert!(check_models("auto", &models).is_ok());
        assert!(check_models("deu+frk", &models).is_ok());
        let err = check_models("deu+eng", &models).unwrap_err();
        assert!(err.contains("„eng“ ist nicht installiert"), "{err}");
        assert!(installed_models(&dir.path().join("fehlt")).is_empty());
        assert_eq!(default_fraktur_model(dir.path()), "frk");
        std::fs::write(dir.path().join("Fraktur.traineddata"), b"").unwrap();
        assert_eq!(default_fraktur_model(dir.path()), "frk+Fraktur");
        std::fs::remove_file(dir.path().join("frk.traineddata")).unwrap();
        assert_eq!(default_fraktur_model(dir.path()), "Fraktur");
    }
}

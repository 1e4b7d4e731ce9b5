//! Finds the input files of an ingest: walks folders recursively, skips hidden files, orders
//! names naturally (`seite2` before `seite10`) and tells each file's kind from its content.

mod natural;

use serde::Serialize;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub use natural::natural_cmp;

/// What an input file is, judged by its first bytes (not by its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum InputKind {
    Tiff,
    Png,
    Jpeg,
    Pdf,
}

/// One file to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    pub kind: InputKind,
}

/// A path that could not be taken, with the reason in words a clerk understands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    pub path: PathBuf,
    pub reason: String,
}

/// The result of looking at the given paths: files to import and files refused.
#[derive(Debug, Default)]
pub struct Discovery {
    pub inputs: Vec<Input>,
    pub rejected: Vec<Rejected>,
    /// Files that are neither images nor PDFs by name or content (e.g. `notizen.txt`): left alone.
    pub ignored: Vec<PathBuf>,
}

/// The endings of the files an import reads (lower case): what a desk may send, too.
pub const INPUT_EXTENSIONS: &[&str] = &["tif", "tiff", "png", "jpg", "jpeg", "pdf"];

/// Looks at every path (file or folder) and returns the files to import in a stable order:
/// the given paths in the order given, the files inside each folder in natural order.
pub fn discover<P: AsRef<Path>>(paths: &[P]) -> Discovery {
    let mut found = Discovery::default();
    for root in paths {
        let root = root.as_ref();
        if !root.exists() {
            found.rejected.push(Rejected {
                path: root.to_path_buf(),
                reason: "does not exist (check the path)".into(),
            });
            continue;
        }
        let walker = WalkDir::new(root)
            .follow_links(true)
            .sort_by(|a, b| {
                natural_cmp(
                    &a.file_name().to_string_lossy(),
                    &b.file_name().to_string_lossy(),
                )
            })
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => classify(entry.path(), &mut found),
                Ok(_) => {}
                Err(err) => {
                    let path = err.path().unwrap_or(root).to_path_buf();
                    let reason = if err.loop_ancestor().is_some() {
                        "symbolic link loop: the link points back into a folder above it; skipped"
                            .to_string()
                    } else {
                        format!("cannot be read: {}", io_reason(&err))
                    };
                    found.rejected.push(Rejected { path, reason });
                }
            }
        }
    }
    found
}

fn io_reason(err: &walkdir::Error) -> String {
    match err.io_error() {
        Some(io) => io.to_string(),
        None => err.to_string(),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn classify(path: &Path, found: &mut Discovery) {
    let by_name = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| INPUT_EXTENSIONS.contains(&e.as_str()));
    match sniff(path) {
        Ok(Some(kind)) => found.inputs.push(Input {
            path: path.to_path_buf(),
            kind,
        }),
        Ok(None) if by_name => found.rejected.push(Rejected {
            path: path.to_path_buf(),
            reason: content_mismatch(path),
        }),
        Ok(None) => found.ignored.push(path.to_path_buf()),
        Err(err) => found.rejected.push(Rejected {
            path: path.to_path_buf(),
            reason: format!("cannot be read: {err}"),
        }),
    }
}

fn content_mismatch(path: &Path) -> String {
    match std::fs::metadata(path) {
        Ok(m) if m.len() == 0 => "empty file (0 bytes): nothing to import".into(),
        _ => {
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_uppercase())
                .unwrap_or_default();
            format!(
                "named .{} but its content is not a {ext} file (neither TIFF, PNG, JPEG nor PDF)",
                ext.to_lowercase()
            )
        }
    }
}

/// Tells the kind of a file from its first bytes; `None` when it is none of the supported kinds.
pub fn sniff(path: &Path) -> std::io::Result<Option<InputKind>> {
    let mut head = [0u8; 1024];
    let mut file = File::open(path)?;
    let mut n = 0;
    while n < head.len() {
        let read = file.read(&mut head[n..])?;
        if read == 0 {
            break;
        }
        n += read;
    }
    Ok(sniff_bytes(&head[..n]))
}

/// Tells the kind of a file from its first bytes (at least 8, up to 1024 for PDF).
pub fn sniff_bytes(head: &[u8]) -> Option<InputKind> {
    if head.starts_with(b"II*\0") || head.starts_with(b"MM\0*") {
        Some(InputKind::Tiff)
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(InputKind::Png)
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(InputKind::Jpeg)
    } else if head.windows(5).any(|w| w == b"%PDF-") {
        Some(InputKind::Pdf)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn walks_in_natural_order_and_skips_hidden_files() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir(d.join("teil")).unwrap();
        for name in [
            "seite10.png",
            "seite2.png",
            "teil/seite1.pdf",
            ".versteckt.png",
        ] {
            let bytes: &[u8] = if name.ends_with(".pdf") {
                b"%PDF-1.4\n"
            } else {
                b"\x89PNG\r\n\x1a\nxxxx"
            };
            fs::write(d.join(name), bytes).unwrap();
        }
        fs::write(d.join("notizen.txt"), "hallo").unwrap();
        let found = discover(&[d]);
        let names: Vec<_> = found
            .inputs
            .iter()
            .map(|i| {
                i.path
                    .strip_prefix(d)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["seite2.png", "seite10.png", "teil/seite1.pdf"]);
        assert_eq!(found.inputs[2].kind, InputKind::Pdf);
        assert_eq!(found.ignored, [d.join("notizen.txt")]);
        assert!(found.rejected.is_empty());
    }

    #[test]
    fn refuses_wrong_content_and_empty_files_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::write(d.join("brief.pdf"), "Dies ist nur Text.").unwrap();
        fs::write(d.join("leer.tif"), b"").unwrap();
        let found = discover(&[d]);
        assert!(found.inputs.is_empty());
        let reasons: Vec<_> = found.rejected.iter().map(|r| r.reason.as_str()).collect();
        assert!(reasons[0].contains("not a PDF"), "{reasons:?}");
        assert!(reasons[1].contains("empty file"), "{reasons:?}");
    }

    #[cfg(unix)]
    #[test]
    fn reports_a_symlink_loop_and_goes_on() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        fs::create_dir(d.join("a")).unwrap();
        fs::write(d.join("a/scan.png"), b"\x89PNG\r\n\x1a\nxxxx").unwrap();
        std::os::unix::fs::symlink(d.join("a"), d.join("a/zurueck")).unwrap();
        let found = discover(&[d]);
        assert_eq!(found.inputs.len(), 1);
        assert_eq!(found.rejected.len(), 1);
        assert!(found.rejected[0].reason.contains("loop"));
    }
}

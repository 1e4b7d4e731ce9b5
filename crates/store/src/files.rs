//! Content-addressed files: named by SHA-256, written atomically (temp file, fsync, rename).

use crate::{Library, Result, StoreError};
use sha2::{Digest, Sha256};
use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

/// A file in the library.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoredFile {
    /// Path relative to the library root, `/`-separated.
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl Library {
    /// Stores bytes under their hash; storing the same bytes twice keeps one file.
    pub fn put_file(&self, bytes: &[u8], ext: &str) -> Result<StoredFile> {
        let sha256 = sha256_hex(bytes);
        let rel = content_path(&sha256, ext);
        let target = self.root.join(&rel);
        if !target.exists() {
            let dir = target.parent().unwrap_or(&self.root).to_path_buf();
            fs::create_dir_all(&dir).map_err(Self::io(&dir))?;
            self.write_atomic(&target, bytes)?;
        }
        Ok(StoredFile {
            path: rel,
            sha256,
            size: bytes.len() as u64,
        })
    }

    /// Writes `bytes` to `target` so that it either appears whole or not at all.
    pub fn write_atomic(&self, target: &Path, bytes: &[u8]) -> Result<()> {
        let tmp_dir = self.root.join("tmp");
        let mut tmp = tempfile_in(&tmp_dir)?;
        tmp.1.write_all(bytes).map_err(Self::io(&tmp.0))?;
        tmp.1.sync_all().map_err(Self::io(&tmp.0))?;
        drop(tmp.1);
        fs::rename(&tmp.0, target).map_err(Self::io(target))?;
        sync_parent(target);
        Ok(())
    }

    /// A path in the library's temporary folder for a file being written (e.g. a PDF built
    /// page by page); hand the finished file to [`Library::adopt_file`].
    pub fn temp_path(&self, ext: &str) -> std::path::PathBuf {
        self.root
            .join("tmp")
            .join(format!(".tmp-{}.{ext}", uuid::Uuid::new_v4().simple()))
    }

    /// Moves a finished, synced file into content-addressed storage under its hash.
    pub fn adopt_file(&self, tmp: &Path, ext: &str) -> Result<StoredFile> {
        let mut file = File::open(tmp).map_err(Self::io(tmp))?;
        let mut hasher = Sha256::new();
        let size = std::io::copy(&mut file, &mut hasher).map_err(Self::io(tmp))?;
        let sha256 = hex::encode(hasher.finalize());
        let rel = content_path(&sha256, ext);
        let target = self.root.join(&rel);
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(Self::io(dir))?;
        }
        fs::rename(tmp, &target).map_err(Self::io(&target))?;
        sync_parent(&target);
        Ok(StoredFile {
            path: rel,
            sha256,
            size,
        })
    }

    /// Reads a stored file and checks that its bytes still match the hash in its name.
    pub fn read_file(&self, rel: &str) -> Result<Vec<u8>> {
        let path = self.root.join(rel);
        let bytes = fs::read(&path).map_err(Self::io(&path))?;
        let name_hash = Path::new(rel)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name_hash.len() == 64 && sha256_hex(&bytes) != name_hash {
            return Err(StoreError::Damaged { path });
        }
        Ok(bytes)
    }

    /// Copies a document's PDF/A to `dest` (a file path outside the library, e.g. chosen in a
    /// save dialog): written under a temporary name in `dest`'s folder, checked against the
    /// SHA-256 in the stored file's name while copied, synced, then renamed, so `dest` holds
    /// either the whole PDF or what it held before. Returns the copy's hash and size.
    pub fn save_document_pdf(&self, document_id: &str, dest: &Path) -> Result<StoredFile> {
        let doc = self.document(document_id)?;
        let rel = doc.pdf_file.ok_or_else(|| {
            StoreError::Invalid(format!(
                "Das Dokument „{}“ hat noch kein PDF/A: die Erfassung ist nicht abgeschlossen.",
                doc.title
            ))
        })?;
        let src = self.root.join(&rel);
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        if dest.is_dir() {
            return Err(StoreError::Invalid(format!(
                "{} ist ein Ordner: bitte einen Dateinamen angeben.",
                dest.display()
            )));
        }
        let mut input = File::open(&src).map_err(Self::io(&src))?;
        let (tmp, mut out) = tempfile_in(&dir)?;
        let copied = copy_checked(&mut input, &src, &rel, &mut out, &tmp);
        drop(out);
        let (sha256, size) = match copied {
            Ok(v) => v,
            Err(e) => {
                let _ = fs::remove_file(&tmp);
                return Err(e);
            }
        };
        if let Err(e) = fs::rename(&tmp, dest) {
            let _ = fs::remove_file(&tmp);
            return Err(StoreError::Io {
                path: dest.to_path_buf(),
                source: e,
            });
        }
        sync_parent(dest);
        Ok(StoredFile {
            path: dest.display().to_string(),
            sha256,
            size,
        })
    }

    /// Removes leftovers of writes that were interrupted (e.g. by a crash): files in `tmp/`
    /// untouched for an hour. A younger one may be another workspace's write in progress (the
    /// server's writer beside its ingest lane).
    pub fn clean_tmp(&self) {
        let stale = |e: &fs::DirEntry| {
            e.metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(3600))
        };
        if let Ok(entries) = fs::read_dir(self.root.join("tmp")) {
            for e in entries.flatten().filter(stale) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

/// Copies a stored file to `out` (a temporary file), hashing on the way; the hash must match
/// the stored file's name. Syncs `out`; returns the hash and the size.
fn copy_checked(
    input: &mut File,
    src: &Path,
    rel: &str,
    out: &mut File,
    tmp: &Path,
) -> Result<(String, u64)> {
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        let n = std::io::Read::read(input, &mut buf).map_err(Library::io(src))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        out.write_all(&buf[..n]).map_err(Library::io(tmp))?;
        size += n as u64;
    }
    let sha256 = hex::encode(hasher.finalize());
    let name_hash = Path::new(rel)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name_hash.len() == 64 && name_hash != sha256 {
        return Err(StoreError::Damaged {
            path: src.to_path_buf(),
        });
    }
    out.sync_all().map_err(Library::io(tmp))?;
    Ok((sha256, size))
}

/// Where a file with this hash and extension lives, relative to the library root.
fn content_path(sha256: &str, ext: &str) -> String {
    format!("files/{}/{}/{sha256}.{ext}", &sha256[..2], &sha256[2..4])
}

/// Makes a rename into `path`'s folder durable (best effort: not every file system can).
fn sync_parent(path: &Path) {
    if let Some(d) = path.parent().and_then(|dir| File::open(dir).ok()) {
        let _ = d.sync_all();
    }
}

fn tempfile_in(dir: &Path) -> Result<(std::path::PathBuf, File)> {
    for _ in 0..16 {
        let path = dir.join(format!(".tmp-{}", uuid::Uuid::new_v4().simple()));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(f) => return Ok((path, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(source) => return Err(StoreError::Io { path, source }),
        }
    }
    Err(StoreError::Io {
        path: dir.to_path_buf(),
        source: std::io::Error::other("cannot create a temporary file"),
    })
}

#[cfg(test)]
mod tests {
    use crate::Library;

    #[test]
    fn same_bytes_same_file_and_damage_is_detected() {
        let dir = tempfile::tempdir().unwrap();
        let lib = Library::open(dir.path()).unwrap();
        let a = lib.put_file(b"Bauantrag", "txt").unwrap();
        let b = lib.put_file(b"Bauantrag", "txt").unwrap();
        assert_eq!(a, b);
        assert_eq!(lib.read_file(&a.path).unwrap(), b"Bauantrag");
        std::fs::write(lib.path_of(&a.path), b"Bauantrax").unwrap();
        assert!(lib
            .read_file(&a.path)
            .unwrap_err()
            .to_string()
            .contains("damaged"));
        assert_eq!(
            std::fs::read_dir(dir.path().join("tmp")).unwrap().count(),
            0
        );
    }

    #[test]
    fn a_documents_pdf_is_saved_as_a_whole_copy_and_damage_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut lib = Library::open(dir.path().join("bib")).unwrap();
        let record = lib
            .create_record(&crate::NewRecord {
                title: "Bauakte".into(),
                ..Default::default()
            })
            .unwrap();
        let original = lib.put_file(b"%PDF-1.4 Scan", "pdf").unwrap();
        let doc = lib
            .add_document(&record.id, 1, "Bauantrag", "antrag.pdf", &original, 1)
            .unwrap();
        let dest = dir.path().join("ablage").join("Bauantrag.pdf");
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        // Not complete yet: no PDF/A to save, nothing written.
        let err = lib.save_document_pdf(&doc.id, &dest).unwrap_err();
        assert!(err.to_string().contains("noch kein PDF/A"), "{err}");
        assert!(!dest.exists());

        let pdf = lib.put_file(b"%PDF-1.7 PDF/A", "pdf").unwrap();
        lib.complete_document(&doc.id, &pdf).unwrap();
        std::fs::write(&dest, b"alt").unwrap();
        let saved = lib.save_document_pdf(&doc.id, &dest).unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"%PDF-1.7 PDF/A");
        assert_eq!(saved.sha256, pdf.sha256);
        assert_eq!(saved.size, 14);

        // A damaged stored PDF is not copied; the earlier copy stays, no temporary file is left.
        std::fs::write(lib.path_of(&pdf.path), b"%PDF-1.7 kaputt").unwrap();
        let err = lib.save_document_pdf(&doc.id, &dest).unwrap_err();
        assert!(err.to_string().contains("damaged"), "{err}");
        assert_eq!(std::fs::read(&dest).unwrap(), b"%PDF-1.7 PDF/A");
        assert_eq!(
            std::fs::read_dir(dest.parent().unwrap()).unwrap().count(),
            1
        );
        assert!(lib
            .save_document_pdf(&doc.id, dest.parent().unwrap())
            .is_err());
    }
}

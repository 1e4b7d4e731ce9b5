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

    /// Removes leftovers of writes that were interrupted (e.g. by a crash).
    pub fn clean_tmp(&self) {
        if let Ok(entries) = fs::read_dir(self.root.join("tmp")) {
            for e in entries.flatten() {
                let _ = fs::remove_file(e.path());
            }
        }
    }
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
}

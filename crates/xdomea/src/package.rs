//! Packing a prepared message: the flat ZIP `{ProzessID}_{Nachricht}.zip` (message XML plus
//! the primary documents), optionally wrapped in a BagIt 1.0 bag (RFC 8493, SHA-512). Written
//! under a temporary name in the output folder, fsynced, and renamed when complete: a failed
//! export leaves nothing behind.

use std::fs::{self, File};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256, Sha512};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::collect::Prepared;
use crate::message::write_message;
use crate::XdomeaError;

/// What an export wrote.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Written {
    pub prozess_id: String,
    /// The ZIP (inside the bag when `bag` is set).
    pub zip: PathBuf,
    pub zip_sha256: String,
    /// The bag folder, when one was made.
    pub bag: Option<PathBuf>,
    /// Name of the message XML inside the ZIP.
    pub message_file: String,
    /// Names of the primary documents inside the ZIP.
    pub documents: Vec<String>,
}

/// Removes a path on drop unless disarmed: what keeps a failed export from leaving parts.
struct Cleanup(Option<PathBuf>);

impl Cleanup {
    fn disarm(&mut self) {
        self.0 = None;
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            if p.is_dir() {
                let _ = fs::remove_dir_all(&p);
            } else {
                let _ = fs::remove_file(&p);
            }
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> XdomeaError + '_ {
    move |source| XdomeaError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes the package into `out_dir` (created if missing).
pub fn write_package(p: &Prepared, out_dir: &Path, bag: bool) -> Result<Written, XdomeaError> {
    fs::create_dir_all(out_dir).map_err(io(out_dir))?;
    let stem = p.message.kind.file_stem(&p.message.prozess_id);
    let zip_name = format!("{stem}.zip");
    let message_file = format!("{stem}.xml");
    let xml = write_message(&p.message)?;
    let nonce = uuid::Uuid::new_v4().simple().to_string();

    let final_path = if bag {
        out_dir.join(&stem)
    } else {
        out_dir.join(&zip_name)
    };
    if final_path.exists() {
        return Err(XdomeaError::Exists(final_path));
    }
    // Everything is built under a hidden temporary name first.
    let tmp_root = out_dir.join(format!(".{stem}.part-{nonce}"));
    let mut cleanup = Cleanup(Some(tmp_root.clone()));
    let tmp_zip = if bag {
        fs::create_dir_all(tmp_root.join("data")).map_err(io(&tmp_root))?;
        tmp_root.join("data").join(&zip_name)
    } else {
        tmp_root.clone()
    };

    let zip_sha256 = write_zip(&tmp_zip, &message_file, &xml, p)?;
    if bag {
        write_bag_files(&tmp_root, p, &zip_name, &tmp_zip)?;
        sync_dir(&tmp_root.join("data"));
        sync_dir(&tmp_root);
    }
    fs::rename(&tmp_root, &final_path).map_err(io(&final_path))?;
    cleanup.disarm();
    sync_dir(out_dir);

    Ok(Written {
        prozess_id: p.message.prozess_id.clone(),
        zip: if bag {
            final_path.join("data").join(&zip_name)
        } else {
            final_path.clone()
        },
        zip_sha256,
        bag: bag.then_some(final_path),
        message_file,
        documents: p.files.iter().map(|f| f.name.clone()).collect(),
    })
}

/// Writes the ZIP, checking each primary document's SHA-256 as it is copied; returns the
/// ZIP's SHA-256.
fn write_zip(
    path: &Path,
    message_file: &str,
    xml: &[u8],
    p: &Prepared,
) -> Result<String, XdomeaError> {
    let file = File::options()
        .read(true)
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(io(path))?;
    let mut zip = ZipWriter::new(file);
    let when = zip_time();
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(when);
    // PDFs are compressed already: stored as they are.
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(when)
        .large_file(false);
    zip.start_file(message_file, deflated)?;
    zip.write_all(xml).map_err(io(path))?;
    for f in &p.files {
        let mut src = File::open(&f.source).map_err(io(&f.source))?;
        let large = src.metadata().map_err(io(&f.source))?.len() >= 0xFFFF_FFFF;
        zip.start_file(&f.name, stored.large_file(large))?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = src.read(&mut buf).map_err(io(&f.source))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            zip.write_all(&buf[..n]).map_err(io(path))?;
        }
        if hex::encode(hasher.finalize()) != f.sha256 {
            return Err(XdomeaError::Damaged(f.source.clone()));
        }
    }
    let mut file = zip.finish()?;
    file.flush().map_err(io(path))?;
    file.sync_all().map_err(io(path))?;
    file.rewind().map_err(io(path))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(io(path))?;
    Ok(hex::encode(hasher.finalize()))
}

/// bagit.txt, bag-info.txt, manifest-sha512.txt, tagmanifest-sha512.txt.
fn write_bag_files(
    root: &Path,
    p: &Prepared,
    zip_name: &str,
    zip_path: &Path,
) -> Result<(), XdomeaError> {
    let size = fs::metadata(zip_path).map_err(io(zip_path))?.len();
    let zip_sha512 = sha512_file(zip_path)?;
    let today = p.message.erstellt.get(..10).unwrap_or("").to_string();
    let tags: Vec<(&str, String)> = vec![
        (
            "bagit.txt",
            "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".to_string(),
        ),
        (
            "bag-info.txt",
            format!(
                "Source-Organization: {org}\n\
                 External-Identifier: {id}\n\
                 External-Description: xdomea {code} {name} (Version {version})\n\
                 Bagging-Date: {today}\n\
                 Bag-Software-Agent: Aktenscan {sw}\n\
                 Payload-Oxum: {size}.1\n",
                org = one_line(&p.message.absender.institution),
                id = p.message.prozess_id,
                code = p.message.kind.code(),
                name = p.message.kind.name(),
                version = p.message.version.as_str(),
                sw = env!("CARGO_PKG_VERSION"),
            ),
        ),
        (
            "manifest-sha512.txt",
            format!("{zip_sha512}  data/{zip_name}\n"),
        ),
    ];
    let mut tagmanifest = String::new();
    for (name, content) in &tags {
        let path = root.join(name);
        write_synced(&path, content.as_bytes())?;
        tagmanifest.push_str(&format!(
            "{}  {name}\n",
            hex::encode(Sha512::digest(content.as_bytes()))
        ));
    }
    write_synced(&root.join("tagmanifest-sha512.txt"), tagmanifest.as_bytes())
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), XdomeaError> {
    let mut f = File::create(path).map_err(io(path))?;
    f.write_all(bytes).map_err(io(path))?;
    f.sync_all().map_err(io(path))
}

fn sha512_file(path: &Path) -> Result<String, XdomeaError> {
    let mut f = File::open(path).map_err(io(path))?;
    let mut h = Sha512::new();
    std::io::copy(&mut f, &mut h).map_err(io(path))?;
    Ok(hex::encode(h.finalize()))
}

/// Makes renames in a folder durable (best effort).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

fn zip_time() -> DateTime {
    let now = time::OffsetDateTime::now_utc();
    DateTime::from_date_and_time(
        u16::try_from(now.year()).unwrap_or(1980),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
    )
    .unwrap_or_default()
}

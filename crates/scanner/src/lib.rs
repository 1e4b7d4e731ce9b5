//! Drives scanners through SANE (libsane, our own minimal binding in [`ffi`]): lists devices,
//! reads and sets options (resolution, mode, source, page size, any other by name), and scans a
//! whole ADF batch, handing each page over as an [`Image`] as soon as it is read. A scanner that
//! stops mid-batch (paper jam, cover open, unplugged) ends the batch with the pages read so far
//! and the reason in words.

mod ffi;
mod reader_thread;

use aktenscan_pages::{Image, PixelKind};

/// What a scanned batch was made with and how it ended (the type lives in `aktenscan-model`,
/// since the ingest job and the scan protocol keep it too).
pub use aktenscan_model::ScanProtocol as BatchProtocol;

use serde::Serialize;
use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int, c_void};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("SANE: {0}")]
    Sane(String),
    #[error("scanner {device}: {message}")]
    Device { device: String, message: String },
    #[error("scanner {device}: option {option}: {message}")]
    Option {
        device: String,
        option: String,
        message: String,
    },
    #[error("page image: {0}")]
    Image(#[from] aktenscan_pages::ImageError),
}

/// A scanner SANE knows.
#[derive(Debug, Clone, Serialize)]
pub struct DeviceInfo {
    /// `backend:device`, e.g. `test:0`, what `--device` takes.
    pub name: String,
    pub vendor: String,
    pub model: String,
    #[serde(rename = "type")]
    pub kind: String,
}

impl DeviceInfo {
    /// The SANE backend (driver) that serves the device.
    pub fn backend(&self) -> &str {
        self.name.split(':').next().unwrap_or(&self.name)
    }
}

/// SANE's version as `major.minor.build`.
#[derive(Debug, Clone, Serialize)]
pub struct SaneVersion(pub String);

static SANE_LOCK: Mutex<()> = Mutex::new(());

/// How long a driver may take to stop a scan (`sane_cancel`) or close a device before it counts
/// as hung. Drivers that read in a thread can deadlock there: SANE's own `test` backend does when
/// a scan is cancelled the moment it starts (its reader thread is cancelled inside `malloc`).
const DRIVER_STOP_LIMIT: Duration = Duration::from_secs(10);

/// Set once a driver call did not return within [`DRIVER_STOP_LIMIT`]: the stuck call keeps its
/// thread, nothing calls into SANE again in this process (not even `sane_exit`), and a new scan
/// is refused with the reason instead of hanging too.
static DRIVER_HUNG: AtomicBool = AtomicBool::new(false);

/// How long the last byte of a page is held back while the driver's reader thread is still at
/// work (see [`reader_thread`]); a reader that takes longer is taken to be waiting, not ending.
const READER_END_LIMIT: Duration = Duration::from_secs(1);

const HUNG_ADVICE: &str = "the scanner driver did not stop within 10 s: switch the scanner off and on and restart Aktenscan before the next scan";

/// Runs `f` on its own thread and waits at most `limit` for it. `None` if it did not return in
/// time (the thread is left to itself) or no thread could be started.
fn bounded<T: Send + 'static>(
    limit: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("sane-driver-call".into())
        .spawn(move || {
            let _ = tx.send(f());
        })
        .ok()?;
    rx.recv_timeout(limit).ok()
}

/// A device handle handed to the thread of a [`bounded`] driver call.
struct SendHandle(ffi::SANE_Handle);
// SAFETY: SANE handles are not tied to a thread; the caller waits for (or gives up on) the one
// call made with it and makes no other call meanwhile.
unsafe impl Send for SendHandle {}

/// An initialised SANE library. One at a time per process (SANE is global state).
pub struct Sane {
    version: SaneVersion,
    _guard: std::sync::MutexGuard<'static, ()>,
}

fn status_text(status: ffi::SANE_Status) -> String {
    // SAFETY: sane_strstatus returns a static string for every status.
    let p = unsafe { ffi::sane_strstatus(status) };
    if p.is_null() {
        format!("status {status}")
    } else {
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }
}

fn text(p: *const c_char) -> String {
    if p.is_null() {
        String::new()
    } else {
        // SAFETY: SANE strings are NUL-terminated and live as long as their owner.
        unsafe { CStr::from_ptr(p) }.to_string_lossy().into_owned()
    }
}

impl Sane {
    pub fn init() -> Result<Sane, ScanError> {
        let guard = SANE_LOCK.lock().unwrap_or_else(|e| e.into_inner());
        if DRIVER_HUNG.load(Ordering::SeqCst) {
            return Err(ScanError::Sane(HUNG_ADVICE.into()));
        }
        let mut code: ffi::SANE_Int = 0;
        // SAFETY: no authorisation callback; `code` is written by SANE.
        let status = unsafe { ffi::sane_init(&mut code, None) };
        if status != ffi::STATUS_GOOD {
            return Err(ScanError::Sane(status_text(status)));
        }
        let v = code as u32;
        Ok(Sane {
            version: SaneVersion(format!("{}.{}.{}", v >> 24, (v >> 16) & 0xff, v & 0xffff)),
            _guard: guard,
        })
    }

    pub fn version(&self) -> &SaneVersion {
        &self.version
    }

    /// The scanners SANE finds (with `SANE_CONFIG_DIR`'s `dll.conf` deciding the backends).
    pub fn devices(&self) -> Result<Vec<DeviceInfo>, ScanError> {
        let mut list: *mut *const ffi::SANE_Device = std::ptr::null_mut();
        // SAFETY: SANE fills a NULL-terminated array valid until the next call or exit.
        let status = unsafe { ffi::sane_get_devices(&mut list, 0) };
        if status != ffi::STATUS_GOOD {
            return Err(ScanError::Sane(status_text(status)));
        }
        let mut out = Vec::new();
        if list.is_null() {
            return Ok(out);
        }
        let mut i = 0;
        loop {
            // SAFETY: walking the NULL-terminated array.
            let dev = unsafe { *list.add(i) };
            if dev.is_null() {
                break;
            }
            let dev = unsafe { &*dev };
            out.push(DeviceInfo {
                name: text(dev.name),
                vendor: text(dev.vendor),
                model: text(dev.model),
                kind: text(dev.type_),
            });
            i += 1;
        }
        Ok(out)
    }

    /// Opens a device by name (`test:0`).
    pub fn open(&self, name: &str) -> Result<Scanner<'_>, ScanError> {
        let info = self
            .devices()?
            .into_iter()
            .find(|d| d.name == name)
            .unwrap_or(DeviceInfo {
                name: name.to_string(),
                vendor: String::new(),
                model: String::new(),
                kind: String::new(),
            });
        let c = CString::new(name).map_err(|_| ScanError::Device {
            device: name.into(),
            message: "the name contains a NUL byte".into(),
        })?;
        let mut handle: ffi::SANE_Handle = std::ptr::null_mut();
        // SAFETY: `c` outlives the call; SANE writes the handle.
        let status = unsafe { ffi::sane_open(c.as_ptr(), &mut handle) };
        if status != ffi::STATUS_GOOD || handle.is_null() {
            return Err(ScanError::Device {
                device: name.into(),
                message: format!("cannot be opened: {}", status_text(status)),
            });
        }
        Ok(Scanner {
            info,
            handle,
            _sane: std::marker::PhantomData,
        })
    }
}

impl Drop for Sane {
    fn drop(&mut self) {
        if DRIVER_HUNG.load(Ordering::SeqCst) {
            return; // sane_exit would wait for the stuck driver too
        }
        // SAFETY: every Scanner borrows Sane, so all handles are closed by now.
        unsafe { ffi::sane_exit() };
    }
}

/// An open scanner.
pub struct Scanner<'a> {
    pub info: DeviceInfo,
    handle: ffi::SANE_Handle,
    _sane: std::marker::PhantomData<&'a Sane>,
}

impl Drop for Scanner<'_> {
    fn drop(&mut self) {
        // The handle came from sane_open and is closed once.
        if self.cancel() {
            self.stop_call(ffi::sane_close);
        }
    }
}

/// An option's value as read back from the scanner.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum OptionValue {
    Bool(bool),
    Int(i32),
    Fixed(f64),
    Text(String),
}

/// One page as the scanner delivered it.
pub struct ScannedPage {
    pub image: Image,
    pub dpi: u32,
}

/// How a batch ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum BatchEnd {
    /// The feeder is empty (or the flatbed page is done).
    Complete,
    /// The scanner stopped: the reason in SANE's words (`Document feeder jammed`, …).
    Stopped(String),
    /// The caller asked to stop.
    Cancelled,
}

struct Descriptor {
    index: i32,
    name: String,
    kind: c_int,
    size: usize,
    cap: c_int,
    strings: Vec<String>,
    /// A number option's allowed values: a list, or `(min, max)` of a range.
    words: Vec<f64>,
    range: Option<(f64, f64)>,
}

/// What a device offers for a scan profile, as it reports it (for the window's choices).
#[derive(Debug, Clone, Default, PartialEq, Serialize, ts_rs::TS)]
pub struct Capabilities {
    /// Resolutions in dpi: the device's list, or the usual ones within its range.
    pub resolutions: Vec<u32>,
    /// Colour modes in the device's words (`Gray`, `Color`, `Lineart`, …).
    pub modes: Vec<String>,
    /// Paper sources in the device's words (`Flatbed`, `Automatic Document Feeder`, …).
    pub sources: Vec<String>,
    /// The largest scan area in mm, when the device says.
    pub max_width_mm: Option<f64>,
    pub max_height_mm: Option<f64>,
    /// The device's current settings (its defaults right after opening).
    pub resolution: Option<u32>,
    pub mode: Option<String>,
    pub source: Option<String>,
}

/// The resolutions offered within a range: the usual office ones.
const USUAL_DPI: [u32; 7] = [100, 150, 200, 300, 400, 600, 1200];

impl Scanner<'_> {
    fn descriptors(&self) -> Vec<Descriptor> {
        let mut out = Vec::new();
        if DRIVER_HUNG.load(Ordering::SeqCst) {
            return out; // the stuck driver may hold the device's state
        }
        // Option 0 is the number of options.
        for index in 1..1000 {
            // SAFETY: SANE returns NULL past the last option.
            let d = unsafe { ffi::sane_get_option_descriptor(self.handle, index) };
            if d.is_null() {
                break;
            }
            let d = unsafe { &*d };
            let fixed = d.type_ == ffi::TYPE_FIXED;
            let number = |w: ffi::SANE_Int| {
                if fixed {
                    w as f64 / 65536.0
                } else {
                    w as f64
                }
            };
            let mut words = Vec::new();
            let mut range = None;
            if d.constraint_type == ffi::CONSTRAINT_WORD_LIST && !d.constraint.is_null() {
                // SAFETY: the first word is the count of the words after it.
                let list = d.constraint as *const ffi::SANE_Int;
                let count = unsafe { *list }.clamp(0, 1000) as usize;
                words = (1..=count)
                    .map(|i| number(unsafe { *list.add(i) }))
                    .collect();
            }
            if d.constraint_type == ffi::CONSTRAINT_RANGE && !d.constraint.is_null() {
                // SAFETY: a range is three words: min, max, quant.
                let r = d.constraint as *const ffi::SANE_Int;
                range = Some(unsafe { (number(*r), number(*r.add(1))) });
            }
            let mut strings = Vec::new();
            if d.constraint_type == ffi::CONSTRAINT_STRING_LIST && !d.constraint.is_null() {
                let list = d.constraint as *const *const c_char;
                let mut i = 0;
                loop {
                    // SAFETY: a NULL-terminated list of strings.
                    let s = unsafe { *list.add(i) };
                    if s.is_null() {
                        break;
                    }
                    strings.push(text(s));
                    i += 1;
                }
            }
            out.push(Descriptor {
                index,
                name: text(d.name),
                kind: d.type_,
                size: d.size.max(0) as usize,
                cap: d.cap,
                strings,
                words,
                range,
            });
        }
        out
    }

    fn err(&self, option: &str, message: impl Into<String>) -> ScanError {
        ScanError::Option {
            device: self.info.name.clone(),
            option: option.into(),
            message: message.into(),
        }
    }

    /// The names and values of the scanner's active options (for the scan protocol).
    pub fn options(&self) -> Vec<(String, OptionValue)> {
        self.descriptors()
            .iter()
            .filter(|d| d.cap & ffi::CAP_INACTIVE == 0 && !d.name.is_empty())
            .filter_map(|d| self.read(d).map(|v| (d.name.clone(), v)))
            .collect()
    }

    /// What the device offers for a scan profile: resolutions, modes, sources, scan area.
    pub fn capabilities(&self) -> Capabilities {
        let all = self.descriptors();
        let find = |name: &str| {
            all.iter()
                .find(|d| d.name == name && d.cap & ffi::CAP_INACTIVE == 0)
        };
        let text = |name: &str| match find(name).and_then(|d| self.read(d)) {
            Some(OptionValue::Text(s)) => Some(s),
            _ => None,
        };
        let mut caps = Capabilities {
            modes: find("mode").map(|d| d.strings.clone()).unwrap_or_default(),
            sources: find("source")
                .map(|d| d.strings.clone())
                .unwrap_or_default(),
            mode: text("mode"),
            source: text("source"),
            ..Default::default()
        };
        if let Some(d) = find("resolution") {
            caps.resolutions = if !d.words.is_empty() {
                d.words.iter().map(|w| w.round().max(1.0) as u32).collect()
            } else if let Some((min, max)) = d.range {
                USUAL_DPI
                    .into_iter()
                    .filter(|&v| v as f64 >= min && v as f64 <= max)
                    .collect()
            } else {
                Vec::new()
            };
            caps.resolution = match self.read(d) {
                Some(OptionValue::Int(v)) => Some(v.max(1) as u32),
                Some(OptionValue::Fixed(v)) => Some(v.round().max(1.0) as u32),
                _ => None,
            };
        }
        let most = |name: &str| {
            find(name).and_then(|d| {
                d.range
                    .map(|(_, max)| max)
                    .or_else(|| d.words.iter().copied().reduce(f64::max))
            })
        };
        caps.max_width_mm = most("br-x");
        caps.max_height_mm = most("br-y");
        caps
    }

    /// The choices of a string option (e.g. the sources), empty when it has none.
    pub fn choices(&self, name: &str) -> Vec<String> {
        self.descriptors()
            .into_iter()
            .find(|d| d.name == name)
            .map(|d| d.strings)
            .unwrap_or_default()
    }

    fn read(&self, d: &Descriptor) -> Option<OptionValue> {
        let mut buf = vec![0u8; d.size.max(4) + 1];
        // SAFETY: the buffer is at least the option's size.
        let status = unsafe {
            ffi::sane_control_option(
                self.handle,
                d.index,
                ffi::ACTION_GET_VALUE,
                buf.as_mut_ptr() as *mut c_void,
                std::ptr::null_mut(),
            )
        };
        if status != ffi::STATUS_GOOD {
            return None;
        }
        let word = i32::from_ne_bytes([buf[0], buf[1], buf[2], buf[3]]);
        match d.kind {
            ffi::TYPE_BOOL => Some(OptionValue::Bool(word != 0)),
            ffi::TYPE_INT if d.size == 4 => Some(OptionValue::Int(word)),
            ffi::TYPE_FIXED if d.size == 4 => Some(OptionValue::Fixed(word as f64 / 65536.0)),
            ffi::TYPE_STRING => {
                let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
                Some(OptionValue::Text(
                    String::from_utf8_lossy(&buf[..end]).into_owned(),
                ))
            }
            _ => None,
        }
    }

    /// Reads one option by name.
    pub fn get(&self, name: &str) -> Option<OptionValue> {
        self.descriptors()
            .iter()
            .find(|d| d.name == name)
            .and_then(|d| self.read(d))
    }

    /// Sets an option by name from text (`300`, `Gray`, `yes`); a string option also accepts a
    /// unique prefix or part of one of its choices (`ADF` → `Automatic Document Feeder` is done
    /// by the caller with [`Scanner::choices`]).
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), ScanError> {
        let d = self
            .descriptors()
            .into_iter()
            .find(|d| d.name == name)
            .ok_or_else(|| self.err(name, "this scanner has no such option"))?;
        if d.cap & ffi::CAP_SOFT_SELECT == 0 {
            return Err(self.err(name, "cannot be set by software"));
        }
        if d.cap & ffi::CAP_INACTIVE != 0 {
            return Err(self.err(name, "is inactive with the other settings"));
        }
        let mut buf: Vec<u8> = match d.kind {
            ffi::TYPE_BOOL => {
                let v = matches!(value.to_lowercase().as_str(), "yes" | "ja" | "true" | "1");
                (v as i32).to_ne_bytes().to_vec()
            }
            ffi::TYPE_INT => {
                let v: f64 = value
                    .parse()
                    .map_err(|_| self.err(name, format!("{value:?} is not a number")))?;
                (v.round() as i32).to_ne_bytes().to_vec()
            }
            ffi::TYPE_FIXED => {
                let v: f64 = value
                    .parse()
                    .map_err(|_| self.err(name, format!("{value:?} is not a number")))?;
                ((v * 65536.0).round() as i32).to_ne_bytes().to_vec()
            }
            ffi::TYPE_STRING => {
                let chosen = if d.strings.is_empty() {
                    value.to_string()
                } else {
                    pick(&d.strings, value).ok_or_else(|| {
                        self.err(
                            name,
                            format!("{value:?} is not one of: {}", d.strings.join(", ")),
                        )
                    })?
                };
                let mut b = chosen.into_bytes();
                b.resize(d.size.max(b.len() + 1), 0);
                b
            }
            _ => return Err(self.err(name, "this kind of option cannot be set")),
        };
        let mut info: ffi::SANE_Int = 0;
        // SAFETY: buffer of the option's size (or larger for strings).
        let status = unsafe {
            ffi::sane_control_option(
                self.handle,
                d.index,
                ffi::ACTION_SET_VALUE,
                buf.as_mut_ptr() as *mut c_void,
                &mut info,
            )
        };
        if status != ffi::STATUS_GOOD {
            return Err(self.err(name, format!("{value:?} refused: {}", status_text(status))));
        }
        Ok(())
    }

    /// Scans pages until the feeder is empty (`adf`) or after one page (flatbed), giving each
    /// page to `page` as soon as it is read. `page` returns `false` to stop the batch.
    pub fn scan_batch(
        &mut self,
        adf: bool,
        page: &mut dyn FnMut(ScannedPage) -> bool,
    ) -> Result<BatchEnd, ScanError> {
        let dpi = match self.get("resolution") {
            Some(OptionValue::Int(v)) => v.max(1) as u32,
            Some(OptionValue::Fixed(v)) => v.round().max(1.0) as u32,
            _ => 300,
        };
        let mut count = 0usize;
        loop {
            let driver_threads = reader_thread::DriverThreads::before_start();
            // SAFETY: valid handle.
            let status = unsafe { ffi::sane_start(self.handle) };
            if status == ffi::STATUS_NO_DOCS {
                self.cancel();
                if count == 0 {
                    return Err(ScanError::Device {
                        device: self.info.name.clone(),
                        message: "the document feeder is empty".into(),
                    });
                }
                return Ok(BatchEnd::Complete);
            }
            if status != ffi::STATUS_GOOD {
                let stopped = self.cancel();
                return self.stopped(count, status, stopped);
            }
            let image = match self.read_frame(dpi, &driver_threads) {
                Ok(image) => image,
                Err(status) => {
                    let stopped = self.cancel();
                    return self.stopped(count, status, stopped);
                }
            };
            let image = image?;
            count += 1;
            if !page(ScannedPage { image, dpi }) {
                self.cancel();
                return Ok(BatchEnd::Cancelled);
            }
            if !adf {
                self.cancel();
                return Ok(BatchEnd::Complete);
            }
        }
    }

    /// Ends the scan in progress (`sane_cancel`), giving the driver [`DRIVER_STOP_LIMIT`].
    /// `false` if the driver hung (or had hung before): the scanner must not be used again.
    fn cancel(&self) -> bool {
        self.stop_call(ffi::sane_cancel)
    }

    /// Calls `sane_cancel` or `sane_close` on the handle within [`DRIVER_STOP_LIMIT`]; `false`
    /// if the driver hung, now or before.
    fn stop_call(&self, call: unsafe extern "C" fn(ffi::SANE_Handle)) -> bool {
        if DRIVER_HUNG.load(Ordering::SeqCst) {
            return false;
        }
        let handle = SendHandle(self.handle);
        // SAFETY: valid handle; no other SANE call is made while this one runs.
        let done = bounded(DRIVER_STOP_LIMIT, move || {
            let h = handle;
            unsafe { call(h.0) }
        });
        if done.is_none() {
            DRIVER_HUNG.store(true, Ordering::SeqCst);
        }
        done.is_some()
    }

    /// The batch's end after the scanner reported `status`: an error if no page was read.
    /// `driver_stopped` is [`Scanner::cancel`]'s answer; if it is `false` the reason says so.
    fn stopped(
        &self,
        count: usize,
        status: ffi::SANE_Status,
        driver_stopped: bool,
    ) -> Result<BatchEnd, ScanError> {
        let mut message = status_text(status);
        if !driver_stopped {
            message = format!("{message}; {HUNG_ADVICE}");
        }
        if count == 0 {
            return Err(ScanError::Device {
                device: self.info.name.clone(),
                message,
            });
        }
        Ok(BatchEnd::Stopped(message))
    }

    /// Reads one frame (a page) after `sane_start`. A SANE error status is the outer error.
    ///
    /// When the frame's size is known, its last byte is read only once the driver's reader
    /// thread has finished (see [`reader_thread`]), and that read, which ends the driver's
    /// pass, may take at most [`DRIVER_STOP_LIMIT`]: a driver stuck there marks SANE hung
    /// instead of hanging the scan.
    fn read_frame(
        &self,
        dpi: u32,
        driver_threads: &reader_thread::DriverThreads,
    ) -> Result<Result<Image, ScanError>, ffi::SANE_Status> {
        let mut p = ffi::SANE_Parameters::default();
        // SAFETY: valid handle, SANE fills the struct.
        let status = unsafe { ffi::sane_get_parameters(self.handle, &mut p) };
        if status != ffi::STATUS_GOOD {
            return Err(status);
        }
        let total = (p.lines > 0)
            .then(|| (p.bytes_per_line.max(0) as usize) * (p.lines as usize))
            .filter(|&t| t > 0);
        let mut data = Vec::with_capacity(total.unwrap_or(0));
        let mut buf = vec![0u8; READ_CHUNK];
        loop {
            let want = match total {
                Some(total) if data.len() + 1 >= total => {
                    driver_threads.await_idle(READER_END_LIMIT);
                    self.read_tail(&mut data)?;
                    break;
                }
                Some(total) => (total - data.len() - 1).min(buf.len()),
                None => buf.len(),
            };
            let (status, len) = read_into(self.handle, &mut buf[..want]);
            if status == ffi::STATUS_EOF {
                break;
            }
            if status != ffi::STATUS_GOOD {
                return Err(status);
            }
            data.extend_from_slice(&buf[..len]);
        }
        Ok(to_image(&p, &data, dpi, &self.info.name))
    }

    /// Reads the rest of a frame until the driver says it ended, each read on a thread of its
    /// own that may take at most [`DRIVER_STOP_LIMIT`]. A read that does not return marks the
    /// driver hung ([`DRIVER_HUNG`]) and ends the frame with an I/O error.
    fn read_tail(&self, data: &mut Vec<u8>) -> Result<(), ffi::SANE_Status> {
        loop {
            if DRIVER_HUNG.load(Ordering::SeqCst) {
                return Err(ffi::STATUS_IO_ERROR);
            }
            let handle = SendHandle(self.handle);
            // No other SANE call is made while this one runs; the buffer belongs to the thread.
            let read = bounded(DRIVER_STOP_LIMIT, move || {
                let h = handle;
                let mut buf = vec![0u8; READ_CHUNK];
                let (status, len) = read_into(h.0, &mut buf);
                buf.truncate(len);
                (status, buf)
            });
            match read {
                None => {
                    DRIVER_HUNG.store(true, Ordering::SeqCst);
                    return Err(ffi::STATUS_IO_ERROR);
                }
                Some((status, _)) if status == ffi::STATUS_EOF => return Ok(()),
                Some((status, _)) if status != ffi::STATUS_GOOD => return Err(status),
                Some((_, bytes)) => data.extend_from_slice(&bytes),
            }
        }
    }
}

/// How many bytes one `sane_read` asks for.
const READ_CHUNK: usize = 64 * 1024;

/// One `sane_read` into `buf` (at most [`READ_CHUNK`] bytes are asked for): the status and how
/// many bytes of `buf` the driver filled.
fn read_into(handle: ffi::SANE_Handle, buf: &mut [u8]) -> (ffi::SANE_Status, usize) {
    let want = buf.len().min(READ_CHUNK);
    let mut len: ffi::SANE_Int = 0;
    // SAFETY: `handle` is an open device's; the driver writes at most `want` bytes into `buf`.
    let status = unsafe { ffi::sane_read(handle, buf.as_mut_ptr(), want as c_int, &mut len) };
    (status, (len.max(0) as usize).min(want))
}

/// Picks a string choice: exact, then case-insensitive, then the one choice containing the text
/// (`ADF` also matches `Automatic Document Feeder`).
fn pick(choices: &[String], value: &str) -> Option<String> {
    if let Some(c) = choices.iter().find(|c| c.as_str() == value) {
        return Some(c.clone());
    }
    let v = value.to_lowercase();
    if let Some(c) = choices.iter().find(|c| c.to_lowercase() == v) {
        return Some(c.clone());
    }
    let aliases: &[&str] = match v.as_str() {
        "adf" => &["adf", "feeder", "einzug"],
        "adf duplex" | "duplex" => &["duplex"],
        "flatbed" => &["flatbed", "flachbett"],
        "grey" | "gray" => &["gray", "grey"],
        "color" | "colour" => &["color", "colour"],
        "lineart" => &["lineart", "binary", "halftone"],
        _ => &[],
    };
    let mut hits = choices.iter().filter(|c| {
        let c = c.to_lowercase();
        c.contains(&v) || aliases.iter().any(|a| c.contains(a))
    });
    match (hits.next(), hits.next()) {
        (Some(c), None) => Some(c.clone()),
        _ => None,
    }
}

/// Whether a source name means the document feeder.
pub fn is_feeder(source: &str) -> bool {
    let s = source.to_lowercase();
    s.contains("adf") || s.contains("feeder") || s.contains("duplex") || s.contains("einzug")
}

fn to_image(
    p: &ffi::SANE_Parameters,
    data: &[u8],
    dpi: u32,
    device: &str,
) -> Result<Image, ScanError> {
    let bad = |m: String| ScanError::Device {
        device: device.to_string(),
        message: m,
    };
    let width = p.pixels_per_line.max(0) as usize;
    let bpl = p.bytes_per_line.max(0) as usize;
    if width == 0 || bpl == 0 {
        return Err(bad("the scanner sent an empty page".into()));
    }
    let lines = data.len() / bpl;
    let (kind, row_bytes) = match (p.format, p.depth) {
        (ffi::FRAME_GRAY, 1) => (PixelKind::Bilevel, width.div_ceil(8)),
        (ffi::FRAME_GRAY, 8 | 16) => (PixelKind::Gray8, width),
        (ffi::FRAME_RGB, 8 | 16) => (PixelKind::Rgb8, width * 3),
        (f, d) => {
            return Err(bad(format!(
            "unsupported image format (frame {f}, {d} bits): use a single-pass grey or colour mode"
        )))
        }
    };
    let mut packed = Vec::with_capacity(row_bytes * lines);
    for row in data.chunks_exact(bpl).take(lines) {
        if p.depth == 16 {
            // 16-bit samples in host order: keep the high byte.
            packed.extend(
                row.chunks_exact(2)
                    .take(row_bytes)
                    .map(|s| (u16::from_ne_bytes([s[0], s[1]]) >> 8) as u8),
            );
        } else {
            packed.extend_from_slice(&row[..row_bytes.min(row.len())]);
        }
    }
    let mut image = Image::from_pixels(kind, width as u32, lines as u32, &packed)?;
    image.set_resolution(dpi, dpi);
    Ok(image)
}

/// Scans a batch into `folder` (created if missing): each page written, as soon as it is read,
/// to `seite-0001.png` (`.tif`, CCITT G4, for line art) via a hidden temp file and a rename, so
/// the folder never holds half a page. `on_page` hears of each page. Setting `stop` ends the
/// batch after the sheet being read (`cancelled`). Pages read before the scanner stops are
/// kept; the protocol says why it stopped.
pub fn scan_into(
    scanner: &mut Scanner<'_>,
    sane: &Sane,
    adf: bool,
    folder: &std::path::Path,
    on_page: &mut dyn FnMut(usize, &std::path::Path),
    stop: &AtomicBool,
) -> Result<BatchProtocol, ScanError> {
    let io = |e: std::io::Error| ScanError::Device {
        device: scanner.info.name.clone(),
        message: format!("{}: {e}", folder.display()),
    };
    std::fs::create_dir_all(folder).map_err(io)?;
    let started_at = now();
    let mut files = Vec::new();
    let mut write_error = None;
    let end = scanner.scan_batch(adf, &mut |page| {
        let n = files.len() + 1;
        let written = page
            .image
            .encode_lossless()
            .map_err(|e| e.to_string())
            .and_then(|(bytes, encoding)| {
                let path = folder.join(format!("seite-{n:04}.{}", encoding.ext()));
                write_atomic(&path, &bytes)
                    .map(|_| path)
                    .map_err(|e| format!("{}: {e}", folder.display()))
            });
        match written {
            Ok(path) => {
                on_page(n, &path);
                files.push(path);
                !stop.load(Ordering::SeqCst)
            }
            Err(e) => {
                write_error = Some(e);
                false
            }
        }
    })?;
    let stopped = match (&end, write_error) {
        (_, Some(e)) => Some(format!(
            "page {} could not be written: {e}",
            files.len() + 1
        )),
        (BatchEnd::Stopped(reason), None) => Some(reason.clone()),
        (BatchEnd::Complete | BatchEnd::Cancelled, None) => None,
    };
    let end = match (&stopped, end) {
        (Some(reason), _) => format!("stopped: {reason}"),
        (None, BatchEnd::Cancelled) => "cancelled".into(),
        (None, _) => "complete".into(),
    };
    let options = scanner
        .options()
        .into_iter()
        .filter_map(|(k, v)| serde_json::to_value(v).ok().map(|v| (k, v)))
        .collect();
    Ok(BatchProtocol {
        device: scanner.info.name.clone(),
        vendor: scanner.info.vendor.clone(),
        model: scanner.info.model.clone(),
        kind: scanner.info.kind.clone(),
        driver: format!("SANE backend {}", scanner.info.backend()),
        sane_version: sane.version().0.clone(),
        software: format!("aktenscan {}", env!("CARGO_PKG_VERSION")),
        options,
        started_at,
        finished_at: now(),
        pages_scanned: files.len(),
        end,
        stopped,
        files,
    })
}

fn write_atomic(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp"));
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent().and_then(|d| std::fs::File::open(d).ok()) {
        let _ = dir.sync_all();
    }
    Ok(())
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scanner that jams after three sheets: SANE's test backend, told between two pages to
    /// answer every read with SANE_STATUS_JAMMED.
    #[test]
    fn a_jam_mid_batch_keeps_the_pages_already_scanned() {
        static CONFIG: std::sync::Once = std::sync::Once::new();
        CONFIG.call_once(|| {
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/sane");
            std::env::set_var("SANE_CONFIG_DIR", dir);
        });
        let sane = Sane::init().unwrap();
        let mut scanner = sane.open("test:0").unwrap();
        scanner.set("resolution", "50").unwrap();
        scanner.set("source", "ADF").unwrap();
        let handle = scanner.handle;
        let option = scanner
            .descriptors()
            .into_iter()
            .find(|d| d.name == "read-return-value")
            .unwrap()
            .index;
        let folder = tempfile::tempdir().unwrap();
        let protocol = scan_into(
            &mut scanner,
            &sane,
            true,
            folder.path(),
            &mut |n, _| {
                if n == 3 {
                    let mut value = b"SANE_STATUS_JAMMED\0".to_vec();
                    value.resize(64, 0);
                    // SAFETY: the handle is open; the buffer holds a NUL-terminated string.
                    let status = unsafe {
                        ffi::sane_control_option(
                            handle,
                            option,
                            ffi::ACTION_SET_VALUE,
                            value.as_mut_ptr() as *mut c_void,
                            std::ptr::null_mut(),
                        )
                    };
                    assert_eq!(status, ffi::STATUS_GOOD);
                }
            },
            &AtomicBool::new(false),
        )
        .unwrap();
        assert_eq!(protocol.pages_scanned, 3);
        // SANE's test backend sometimes deadlocks in sane_cancel here; then the end says so too.
        assert!(
            protocol.end.starts_with("stopped: Document feeder jammed"),
            "{}",
            protocol.end
        );
        let mut files: Vec<_> = std::fs::read_dir(folder.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        files.sort();
        assert_eq!(
            files,
            ["seite-0001.png", "seite-0002.png", "seite-0003.png"]
        );
    }

    #[test]
    fn a_driver_call_that_does_not_return_is_given_up_after_the_limit() {
        let limit = Duration::from_millis(200);
        assert_eq!(bounded(limit, || 7), Some(7));
        let started = std::time::Instant::now();
        let (_keep, hold) = std::sync::mpsc::channel::<()>();
        // Blocks until the test ends, like a driver stuck in sane_cancel.
        let stuck = bounded(limit, move || hold.recv().is_ok());
        assert_eq!(stuck, None);
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn source_names_are_matched_loosely() {
        let sources = vec![
            "Flatbed".to_string(),
            "Automatic Document Feeder".to_string(),
        ];
        assert_eq!(
            pick(&sources, "ADF").as_deref(),
            Some("Automatic Document Feeder")
        );
        assert_eq!(pick(&sources, "flatbed").as_deref(), Some("Flatbed"));
        assert_eq!(pick(&sources, "Film"), None);
        assert!(is_feeder("Automatic Document Feeder"));
        assert!(!is_feeder("Flatbed"));
    }

    #[test]
    fn a_sane_frame_becomes_an_image_with_its_resolution() {
        let p = ffi::SANE_Parameters {
            format: ffi::FRAME_GRAY,
            last_frame: 1,
            bytes_per_line: 12,
            pixels_per_line: 10,
            lines: 3,
            depth: 8,
        };
        let img = to_image(&p, &[200u8; 36], 150, "test:0").unwrap();
        assert_eq!((img.width(), img.height()), (10, 3));
        assert_eq!(img.resolution(), Some((150, 150)));
    }
}

//! Scans from SANE's hardware-free `test` backend, configured by the project's tests/sane/.

use aktenscan_scanner::{BatchEnd, OptionValue, Sane};

fn sane() -> Sane {
    static CONFIG: std::sync::Once = std::sync::Once::new();
    // Only this test binary's process; set once, before any thread lets SANE read it.
    CONFIG.call_once(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/sane");
        std::env::set_var("SANE_CONFIG_DIR", dir);
    });
    Sane::init().expect("SANE starts")
}

#[test]
fn lists_the_test_devices_scans_a_feeder_batch_and_reports_options() {
    let sane = sane();
    let names: Vec<_> = sane
        .devices()
        .unwrap()
        .into_iter()
        .map(|d| d.name)
        .collect();
    assert_eq!(names, ["test:0", "test:1"]);

    let mut scanner = sane.open("test:0").unwrap();
    scanner.set("resolution", "150").unwrap();
    scanner.set("mode", "Gray").unwrap();
    let source = scanner
        .choices("source")
        .into_iter()
        .find(|s| aktenscan_scanner::is_feeder(s))
        .unwrap();
    scanner.set("source", &source).unwrap();
    assert_eq!(scanner.get("resolution"), Some(OptionValue::Fixed(150.0)));

    let mut sizes = Vec::new();
    let end = scanner
        .scan_batch(true, &mut |page| {
            sizes.push((page.image.width(), page.image.height(), page.dpi));
            true
        })
        .unwrap();
    assert_eq!(end, BatchEnd::Complete);
    assert_eq!(sizes.len(), 10, "the test feeder holds 10 sheets");
    // 105 mm × 148 mm at 150 dpi.
    assert!(
        sizes
            .iter()
            .all(|&(w, h, dpi)| (619..=621).contains(&w) && (873..=875).contains(&h) && dpi == 150),
        "{sizes:?}"
    );

    let err = scanner.set("mode", "Infrared").unwrap_err().to_string();
    assert!(err.contains("not one of"), "{err}");
}

/// The `test` driver cancels its reader thread in the read that hands out a page's last byte;
/// a reader cancelled while it frees its buffers never ends and the scan used to hang (about
/// once in 150 pages with the processors busy). 60 feeder batches with two busy threads beside
/// them must all end complete.
#[test]
fn many_feeder_batches_on_a_busy_machine_all_end_complete() {
    use std::sync::atomic::{AtomicBool, Ordering};
    const BATCHES: usize = 60;
    let sane = sane();
    let mut scanner = sane.open("test:1").unwrap();
    scanner.set("resolution", "50").unwrap();
    scanner.set("mode", "Gray").unwrap();
    scanner.set("source", "ADF").unwrap();

    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    std::hint::spin_loop();
                }
            });
        }
        let mut ends = Vec::new();
        for _ in 0..BATCHES {
            let mut pages = 0;
            let end = scanner.scan_batch(true, &mut |_| {
                pages += 1;
                true
            });
            ends.push((end.map_err(|e| e.to_string()), pages));
        }
        stop.store(true, Ordering::Relaxed);
        let bad: Vec<_> = ends
            .iter()
            .filter(|(end, pages)| !matches!(end, Ok(BatchEnd::Complete)) || *pages != 10)
            .collect();
        assert!(
            bad.is_empty(),
            "{} of {BATCHES} batches: {bad:?}",
            bad.len()
        );
    });
}

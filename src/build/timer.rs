//! `ANNALS_TIMINGS=1`: the time and resident memory of each stage on
//! stderr, for the benchmarks (`bench/scale.sh` reads these lines).

use std::time::Instant;

/// Phase timings on stderr when `ANNALS_TIMINGS` is set (for benchmarks).
pub(crate) struct Timer {
    last: std::cell::Cell<Instant>,
    on: bool,
}

impl Timer {
    pub(crate) fn new() -> Timer {
        Timer { last: std::cell::Cell::new(Instant::now()), on: std::env::var_os("ANNALS_TIMINGS").is_some() }
    }

    pub(crate) fn lap(&self, what: &str) {
        if self.on {
            let now = Instant::now();
            let ms = (now - self.last.get()).as_secs_f64() * 1000.0;
            match resident_mb() {
                Some(mb) => eprintln!("timing: {what:<14} {ms:>8.1} ms {mb:>7} MB resident"),
                None => eprintln!("timing: {what:<14} {ms:>8.1} ms"),
            }
            self.last.set(now);
        }
    }
}

/// Resident memory of this process (Linux), for `ANNALS_TIMINGS`.
fn resident_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: u64 =
        status.lines().find_map(|l| l.strip_prefix("VmRSS:"))?.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kb / 1024)
}

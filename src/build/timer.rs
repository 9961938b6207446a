//! `ANNALS_TIMINGS=1`: the time and resident memory of each stage on
//! stderr, with the peak so far, for the benchmarks (`bench/scale.sh` reads
//! these lines).

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
            match (status_mb("VmRSS:"), status_mb("VmHWM:")) {
                (Some(mb), Some(peak)) => {
                    eprintln!("timing: {what:<14} {ms:>8.1} ms {mb:>7} MB resident (peak {peak} MB)")
                }
                _ => eprintln!("timing: {what:<14} {ms:>8.1} ms"),
            }
            self.last.set(now);
        }
    }
}

/// A memory figure of this process in MB (Linux): `VmRSS:` resident now,
/// `VmHWM:` the peak so far.
fn status_mb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: u64 =
        status.lines().find_map(|l| l.strip_prefix(field))?.trim().trim_end_matches("kB").trim().parse().ok()?;
    Some(kb / 1024)
}

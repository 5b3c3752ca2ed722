//! A progress line on standard error: documents done, megabytes, MB/s.
//!
//! Shown only when standard error is a terminal and the work has run for
//! a second; redrawn at most four times a second; cleared at the end.

use std::io::{self, IsTerminal, Write};
use std::time::{Duration, Instant};

/// Counts work done and draws the progress line.
pub struct Progress {
    enabled: bool,
    start: Instant,
    last: Instant,
    docs: u64,
    bytes: u64,
    drawn: bool,
}

const DELAY: Duration = Duration::from_secs(1);
const EVERY: Duration = Duration::from_millis(250);

impl Progress {
    /// A progress line, drawn unless `quiet` or standard error is not a
    /// terminal.
    pub fn new(quiet: bool) -> Progress {
        let now = Instant::now();
        Progress {
            enabled: !quiet && io::stderr().is_terminal(),
            start: now,
            last: now,
            docs: 0,
            bytes: 0,
            drawn: false,
        }
    }

    /// Counts `docs` documents of `bytes` bytes done, and redraws if due.
    pub fn add(&mut self, docs: u64, bytes: u64) {
        self.docs += docs;
        self.bytes += bytes;
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if now - self.start < DELAY || now - self.last < EVERY {
            return;
        }
        self.last = now;
        let mb = self.bytes as f64 / 1e6;
        let rate = mb / (now - self.start).as_secs_f64();
        let mut err = io::stderr().lock();
        let _ = write!(
            err,
            "\r\x1b[2K{} documents  {mb:.1} MB  {rate:.1} MB/s",
            self.docs
        );
        let _ = err.flush();
        self.drawn = true;
    }

    /// Clears the line, if one was drawn.
    pub fn finish(&mut self) {
        if self.drawn {
            let _ = write!(io::stderr().lock(), "\r\x1b[2K");
            self.drawn = false;
        }
    }
}

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

/// Clears the terminal line the cursor is on.
const CLEAR: &str = "\r\x1b[2K";

impl Progress {
    /// A progress line, drawn unless `quiet` or standard error is not a
    /// terminal.
    pub fn new(quiet: bool) -> Progress {
        Progress::at(!quiet && io::stderr().is_terminal(), Instant::now())
    }

    fn at(enabled: bool, start: Instant) -> Progress {
        Progress {
            enabled,
            start,
            last: start,
            docs: 0,
            bytes: 0,
            drawn: false,
        }
    }

    /// Counts `docs` documents of `bytes` bytes done, and redraws if due.
    pub fn add(&mut self, docs: u64, bytes: u64) {
        self.add_at(docs, bytes, Instant::now(), &mut io::stderr().lock());
    }

    /// [`Progress::add`] at time `now`, drawing on `err`. Errors writing a
    /// progress line are ignored: it is no output.
    fn add_at(
        &mut self,
        docs: u64,
        bytes: u64,
        now: Instant,
        err: &mut impl Write,
    ) {
        self.docs += docs;
        self.bytes += bytes;
        if !self.enabled || now - self.start < DELAY || now - self.last < EVERY
        {
            return;
        }
        self.last = now;
        let mb = self.bytes as f64 / 1e6;
        let rate = mb / (now - self.start).as_secs_f64();
        let _ = write!(
            err,
            "{CLEAR}{} documents  {mb:.1} MB  {rate:.1} MB/s",
            self.docs
        );
        let _ = err.flush();
        self.drawn = true;
    }

    /// Clears the line, if one was drawn.
    pub fn finish(&mut self) {
        self.finish_on(&mut io::stderr().lock());
    }

    fn finish_on(&mut self, err: &mut impl Write) {
        if self.drawn {
            let _ = write!(err, "{CLEAR}");
            self.drawn = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawn_after_a_second_at_most_four_times_a_second_then_cleared() {
        let start = Instant::now();
        let ms = |n| start + Duration::from_millis(n);
        let mut p = Progress::at(true, start);
        let mut err = Vec::new();
        p.add_at(1, 500_000, ms(900), &mut err);
        assert!(err.is_empty(), "nothing in the first second");
        p.add_at(1, 1_500_000, ms(1000), &mut err);
        let line = String::from_utf8(err.clone()).unwrap();
        assert_eq!(line, format!("{CLEAR}2 documents  2.0 MB  2.0 MB/s"));
        p.add_at(1, 0, ms(1200), &mut err);
        assert_eq!(err.len(), line.len(), "not again within 250 ms");
        p.add_at(1, 0, ms(1250), &mut err);
        assert!(String::from_utf8_lossy(&err)
            .ends_with("4 documents  2.0 MB  1.6 MB/s"));
        let mut end = Vec::new();
        p.finish_on(&mut end);
        p.finish_on(&mut end);
        assert_eq!(end, CLEAR.as_bytes(), "cleared once");
    }

    #[test]
    fn never_drawn_when_disabled() {
        let start = Instant::now();
        let mut p = Progress::at(false, start);
        let mut err = Vec::new();
        p.add_at(5, 10_000_000, start + Duration::from_secs(5), &mut err);
        p.finish_on(&mut err);
        assert!(err.is_empty());
    }
}

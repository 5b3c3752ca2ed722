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
    /// Disabled, it only counts: no clock read, no lock taken.
    pub fn add(&mut self, docs: u64, bytes: u64) {
        self.count(docs, bytes);
        if self.enabled {
            self.draw_at(Instant::now(), &mut io::stderr().lock());
        }
    }

    fn count(&mut self, docs: u64, bytes: u64) {
        self.docs += docs;
        self.bytes += bytes;
    }

    /// Draws the line on `err` if, at time `now`, it is due. Errors
    /// writing a progress line are ignored: it is no output.
    fn draw_at(&mut self, now: Instant, err: &mut impl Write) {
        if now - self.start < DELAY || now - self.last < EVERY {
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
        let add = |p: &mut Progress, bytes, at, err: &mut Vec<u8>| {
            p.count(1, bytes);
            p.draw_at(ms(at), err);
        };
        add(&mut p, 500_000, 900, &mut err);
        assert!(err.is_empty(), "nothing in the first second");
        add(&mut p, 1_500_000, 1000, &mut err);
        let line = String::from_utf8(err.clone()).unwrap();
        assert_eq!(line, format!("{CLEAR}2 documents  2.0 MB  2.0 MB/s"));
        add(&mut p, 0, 1200, &mut err);
        assert_eq!(err.len(), line.len(), "not again within 250 ms");
        add(&mut p, 0, 1250, &mut err);
        assert!(String::from_utf8_lossy(&err)
            .ends_with("4 documents  2.0 MB  1.6 MB/s"));
        let mut end = Vec::new();
        p.finish_on(&mut end);
        p.finish_on(&mut end);
        assert_eq!(end, CLEAR.as_bytes(), "cleared once");
    }

    #[test]
    fn quiet_only_counts_and_clears_nothing() {
        let mut p = Progress::new(true);
        p.add(5, 10_000_000);
        assert!(!p.enabled && !p.drawn);
        assert_eq!((p.docs, p.bytes), (5, 10_000_000));
        let mut err = Vec::new();
        p.finish_on(&mut err);
        assert!(err.is_empty());
    }
}

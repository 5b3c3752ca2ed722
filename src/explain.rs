//! The explain view: the document with every line marked kept or
//! removed, and why, for a person to audit a page at a glance.
//!
//! ```text
//! + Mỹ và Nhật Bản tổ chức Đối thoại răn đe mở rộng
//!
//! - [share vi/follow] Mời quý độc giả theo dõi VOV.VN trên
//! - [related vi/related-heading] Tin liên quan
//! ```
//!
//! Kept lines start with `+ `, removed ones with `- ` and their category,
//! rule and the line model's score (the probability of article text) in
//! brackets; blank lines stay blank. With colour, kept lines
//! are plain and removed ones red with a yellow label.

use std::io;

use crate::clean::{Cleaner, Outcome, Verdict};

const RED: &str = "\x1b[31m";
const YELLOW: &str = "\x1b[33m";
const GREEN: &str = "\x1b[32m";
const RESET: &str = "\x1b[0m";

/// Writes the explain view of `doc`, judged as `outcome`, to `w`.
pub fn write_explain<W: io::Write>(
    cleaner: &Cleaner,
    doc: &[u8],
    outcome: &Outcome,
    colour: bool,
    w: &mut W,
) -> io::Result<()> {
    for (i, (line, verdict)) in outcome.lines().enumerate() {
        let text = line.text(doc);
        let score = match outcome.judgement(i) {
            Some(j) => format!(" {:.2}", j.score),
            None => String::new(),
        };
        match (verdict, colour) {
            (Verdict::Blank, _) => writeln!(w)?,
            (Verdict::Keep, false) => writeln!(w, "+ {text}")?,
            (Verdict::Keep, true) => writeln!(w, "{GREEN}+{RESET} {text}")?,
            (Verdict::Remove(r), false) => {
                let id = cleaner.rule_id(r.rule);
                writeln!(w, "- [{} {id}{score}] {text}", r.category)?
            }
            (Verdict::Remove(r), true) => {
                let id = cleaner.rule_id(r.rule);
                writeln!(w, "{RED}-{RESET} {YELLOW}[{} {id}{score}]{RESET} {RED}{text}{RESET}", r.category)?
            }
        }
    }
    Ok(())
}

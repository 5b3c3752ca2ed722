//! deboiler turns scraped news pages, already converted to plain text,
//! into clean article bodies, and says exactly what it removed and why.
//!
//! The pipeline, one module a stage:
//!
//! 0. [`patterns`]: pattern sets (TOML data, built in and user-given),
//!    compiled once by [`rules`] into literal automata per language,
//!    the regexes behind literal [`gate`]s.
//! 1. [`lines`]: a document is framed into lines, byte offsets kept.
//! 2. [`detect`]: its language, from a bounded sample.
//! 3. Rules judge each line: [`shape`] measures it; pattern rules, then
//!    the [`structure`] rules (junk, metadata, repetition), link
//!    [`region`]s and the body's off-topic edges ([`zone`], by overlap
//!    with the article's own words from [`vocab`]).
//! 4. [`model`]: a learned line model weighs the rules' verdicts with
//!    each line's shape, place and neighbours, and decides the page as a
//!    sequence, within guardrails.
//! 5. [`clean`]: the verdict on every line, written back as the clean
//!    body, the [`audit`] or the [`explain`] view; [`jsonl`] does the same
//!    for one field of a JSON Lines record; a [`report`] shows a whole
//!    run as one HTML page.
//!
//! The key invariant: every non-blank line of the input is either kept,
//! byte for byte, or removed with a rule and a category; nothing is lost.

#![deny(missing_docs)]

pub mod audit;
pub mod clean;
pub mod detect;
pub mod error;
pub mod explain;
pub mod gate;
pub mod jsonl;
pub mod lines;
pub mod model;
pub mod page;
pub mod patterns;
pub mod region;
pub mod report;
pub mod rules;
pub mod shape;
pub mod structure;
pub mod vocab;
pub mod zone;

pub use crate::audit::{AuditWriter, Section};
pub use crate::clean::{Cleaner, Outcome, Tally, Verdict};
pub use crate::error::{Error, ErrorKind};
pub use crate::page::{Removal, RuleRef};
pub use crate::patterns::{Category, Patterns};

//! The command line, as clap sees it: the flags and nothing more.
//! `run::Config` validates them.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Clean scraped plain-text news pages into article bodies.
///
/// Reads standard input, one file, or files and folders (with -o), and
/// writes the kept lines of each page byte for byte. --audit records every
/// removed line with its rule and category; --explain shows every line
/// marked kept or removed.
#[derive(Debug, Parser)]
#[command(name = "deboiler", version, args_conflicts_with_subcommands = true)]
pub struct Args {
    /// A cleaning run's inputs and flags.
    #[command(flatten)]
    pub run: RunArgs,

    /// Subcommands.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The inputs and flags of a cleaning run (and of a report's).
#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Files or folders to clean; none, or `-`, for standard input.
    #[arg(value_name = "FILE_OR_DIR")]
    pub inputs: Vec<PathBuf>,

    /// Write each cleaned file under this folder, at its path relative to
    /// the input folder (needed for several inputs).
    #[arg(short, long, value_name = "OUTDIR")]
    pub output: Option<PathBuf>,

    /// Which files of a folder to read; repeat for more, start with `!` to
    /// exclude. Default: `*.txt`.
    #[arg(long, value_name = "GLOB")]
    pub glob: Vec<String>,

    /// Write the audit (JSON Lines: every removed line, and a summary per
    /// document) to FILE; `-` for standard error.
    #[arg(long, value_name = "FILE")]
    pub audit: Option<PathBuf>,

    /// Show every line marked kept or removed, and why, instead of the
    /// clean body.
    #[arg(long)]
    pub explain: bool,

    /// When to colour the explain view.
    #[arg(long, value_enum, default_value_t = Color::Auto, value_name = "WHEN")]
    pub color: Color,

    /// Judge every document in this language (ISO 639-1 code, such as
    /// `vi`) instead of detecting it.
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,

    /// Pattern files (`*.toml`) in this folder, or this file, extend or
    /// override the built-in ones; repeatable.
    #[arg(long, value_name = "DIR_OR_FILE")]
    pub patterns: Vec<PathBuf>,

    /// Read and write JSON Lines: clean one field of each record, keep the
    /// others as they are, and add a summary (folders: `*.jsonl`).
    #[arg(long)]
    pub jsonl: bool,

    /// With --jsonl: the field to clean.
    #[arg(long, default_value = "text", value_name = "NAME")]
    pub field: String,

    /// With --jsonl: the field that names a record in the audit (else its
    /// file and line).
    #[arg(long, default_value = "id", value_name = "NAME")]
    pub id_field: String,

    /// With --jsonl: the key of the summary added to each record.
    #[arg(long, default_value = "deboiler", value_name = "NAME")]
    pub meta_key: String,

    /// With --jsonl: list the removed lines in each record's summary.
    #[arg(long)]
    pub audit_inline: bool,

    /// With --jsonl: leave each record's text as it is and write a Dolma
    /// attribute record instead: its id and, for each category, the
    /// spans (Unicode code points) that cleaning removes.
    #[arg(long)]
    pub tag: bool,

    /// With --jsonl: skip malformed lines (written to standard error and
    /// counted) instead of stopping at the first.
    #[arg(long)]
    pub skip_bad: bool,

    /// Worker threads (default: all cores).
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,

    /// No progress line on standard error.
    #[arg(short, long)]
    pub quiet: bool,

    /// Switch a rule off by its id (`en/share`, `structure/repeated-line`);
    /// repeatable.
    #[arg(long, value_name = "RULE")]
    pub disable: Vec<String>,

    /// Compress the output: each file under -o keeps its input's
    /// compression (by name: `.gz`, `.zst`) unless this says otherwise,
    /// and its name's extension follows; standard output is compressed
    /// only when this asks.
    #[arg(long, value_enum, value_name = "HOW")]
    pub compress: Option<Compress>,

    /// Drop a document that keeps less than this share of its
    /// characters (0 to 1): with -o no file is written for it, in JSON
    /// Lines its record is left out; counted in --stats.
    #[arg(long, value_name = "SHARE", default_value_t = 0.0)]
    pub min_kept: f64,

    /// Write the documents --min-kept drops anyway: JSON Lines records
    /// marked `"dropped":true` in their summary, text documents with a
    /// note.
    #[arg(long)]
    pub keep_dropped: bool,

    /// Print run totals at the end: on standard error, or as JSON to FILE
    /// with --stats=FILE.
    #[arg(long, value_name = "FILE", num_args = 0..=1, require_equals = true, default_missing_value = "-")]
    pub stats: Option<PathBuf>,

    /// Decide with this line model (written by `deboiler train`) instead
    /// of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,

    /// What becomes of the article's title: kept, as readers see it, or
    /// dropped, as most extraction benchmarks' gold.
    #[arg(long, value_enum, default_value_t = Title::Keep, value_name = "POLICY")]
    pub title: Title,
}

/// What else deboiler can do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Clean the inputs as a run would, with the same flags, and write
    /// one self-contained HTML page over the run instead of the clean
    /// text: totals per category, rule and language, samples of what each
    /// rule removed, the documents that lost the most and the least, and
    /// documents line by line. -o names the page (default report.html).
    Report {
        /// The inputs and flags, as for a cleaning run.
        #[command(flatten)]
        run: Box<RunArgs>,
        /// Build the report from this audit (written by --audit) and the
        /// inputs it audited, instead of cleaning them.
        #[arg(long, value_name = "FILE")]
        from_audit: Option<PathBuf>,
    },
    /// List every loaded rule: id, language, category, kind, scope, source.
    Patterns {
        /// Pattern files or folders to load besides the built-in ones.
        #[arg(long, value_name = "DIR_OR_FILE")]
        patterns: Vec<PathBuf>,
    },
    /// Fit a line model to pages with gold bodies and write it as a model
    /// file (for --model).
    Train {
        /// A folder of pages (`*.txt`); repeatable, each with its --gold.
        #[arg(long, value_name = "DIR", required = true)]
        pages: Vec<PathBuf>,
        /// The folder of the gold bodies of the --pages folder given in
        /// the same place, a file of the same name a page.
        #[arg(long, value_name = "DIR", required = true)]
        gold: Vec<PathBuf>,
        /// How much each page of the --pages folder given in the same
        /// place weighs against others (default 1); give all or none.
        #[arg(long, value_name = "W")]
        weight: Vec<f64>,
        /// Where to write the model file.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// Leave out a feature group (shape, position, vocab, rule,
        /// cross, context), for an ablation; repeatable.
        #[arg(long, value_name = "GROUP")]
        without: Vec<String>,
        /// Pattern files or folders to load besides the built-in ones.
        #[arg(long, value_name = "DIR_OR_FILE")]
        patterns: Vec<PathBuf>,
    },
}

/// How to compress output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Compress {
    /// gzip.
    Gz,
    /// Zstandard.
    Zst,
    /// None.
    None,
}

/// What becomes of the title.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Title {
    /// Kept.
    Keep,
    /// Removed, in category `title`.
    Drop,
}

/// When to colour output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// When standard output is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Args::command().debug_assert();
    }
}

//! The library's error type: what went wrong and where.

use std::fmt;
use std::io;

/// An error of the library: a pattern file that does not parse, or an input
/// that cannot be read. Its message names the file, and the line where one
/// applies.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
}

/// What kind of error an [`Error`] is.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A pattern file is broken: `at` is `file:line`.
    Pattern {
        /// Where: `file:line`, or the file or folder alone.
        at: String,
        /// What is wrong.
        message: String,
    },
    /// A model file is broken: `at` is `file:line`.
    Model {
        /// Where: `file:line`.
        at: String,
        /// What is wrong.
        message: String,
    },
    /// A file could not be read or written.
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: io::Error,
    },
    /// An input is not text (it holds NUL bytes).
    Binary {
        /// The path.
        path: String,
    },
}

impl Error {
    /// A broken pattern file at `at` (`file:line`).
    pub fn pattern(
        at: impl Into<String>,
        message: impl Into<String>,
    ) -> Error {
        Error {
            kind: ErrorKind::Pattern {
                at: at.into(),
                message: message.into(),
            },
        }
    }

    /// A broken model file at `at` (`file:line`).
    pub fn model(at: impl Into<String>, message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Model { at: at.into(), message: message.into() },
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<String>, source: io::Error) -> Error {
        Error { kind: ErrorKind::Io { path: path.into(), source } }
    }

    /// A binary input at `path`.
    pub fn binary(path: impl Into<String>) -> Error {
        Error { kind: ErrorKind::Binary { path: path.into() } }
    }

    /// What kind of error this is.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Pattern { at, message } => {
                write!(f, "{at}: bad pattern file: {message}")
            }
            ErrorKind::Model { at, message } => {
                write!(f, "{at}: bad model file: {message}")
            }
            ErrorKind::Io { path, source } => write!(f, "{path}: {source}"),
            ErrorKind::Binary { path } => {
                write!(f, "{path}: skipped: binary file (NUL bytes)")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

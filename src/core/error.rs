//! One error type for the core: a kind that the C boundary maps to a status, and a message that
//! names the argument or path involved.

use std::fmt;
use std::path::Path;

/// What went wrong, coarse enough to be a stable status code at the C boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    NullArgument,
    InvalidUtf8,
    InvalidArgument,
    InvalidName,
    InvalidUuid,
    InvalidJson,
    PathEscape,
    InvalidHandle,
    RunClosed,
    BufferTooSmall,
    Io,
    AlreadyOpen,
    AlreadyFinished,
    Internal,
    ShapeMismatch,
    NotFound,
    Empty,
    Limit,
    Busy,
}

/// An error of the core: its kind and a message for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
        }
    }

    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidArgument, message)
    }

    /// An I/O failure, with the path it happened on and the system's own message.
    pub fn io(action: &str, path: &Path, err: &std::io::Error) -> Self {
        Error::new(
            ErrorKind::Io,
            format!("{action} '{}': {err}", path.display()),
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

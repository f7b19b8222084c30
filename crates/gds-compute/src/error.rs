//! Errors of data reading, validation and computation.

use std::fmt;

/// A problem located in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// File (as the user wrote it).
    pub file: String,
    /// 1-based line or row (0: the whole file).
    pub line: usize,
    /// Column name, if any.
    pub column: Option<String>,
    /// Offending value, if any.
    pub value: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: Option<String>,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        if let Some(c) = &self.column {
            write!(f, ": column {c:?}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(v) = &self.value
            && !self.message.contains(v.as_str())
        {
            write!(f, " (value {v:?})")?;
        }
        if let Some(h) = &self.hint {
            write!(f, " — hint: {h}")?;
        }
        Ok(())
    }
}

/// Errors of gds-compute.
#[derive(Debug, thiserror::Error)]
pub enum ComputeError {
    /// A problem in the project file or its area list.
    #[error("{0}")]
    Project(Located),
    /// A problem in a data file.
    #[error("{0}")]
    Data(Located),
    /// Several problems.
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Many(Vec<ComputeError>),
    /// The request cannot be planned.
    #[error("error: {message}{}", .hint.as_ref().map(|h| format!(" — hint: {h}")).unwrap_or_default())]
    Request {
        /// What is wrong.
        message: String,
        /// What to do.
        hint: Option<String>,
    },
    /// Writing an output failed.
    #[error("error: cannot write {path}: {message}")]
    Write {
        /// Output path.
        path: String,
        /// Why.
        message: String,
    },
    /// polars failed (reading or computing).
    #[error("error: {context}: {source}")]
    Polars {
        /// What gds was doing.
        context: String,
        /// The polars error.
        #[source]
        source: polars::prelude::PolarsError,
    },
}

impl ComputeError {
    /// Wrap a polars error with context.
    pub fn polars(context: impl Into<String>) -> impl FnOnce(polars::prelude::PolarsError) -> ComputeError {
        let context = context.into();
        move |source| ComputeError::Polars { context, source }
    }

    /// A request error.
    pub fn request(message: impl Into<String>, hint: Option<String>) -> ComputeError {
        ComputeError::Request { message: message.into(), hint }
    }
}

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

impl Located {
    /// The error as a line in `lang`: in Vietnamese its message and hint from the message
    /// catalogue (`messages.rs`; a message it does not know stays as written) and the
    /// framing words (`lỗi`, `cột`, `giá trị`, `gợi ý`).
    pub fn text_in(&self, lang: gds_core::Lang) -> String {
        use std::fmt::Write as _;
        if lang == gds_core::Lang::En {
            return self.to_string();
        }
        let mut f = format!("lỗi: {}", self.file);
        if self.line > 0 {
            let _ = write!(f, ":{}", self.line);
        }
        if let Some(c) = &self.column {
            let _ = write!(f, ": cột {c:?}");
        }
        let message = crate::messages::message_vi(&self.message).unwrap_or_else(|| self.message.clone());
        let _ = write!(f, ": {message}");
        if let Some(v) = &self.value
            && !self.message.contains(v.as_str())
        {
            let _ = write!(f, " (giá trị {v:?})");
        }
        if let Some(h) = &self.hint {
            let h = crate::messages::hint_vi(h).unwrap_or_else(|| h.clone());
            let _ = write!(f, " — gợi ý: {h}");
        }
        f
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

    /// The error in `lang` (see [`Located::text_in`]); what polars says stays in English.
    pub fn text_in(&self, lang: gds_core::Lang) -> String {
        use crate::messages::{hint_vi, message_vi};
        if lang == gds_core::Lang::En {
            return self.to_string();
        }
        let vi = |m: &str| message_vi(m).unwrap_or_else(|| m.to_string());
        match self {
            ComputeError::Project(l) | ComputeError::Data(l) => l.text_in(lang),
            ComputeError::Many(all) => all.iter().map(|e| e.text_in(lang)).collect::<Vec<_>>().join("\n"),
            ComputeError::Request { message, hint } => {
                let mut s = format!("lỗi: {}", vi(message));
                if let Some(h) = hint {
                    s.push_str(" — gợi ý: ");
                    s.push_str(&hint_vi(h).unwrap_or_else(|| h.clone()));
                }
                s
            }
            ComputeError::Write { path, message } => format!("lỗi: không ghi được {path}: {}", vi(message)),
            ComputeError::Polars { context, source } => format!("lỗi: {}: {source}", vi(context)),
        }
    }

    /// A request error.
    pub fn request(message: impl Into<String>, hint: Option<String>) -> ComputeError {
        ComputeError::Request { message: message.into(), hint }
    }
}

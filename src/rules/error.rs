//! Errors in rule files: where (file, line, column, rule id), what, and what to do.

use std::fmt;

/// A stable code for each kind of rule-file problem, so scripts and docs can
/// refer to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// R001: the file is not valid TOML, or a field has the wrong type.
    Syntax,
    /// R002: two rules in one layer share an id.
    DuplicateId,
    /// R003: a term is empty, or normalizes to nothing.
    EmptyTerm,
    /// R004: a regex pattern does not compile.
    InvalidPattern,
    /// R005: the category is not one netral knows.
    UnknownCategory,
    /// R006: the reference is not a known rule of conduct.
    UnknownReference,
    /// R007: an example does not behave as the rule says.
    ExampleFailed,
    /// R008: a required field is missing or a value is out of range.
    InvalidValue,
    /// R009: the election named by a file or rule is not declared.
    UnknownElection,
    /// R010: the file could not be read.
    Io,
    /// R011: `disable` names a rule that no layer defines.
    UnknownRule,
}

impl ErrorCode {
    /// The code as printed, e.g. `R004`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Syntax => "R001",
            ErrorCode::DuplicateId => "R002",
            ErrorCode::EmptyTerm => "R003",
            ErrorCode::InvalidPattern => "R004",
            ErrorCode::UnknownCategory => "R005",
            ErrorCode::UnknownReference => "R006",
            ErrorCode::ExampleFailed => "R007",
            ErrorCode::InvalidValue => "R008",
            ErrorCode::UnknownElection => "R009",
            ErrorCode::Io => "R010",
            ErrorCode::UnknownRule => "R011",
        }
    }
}

/// One problem in a rule file.
///
/// ```
/// let err = netral::Ruleset::from_toml("team.toml", "[[rule]]\nid = 5\n").unwrap_err();
/// let first = &err.errors()[0];
/// assert_eq!(first.file(), "team.toml");
/// assert_eq!(first.line(), 2);
/// assert!(err.to_string().contains("team.toml:2:"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub(crate) code: ErrorCode,
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) rule_id: Option<String>,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
}

impl RuleError {
    /// The file the problem is in.
    pub fn file(&self) -> &str {
        &self.file
    }
    /// 1-based line (0 when the problem concerns the whole file).
    pub fn line(&self) -> usize {
        self.line
    }
    /// 1-based column (0 when unknown).
    pub fn column(&self) -> usize {
        self.column
    }
    /// The id of the rule concerned, if any.
    pub fn rule_id(&self) -> Option<&str> {
        self.rule_id.as_deref()
    }
    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }
    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// What to do about it.
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error[{}]",
            self.file,
            self.line,
            self.column,
            self.code.as_str()
        )?;
        if let Some(id) = &self.rule_id {
            write!(f, " in rule `{id}`")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// Every problem found while loading or checking rules (never just the first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleErrors(pub(crate) Vec<RuleError>);

impl RuleErrors {
    /// The problems, in file order.
    pub fn errors(&self) -> &[RuleError] {
        &self.0
    }
}

impl fmt::Display for RuleErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RuleErrors {}

/// Turns byte offsets of one file into 1-based line and column numbers.
#[derive(Debug, Clone)]
pub(crate) struct Locator {
    line_starts: Vec<usize>,
    text_len: usize,
}

impl Locator {
    pub(crate) fn new(text: &str) -> Locator {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Locator {
            line_starts,
            text_len: text.len(),
        }
    }

    /// Line and column (in characters is not needed for ASCII TOML keys; bytes
    /// are what editors jump to for the rest) of byte `offset`.
    pub(crate) fn locate(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text_len);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        (line + 1, offset - self.line_starts[line] + 1)
    }
}

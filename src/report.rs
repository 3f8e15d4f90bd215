//! The output contract: one report per activity.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// How partisan an activity looks. A monitoring team acts on `Medium` and `High`.
///
/// ```
/// use netral::Level;
/// assert!(Level::High > Level::Medium);
/// assert!(Level::Medium.is_flagged());
/// assert!(!Level::Low.is_flagged());
/// assert_eq!("medium".parse::<Level>().unwrap(), Level::Medium);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Nothing political.
    None,
    /// Political names mentioned without stance (news, reminders): worth no action.
    Low,
    /// A strong partisan signal that a person should confirm.
    Medium,
    /// Explicit partisanship.
    High,
}

impl Level {
    /// True for `Medium` and `High`, the levels a monitoring team acts on.
    pub fn is_flagged(self) -> bool {
        self >= Level::Medium
    }

    /// The lowercase name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Level, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(Level::None),
            "low" => Ok(Level::Low),
            "medium" => Ok(Level::Medium),
            "high" => Ok(Level::High),
            other => Err(format!(
                "unknown level `{other}`: use none, low, medium or high"
            )),
        }
    }
}

/// `x` to three decimals, as scores are reported (so an `f32` difference
/// prints as `-0.12`, not `-0.120000005`).
pub(crate) fn round3(x: f32) -> f32 {
    (x * 1000.0).round() / 1000.0
}

/// A context rule that moved a finding's score, and by how much.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContextNote {
    /// The context rule's id (or a built-in reason such as `outside-period`).
    pub rule: String,
    /// The score change it made (negative lowers).
    pub delta: f32,
    /// The words that triggered it, if any.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

/// One match of one rule, with its span into the ORIGINAL text of a field.
///
/// `original[start..end] == text` always holds, where `original` is the field
/// named by `field`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The id of the rule that fired.
    pub rule: String,
    /// The rule's category (`party`, `candidate`, `campaign_call`, ...).
    pub category: Cow<'static, str>,
    /// The input field, e.g. `text`, `target.author`, `media[0].ocr_text`.
    pub field: Cow<'static, str>,
    /// Byte offset of the match in the original field text.
    pub start: usize,
    /// Byte offset one past the match in the original field text.
    pub end: usize,
    /// The original text that matched, e.g. `G 3 r i n d r a`.
    pub text: String,
    /// The finding's score after context, 0.0 to 1.0.
    pub score: f32,
    /// Context rules that raised or lowered it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<ContextNote>,
}

/// The verdict on one activity.
///
/// ```
/// let s = netral::Screener::default_rules();
/// let report = s.screen(&netral::Activity::post("p1", "Selamat pagi semua"));
/// assert_eq!(report.level, Some(netral::Level::None));
/// assert!(report.findings.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The activity's id (empty when the line had none).
    pub id: String,
    /// The level; absent when `error` is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// 0.0 to 1.0; monotone in the evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    /// Every rule match, with spans into the original fields.
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// Why the level is what it is, strongest evidence first. Written for
    /// `medium` and `high` reports (and always by `Screener::explain`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    /// What was wrong with an input line that could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The 1-based input line the report belongs to (batch use).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

impl Report {
    /// A report for an input line that could not be read.
    ///
    /// ```
    /// let r = netral::Report::error("", 7, "invalid JSON");
    /// assert_eq!(r.level, None);
    /// assert_eq!(r.line, Some(7));
    /// ```
    pub fn error(id: impl Into<String>, line: u64, message: impl Into<String>) -> Report {
        Report {
            id: id.into(),
            level: None,
            score: None,
            findings: Vec::new(),
            reasons: Vec::new(),
            error: Some(message.into()),
            line: Some(line),
        }
    }

    /// The level, treating error reports as `None`.
    pub fn level_or_none(&self) -> Level {
        self.level.unwrap_or(Level::None)
    }
}

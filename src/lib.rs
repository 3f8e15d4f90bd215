//! # netral
//!
//! Screens the social-media activity of Indonesian civil servants (ASN) for
//! partisan election signals, as the 2022 joint decree on ASN neutrality
//! describes them: posting, commenting, sharing, liking and following
//! campaign content, ballot-number hand poses, campaign slogans and
//! attributes. Every verdict comes with evidence: which rule fired, where in
//! the ORIGINAL text, with what score, and what context raised or lowered it.
//!
//! Everything netral knows about Indonesian politics lives in TOML rule files
//! (see `rules/README.md`); the Indonesian default is compiled in.
//!
//! ## Overview
//! - [`Activity`]: one post, comment, share, like or follow (the input line).
//! - [`Ruleset`]: rule files, layered (default + a team's own directory).
//! - [`Screener`]: the compiled ruleset; immutable, `Send + Sync`.
//! - [`Report`]: level, score, findings with spans, reasons.
//! - [`normalize`]: the text pipeline that defeats obfuscation.
//! - [`eval`]: precision/recall on labelled data.
//!
//! ## Example: screen one post
//! ```
//! use netral::{Activity, Level, Screener};
//!
//! let screener = Screener::default_rules();
//! let post = Activity::post("p-1", "Pokoknya 14 Feb coblos G4nj4r-Mahfud, salam 3 jari!");
//! let report = screener.screen(&post);
//! assert_eq!(report.level, Some(Level::High));
//! for f in &report.findings {
//!     // Spans point into the original text, obfuscation included.
//!     assert_eq!(&post.text.as_deref().unwrap()[f.start..f.end], f.text);
//! }
//! ```
//!
//! ## Example: add a team's rules on top of the default
//! ```
//! use netral::{Activity, Ruleset, Screener};
//!
//! let mut rules = Ruleset::embedded();
//! rules.add_toml("kukar.toml", r#"
//!     [[rule]]
//!     id = "candidate.kukar.darmawan"
//!     category = "candidate"
//!     description = "Calon bupati Kutai Kartanegara 2024, nomor urut 1"
//!     reference = "ASN-E2-SOCMED-CAMPAIGN"
//!     terms = ["Darmawan Effendi", "Pak Darmawan"]
//!     number = 1
//!     examples.match = ["dukung Pak Darmawan"]
//! "#).unwrap();
//! let screener = Screener::new(&rules).unwrap();
//! let report = screener.screen(&Activity::post("p-2", "Ayo dukung Pak Darmawan!"));
//! assert!(report.level.unwrap().is_flagged());
//! ```
//!
//! ## Example: share one screener across threads
//! ```
//! use std::sync::Arc;
//! let screener = Arc::new(netral::Screener::default_rules());
//! let handles: Vec<_> = (0..2).map(|i| {
//!     let s = Arc::clone(&screener);
//!     std::thread::spawn(move || s.screen(&netral::Activity::post(format!("t{i}"), "halo")))
//! }).collect();
//! for h in handles { assert_eq!(h.join().unwrap().level, Some(netral::Level::None)); }
//! ```

// Denied, not forbidden: `normalize::block` calls SSE2 intrinsics, and
// nothing else may use `unsafe`.
#![deny(unsafe_code)]
#![deny(missing_docs)]
#![deny(rustdoc::broken_intra_doc_links)]

mod activity;
pub mod eval;
mod matcher;
pub mod normalize;
mod report;
mod roman;
mod rules;
mod scoring;
mod screener;

pub use activity::{Activity, Actor, Field, Kind, Media, Scope, Target};
pub use report::{ContextNote, Finding, Level, Report};
pub use rules::{
    Category, Election, ErrorCode, Located, Location, Need, Rule, RuleError, RuleErrors,
    RuleExample, RuleWarning, Ruleset, Scoring, WarningCode,
};
pub use screener::{ExampleFailure, Explanation, FieldView, Lent, Screener, Suppressed};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// Reads one JSON line into an [`Activity`], with a message fit for an error
/// report when it cannot.
///
/// ```
/// assert!(netral::parse_line(r#"{"id":"1","kind":"post","text":"hi"}"#).is_ok());
/// let err = netral::parse_line(r#"{"kind":"post"}"#).unwrap_err();
/// assert!(err.contains("id"));
/// ```
pub fn parse_line(line: &str) -> Result<Activity, String> {
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    serde_json::from_str::<Activity>(line).map_err(|e| {
        // serde_json counts lines inside the JSON text; a batch line is one
        // line, so only the column helps.
        let column = e.column();
        let msg = e.to_string();
        let msg = match msg.rfind(" at line ") {
            Some(i) => format!("{} (column {column})", &msg[..i]),
            None => msg,
        };
        if msg.contains("missing field `id`") {
            "missing required field `id`".to_string()
        } else if msg.contains("missing field `kind`") {
            "missing required field `kind` (post, comment, share, like or follow)".to_string()
        } else if msg.contains("unknown variant") {
            format!("{msg}; `kind` must be post, comment, share, like or follow")
        } else {
            format!("invalid JSON: {msg}")
        }
    })
}

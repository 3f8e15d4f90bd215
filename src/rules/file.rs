//! The TOML shape of a rule file, as rule authors write it.
//!
//! Every value that can be wrong is kept with its byte span so that errors
//! can name the line and column.

use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// One rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FileDef {
    /// The election every rule in this file belongs to, if any.
    #[serde(default)]
    pub election: Option<Spanned<String>>,
    /// Elections declared by this file.
    #[serde(default, rename = "elections")]
    pub elections: Vec<ElectionDef>,
    /// Rules of conduct that rules may reference.
    #[serde(default, rename = "references")]
    pub references: Vec<ReferenceDef>,
    /// Number words: `"2" = ["dua", "loro"]`.
    #[serde(default)]
    pub numbers: BTreeMap<String, Vec<Spanned<String>>>,
    /// Reusable alternations for patterns: `nomor = ["nomor", "nomer", "no"]`.
    #[serde(default)]
    pub macros: BTreeMap<String, Vec<Spanned<String>>>,
    /// Score thresholds and reach.
    #[serde(default)]
    pub scoring: Option<ScoringDef>,
    /// Rule ids from earlier layers to switch off.
    #[serde(default)]
    pub disable: Vec<Spanned<String>>,
    /// The rules.
    #[serde(default, rename = "rule")]
    pub rules: Vec<Spanned<RuleDef>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ElectionDef {
    pub id: Spanned<String>,
    pub name: String,
    /// First day the contestants and their numbers were known (YYYY-MM-DD).
    pub start: Spanned<String>,
    /// Voting day (YYYY-MM-DD).
    pub end: Spanned<String>,
    /// Weight of this election's rules outside start..=end.
    #[serde(default)]
    pub off_period_factor: Option<f32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReferenceDef {
    pub id: Spanned<String>,
    pub title: String,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct ScoringDef {
    pub high: Option<f32>,
    pub medium: Option<f32>,
    pub low: Option<f32>,
    pub reach: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RuleDef {
    pub id: Spanned<String>,
    pub category: Spanned<String>,
    pub description: Spanned<String>,
    pub reference: Spanned<String>,
    #[serde(default)]
    pub terms: Vec<Spanned<String>>,
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub original: Vec<Spanned<String>>,
    #[serde(default)]
    pub unless: Vec<Spanned<String>>,
    #[serde(default)]
    pub unless_patterns: Vec<Spanned<String>>,
    #[serde(default)]
    pub needs: Vec<Spanned<String>>,
    #[serde(default)]
    pub needs_also: Vec<Spanned<String>>,
    #[serde(default)]
    pub needs_window: Option<usize>,
    #[serde(default)]
    pub entity: Option<String>,
    #[serde(default)]
    pub camp: Option<String>,
    #[serde(default)]
    pub number: Option<u32>,
    #[serde(default)]
    pub score: Option<Spanned<f32>>,
    #[serde(default)]
    pub reach: Option<usize>,
    #[serde(default)]
    pub effect: Option<Spanned<f32>>,
    #[serde(default)]
    pub window: Option<usize>,
    #[serde(default)]
    pub applies_to: Vec<Spanned<String>>,
    #[serde(default)]
    pub election: Option<Spanned<String>>,
    #[serde(default)]
    pub fields: Vec<Spanned<String>>,
    #[serde(default)]
    pub kinds: Vec<Spanned<String>>,
    #[serde(default)]
    pub false_positives: Option<String>,
    #[serde(default)]
    pub examples: ExamplesDef,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExamplesDef {
    /// A string (a post's text) or a table (a whole activity).
    #[serde(default, rename = "match")]
    pub matches: Vec<Spanned<toml::Value>>,
    #[serde(default)]
    pub no_match: Vec<Spanned<toml::Value>>,
}

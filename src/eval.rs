//! Measuring quality on labelled data.
//!
//! A labelled line is an activity plus `label` (`partisan` or `neutral`) and
//! an optional `stratum` (e.g. `plain`, `trap`, `obfuscated`). A record counts
//! as flagged when its level is `medium` or `high`.
//!
//! ```
//! use netral::eval::{evaluate, Labelled};
//! let data = vec![
//!     Labelled::parse(r#"{"id":"1","kind":"post","text":"Coblos PKB nomor 1!","label":"partisan","stratum":"plain"}"#).unwrap(),
//!     Labelled::parse(r#"{"id":"2","kind":"post","text":"Bayar PKB motor di Samsat","label":"neutral","stratum":"trap"}"#).unwrap(),
//! ];
//! let result = evaluate(&netral::Screener::default_rules(), &data);
//! assert_eq!(result.overall.f1(), 1.0);
//! ```

use crate::{Activity, Report, Screener};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One labelled record.
#[derive(Debug, Clone)]
pub struct Labelled {
    /// The activity.
    pub activity: Activity,
    /// True when labelled `partisan`.
    pub partisan: bool,
    /// The stratum, or `""`.
    pub stratum: String,
    /// The annotator's note, if any.
    pub note: String,
}

#[derive(Deserialize)]
struct LabelFields {
    label: String,
    #[serde(default)]
    stratum: String,
    #[serde(default)]
    note: String,
}

impl Labelled {
    /// Parses one JSON line.
    pub fn parse(line: &str) -> Result<Labelled, String> {
        let activity = crate::parse_line(line)?;
        let l: LabelFields = serde_json::from_str(line.trim_start_matches('\u{feff}'))
            .map_err(|e| format!("missing or invalid `label`: {e}"))?;
        let partisan = match l.label.as_str() {
            "partisan" => true,
            "neutral" => false,
            other => {
                return Err(format!(
                    "label must be `partisan` or `neutral`, not `{other}`"
                ))
            }
        };
        Ok(Labelled {
            activity,
            partisan,
            stratum: l.stratum,
            note: l.note,
        })
    }
}

/// Confusion counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Partisan and flagged.
    pub tp: usize,
    /// Neutral but flagged.
    pub fp: usize,
    /// Neutral and not flagged.
    pub tn: usize,
    /// Partisan but not flagged.
    pub fn_: usize,
}

impl Counts {
    fn add(&mut self, partisan: bool, flagged: bool) {
        match (partisan, flagged) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (false, false) => self.tn += 1,
            (true, false) => self.fn_ += 1,
        }
    }
    /// Records counted.
    pub fn total(&self) -> usize {
        self.tp + self.fp + self.tn + self.fn_
    }
    /// tp / (tp + fp); 1.0 when nothing was flagged.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// tp / (tp + fn); 1.0 when there is nothing partisan.
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// fp / (fp + tn); 0.0 when there is nothing neutral.
    pub fn false_positive_rate(&self) -> f64 {
        if self.fp + self.tn == 0 {
            0.0
        } else {
            self.fp as f64 / (self.fp + self.tn) as f64
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// A record the screener got wrong.
#[derive(Debug, Clone)]
pub struct Miss {
    /// The record.
    pub record: Labelled,
    /// What the screener said.
    pub report: Report,
}

/// The result of an evaluation.
#[derive(Debug, Clone, Default)]
pub struct Evaluation {
    /// All records.
    pub overall: Counts,
    /// Per stratum.
    pub strata: BTreeMap<String, Counts>,
    /// False positives and false negatives, in input order.
    pub misses: Vec<Miss>,
}

/// Screens every record and counts.
pub fn evaluate(screener: &Screener, data: &[Labelled]) -> Evaluation {
    let mut ev = Evaluation::default();
    for rec in data {
        let report = screener.screen(&rec.activity);
        let flagged = report.level_or_none().is_flagged();
        ev.overall.add(rec.partisan, flagged);
        ev.strata
            .entry(rec.stratum.clone())
            .or_default()
            .add(rec.partisan, flagged);
        if flagged != rec.partisan {
            ev.misses.push(Miss {
                record: rec.clone(),
                report,
            });
        }
    }
    ev
}

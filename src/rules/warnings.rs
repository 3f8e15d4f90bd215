//! Warnings: rule files that load and work, but not as their author likely
//! meant. `netral rules check` prints them; `--strict` fails on them.

use super::{Category, Location, Rule};
use crate::normalize::normalize;
use std::collections::HashMap;
use std::fmt;

/// A stable code for each kind of warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WarningCode {
    /// W001: the rule has no `examples.match`, so nothing tests it.
    NoExamples,
    /// W002: an `unless` phrase can never overlap one of the rule's terms,
    /// so it never cancels anything (a typo, or meant for another rule).
    UnlessNeverApplies,
    /// W003: another rule of the same category has the same term, so a
    /// match is reported twice.
    DuplicateTerm,
    /// W004: a pattern has no fixed words to start from, so it runs on
    /// every text and slows every scan.
    RunsOnEveryText,
}

impl WarningCode {
    /// The code as printed, e.g. `W002`.
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::NoExamples => "W001",
            WarningCode::UnlessNeverApplies => "W002",
            WarningCode::DuplicateTerm => "W003",
            WarningCode::RunsOnEveryText => "W004",
        }
    }
}

/// One warning about a rule, with where it points.
///
/// ```
/// let mut rules = netral::Ruleset::embedded();
/// rules.add_toml("team.toml", r#"
/// [[rule]]
/// id = "team.x"
/// category = "candidate"
/// description = "d"
/// reference = "ASN-E2-SOCMED-CAMPAIGN"
/// terms = ["Pak Darmawan"]
/// unless = ["Pak Darmawn guru"]
/// "#).unwrap();
/// let s = netral::Screener::new(&rules).unwrap();
/// let w: Vec<_> = s.warnings(&rules).into_iter().filter(|w| w.rule_id == "team.x").collect();
/// assert_eq!(w.len(), 2); // no examples; an `unless` that never applies
/// assert_eq!(w[1].code.as_str(), "W002");
/// assert_eq!((w[1].at.line, w[1].at.column), (8, 11));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleWarning {
    /// What kind of warning.
    pub code: WarningCode,
    /// Where: the rule, or the entry the warning is about.
    pub at: Location,
    /// The rule.
    pub rule_id: String,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

impl fmt::Display for RuleWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: warning[{}] in rule `{}`: {}\n  hint: {}",
            self.at,
            self.code.as_str(),
            self.rule_id,
            self.message,
            self.hint
        )
    }
}

/// The warnings for `rules` (the active rules); `everywhere` lists the rules
/// (by id) and patterns that run on every text.
pub(crate) fn check(rules: &[&Rule], everywhere: &[(String, String)]) -> Vec<RuleWarning> {
    let mut out = Vec::new();
    let warn = |code, at: &Location, rule: &Rule, message: String, hint: &str| RuleWarning {
        code,
        at: at.clone(),
        rule_id: rule.id.clone(),
        message,
        hint: hint.to_string(),
    };
    // Rules that look at different fields or kinds may share a term on purpose.
    let mut seen: HashMap<(Category, String), &Rule> = HashMap::new();
    for r in rules {
        if r.examples_match.is_empty() {
            out.push(warn(
                WarningCode::NoExamples,
                &r.at,
                r,
                "no `examples.match`: nothing tests this rule".into(),
                "add a text (or activity) it must find; `netral rules test` runs it",
            ));
        }
        let terms: Vec<String> = r
            .terms
            .iter()
            .map(|t| normalize(&t.value).as_str().to_string())
            .collect();
        if r.patterns.is_empty() && r.original.is_empty() && !terms.is_empty() {
            for u in &r.unless {
                let un = normalize(&u.value);
                if !terms.iter().any(|t| words_overlap(un.as_str(), t)) {
                    out.push(warn(
                        WarningCode::UnlessNeverApplies,
                        &u.at,
                        r,
                        format!(
                            "`unless` phrase {:?} shares no words with any term, so it never cancels a match",
                            u.value
                        ),
                        "an `unless` phrase must contain a term or overlap it (`kahlil gibran` for `gibran`); check the spelling",
                    ));
                }
            }
        }
        for (t, located) in terms.iter().zip(&r.terms) {
            if t.is_empty() {
                continue;
            }
            match seen.get(&(r.category, t.clone())) {
                Some(other)
                    if other.id != r.id && other.fields == r.fields && other.kinds == r.kinds =>
                {
                    out.push(warn(
                        WarningCode::DuplicateTerm,
                        &located.at,
                        r,
                        format!(
                            "term {:?} is also in rule `{}` ({}): a match is reported twice",
                            located.value,
                            other.id,
                            r.category.as_str()
                        ),
                        "keep the term in one rule",
                    ))
                }
                Some(_) => {}
                None => {
                    seen.insert((r.category, t.clone()), r);
                }
            }
        }
        for (_, pattern) in everywhere.iter().filter(|(id, _)| *id == r.id) {
            out.push(warn(
                WarningCode::RunsOnEveryText,
                &r.at,
                r,
                format!("pattern {pattern:?} starts with no fixed words, so it runs on every text"),
                "start it with the words every match begins with (`{call} budi`, not `[a-z]+ budi`)",
            ));
        }
    }
    out
}

/// True when phrases `a` and `b` (normalized) can cover the same words in a
/// text: one holds the other, or one's last words are the other's first. In
/// a hashtag words run together (`#aamiin` holds `amin`), so one holding the
/// other without spaces counts too.
fn words_overlap(a: &str, b: &str) -> bool {
    let (sa, sb) = (a.replace(' ', ""), b.replace(' ', ""));
    if sa.contains(sb.as_str()) || sb.contains(sa.as_str()) {
        return true;
    }
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let fits = |x: &[&str], y: &[&str]| {
        (0..x.len()).any(|i| {
            let n = (x.len() - i).min(y.len());
            x[i..i + n] == y[..n]
        })
    };
    fits(&a, &b) || fits(&b, &a)
}

#[cfg(test)]
mod tests {
    use super::words_overlap;

    #[test]
    fn phrases_overlap_on_whole_words() {
        assert!(words_overlap("kahlil gibran", "gibran"));
        assert!(words_overlap("gibran", "kahlil gibran"));
        assert!(words_overlap("bayar pbb", "pbb p2"));
        assert!(words_overlap("tolak angin", "tolak"));
        assert!(!words_overlap("tolak angin", "ogah"));
        assert!(words_overlap("bergelora", "gelora")); // in a hashtag
        assert!(!words_overlap("aamiin", "amin"));
        assert!(!words_overlap("amien rais", "amin"));
        assert!(!words_overlap("lambang garuda", "partai garuda"));
        assert!(!words_overlap("kahlil gibarn", "gibran"));
    }
}

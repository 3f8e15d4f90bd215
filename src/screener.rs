//! The compiled, immutable screener.

use crate::activity::Activity;
use crate::matcher::{Hit, Matcher, PhraseHit};
use crate::normalize::{Normalized, Normalizer};
use crate::report::{ContextNote, Finding, Report};
use crate::rules::{
    is_date, Category, ErrorCode, Location, Need, RuleError, RuleErrors, RuleWarning, Ruleset,
    Scoring,
};
use crate::scoring::{self, Cand, FieldFacts, RuleFacts};
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
struct Compiled {
    needs: Vec<Need>,
    needs_also: Vec<Need>,
    /// The phrases of `needs` and `needs_also`, as the matcher reports them.
    needs_phrases: Vec<u32>,
    needs_also_phrases: Vec<u32>,
    needs_window: usize,
    effect: f32,
    window: usize,
    applies_to: Vec<Category>,
    election: Option<usize>,
    score: f32,
    fields: Vec<String>,
    kinds: Vec<crate::Kind>,
}

#[derive(Debug, Clone)]
struct Period {
    id: String,
    start: String,
    end: String,
    factor: f32,
}

#[derive(Debug, Clone)]
struct Example {
    rule: usize,
    activity: Activity,
    must_match: bool,
    at: Location,
}

/// Screens activities against a compiled ruleset.
///
/// Build it once (compiling is the slow part), share it across threads (it
/// is `Send + Sync` and immutable), and call [`screen`](Screener::screen) per
/// activity.
///
/// ```
/// use netral::{Activity, Level, Screener};
/// let screener = Screener::default_rules();
/// let report = screener.screen(&Activity::post("a1", "14 Feb jangan lupa coblos P.K.B. nomor 1!"));
/// assert_eq!(report.level, Some(Level::High));
/// let f = report.findings.iter().find(|f| f.category == "party").unwrap();
/// assert_eq!(f.text, "P.K.B");
/// ```
#[derive(Debug, Clone)]
pub struct Screener {
    rules: Vec<Compiled>,
    /// What the scorer needs of each rule, parallel to `rules`.
    facts: Vec<RuleFacts>,
    matcher: Matcher,
    periods: Vec<Period>,
    numbers: BTreeMap<String, u32>,
    scoring: Scoring,
    examples: Vec<Example>,
}

/// How many matches of one rule in one field go on to scoring. A rule's
/// evidence does not grow with repetition, and scoring weighs matches
/// against each other: a line that repeats a name thousands of times
/// (`#PrabowoGibran` 16 000 times, 200 kB) took seconds.
const MATCHES_PER_RULE: usize = 32;

thread_local! {
    static SCRATCH: RefCell<(Normalizer, Normalized, Vec<Hit>, Vec<PhraseHit>)> =
        RefCell::new(Default::default());
}

/// One field of an activity as the matcher saw it (for `explain`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldView {
    /// The field's name, e.g. `target.text`.
    pub name: String,
    /// The original text.
    pub original: String,
    /// The normalized text the rules ran on.
    pub normalized: String,
}

/// A match that was found but did not count, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppressed {
    /// The rule.
    pub rule: String,
    /// The field.
    pub field: String,
    /// The original text matched.
    pub text: String,
    /// Why it did not count.
    pub why: String,
}

/// Everything a rule author needs to see why a text got its level.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// The report, as `screen` gives it.
    pub report: Report,
    /// Each field's original and normalized text.
    pub fields: Vec<FieldView>,
    /// Matches that were dropped for lack of the context they need.
    pub suppressed: Vec<Suppressed>,
    /// Matches that counted only through another field's words: a caption
    /// and its photos meet each other's `needs`.
    pub lent: Vec<Lent>,
}

/// A match whose `needs` were met only by another field's words: the
/// caption's for a photo, or a photo's for the caption.
///
/// ```
/// let s = netral::Screener::default_rules();
/// let a = netral::parse_line(r#"{"id": "p", "kind": "post", "text": "Mampir sebentar",
///     "media": [{"ocr_text": "POSKO PEMENANGAN AMIN"}]}"#).unwrap();
/// let e = s.explain(&a);
/// let lent = &e.lent[0];
/// assert_eq!((lent.field.as_str(), lent.text.as_str()), ("media[0].ocr_text", "POSKO PEMENANGAN"));
/// assert_eq!(lent.by, "text");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lent {
    /// The rule.
    pub rule: String,
    /// The field it was found in.
    pub field: String,
    /// The original text matched.
    pub text: String,
    /// The field whose words met its needs.
    pub by: String,
}

/// A rule example that did not behave as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// The rule.
    pub rule: String,
    /// Where the example is written.
    pub at: Location,
    /// The example: a post's text, or the activity in a line
    /// (`follow | target.author: @x | target.text: ...`).
    pub text: String,
    /// True for a `match` example that did not match.
    pub expected_match: bool,
    /// What happened instead (findings, or why the rule's match was dropped).
    pub detail: String,
}

impl Screener {
    /// Compiles a ruleset. Fails with every problem found (invalid regexes,
    /// unknown references or elections, ...), each with file, line and column.
    pub fn new(rules: &Ruleset) -> Result<Screener, RuleErrors> {
        let mut errors: Vec<RuleError> = Vec::new();
        if let Err(e) = rules.validate() {
            errors.extend(e.0);
        }
        let active = rules.rules();
        let numbers = rules.numbers();
        let macros = rules.macros();
        let matcher = match Matcher::build(&active, &macros, &numbers) {
            Ok(m) => Some(m),
            Err(e) => {
                errors.extend(e);
                None
            }
        };
        let scoring = rules.scoring();
        let mut periods = Vec::new();
        for (id, e) in rules.elections() {
            periods.push(Period {
                id,
                start: e.start,
                end: e.end,
                factor: e.off_period_factor,
            });
        }
        let mut compiled = Vec::new();
        let mut facts = Vec::new();
        let mut examples = Vec::new();
        let phrase_ids = |needs: &[Need]| -> Vec<u32> {
            needs
                .iter()
                .filter_map(|n| match (n, &matcher) {
                    (Need::Phrase(p), Some(m)) => m.phrase_id(p),
                    _ => None,
                })
                .collect()
        };
        for (i, r) in active.iter().enumerate() {
            let reach = r.reach.unwrap_or(match r.category {
                Category::Praise => 3,
                _ => scoring.reach,
            });
            facts.push(RuleFacts {
                id: r.id.clone(),
                category: r.category,
                number: r.number,
                reach,
            });
            compiled.push(Compiled {
                needs: r.needs.clone(),
                needs_also: r.needs_also.clone(),
                needs_phrases: phrase_ids(&r.needs),
                needs_also_phrases: phrase_ids(&r.needs_also),
                needs_window: r.needs_window,
                effect: r.effect,
                window: r.window,
                applies_to: r.applies_to.clone(),
                election: r
                    .election
                    .as_ref()
                    .and_then(|e| periods.iter().position(|p| &p.id == e)),
                score: r.score,
                fields: r.fields.clone(),
                kinds: r.kinds.clone(),
            });
            for (list, must_match) in [(&r.examples_match, true), (&r.examples_no_match, false)] {
                for ex in list {
                    examples.push(Example {
                        rule: i,
                        activity: ex.activity.clone(),
                        must_match,
                        at: ex.at.clone(),
                    });
                }
            }
        }
        match matcher {
            Some(matcher) if errors.is_empty() => Ok(Screener {
                rules: compiled,
                facts,
                matcher,
                periods,
                numbers,
                scoring,
                examples,
            }),
            _ => Err(RuleErrors(errors)),
        }
    }

    /// The screener for the embedded Indonesian default ruleset.
    ///
    /// The embedded rules are tested on every build, so this does not fail;
    /// if they were ever broken it would return a screener with no rules.
    pub fn default_rules() -> Screener {
        static DEFAULT: once_cell::sync::Lazy<Screener> = once_cell::sync::Lazy::new(|| {
            Screener::new(&Ruleset::embedded()).unwrap_or_else(|e| {
                eprintln!("netral: the embedded ruleset does not compile:\n{e}");
                Screener::empty()
            })
        });
        DEFAULT.clone()
    }

    fn empty() -> Screener {
        Screener {
            rules: Vec::new(),
            facts: Vec::new(),
            matcher: Matcher::build(&[], &BTreeMap::new(), &BTreeMap::new())
                .unwrap_or_else(|_| unreachable!("an empty matcher always builds")),
            periods: Vec::new(),
            numbers: BTreeMap::new(),
            scoring: Scoring::default(),
            examples: Vec::new(),
        }
    }

    /// The number of compiled rules.
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    /// The thresholds in use.
    pub fn scoring(&self) -> Scoring {
        self.scoring
    }

    /// Screens one activity.
    pub fn screen(&self, activity: &Activity) -> Report {
        self.run(activity, false).report
    }

    /// Screens one activity and keeps what a rule author needs to see why:
    /// normalized texts and matches dropped for lack of context.
    ///
    /// ```
    /// let s = netral::Screener::default_rules();
    /// let e = s.explain(&netral::Activity::post("x", "Aamiin ya Allah, semoga sehat"));
    /// assert_eq!(e.fields[0].normalized, "aamiin ya allah semoga sehat");
    /// assert!(!e.report.level.unwrap().is_flagged());
    /// ```
    pub fn explain(&self, activity: &Activity) -> Explanation {
        self.run(activity, true)
    }

    /// The raw matches of every rule in `text` (before `needs` and context),
    /// as `(rule id, start, end)` byte spans into `text`. An `original`
    /// pattern whose rule needs only phrases is not run on a text without
    /// one of them, so it shows no match there.
    ///
    /// ```
    /// let s = netral::Screener::default_rules();
    /// let m = s.matches("coblos G.e.r.i.n.d.r.a");
    /// assert!(m.iter().any(|(id, s, e)| id == "party.gerindra" && (*s, *e) == (7, 22)));
    /// ```
    pub fn matches(&self, text: &str) -> Vec<(String, usize, usize)> {
        SCRATCH.with(|cell| {
            let mut fresh = Default::default();
            let mut guard = cell.try_borrow_mut();
            let (normalizer, norm, hits, phrases) = match guard.as_mut() {
                Ok(g) => &mut **g,
                Err(_) => &mut fresh,
            };
            normalizer.normalize_into(text, norm);
            self.matcher.find(text, norm, hits, phrases);
            hits.iter()
                .map(|h| {
                    let (s, e) = norm.original_span(h.start, h.end);
                    (self.facts[h.rule].id.clone(), s, e)
                })
                .collect()
        })
    }

    /// Runs every rule's `examples.match` and `examples.no_match` and returns
    /// the ones that do not behave as written.
    ///
    /// ```
    /// assert!(netral::Screener::default_rules().test_examples().is_empty());
    /// ```
    pub fn test_examples(&self) -> Vec<ExampleFailure> {
        let mut out = Vec::new();
        for ex in &self.examples {
            let e = self.explain(&ex.activity);
            let id = &self.facts[ex.rule].id;
            let fired = e.report.findings.iter().any(|f| &f.rule == id);
            if fired == ex.must_match {
                continue;
            }
            let kinds = &self.rules[ex.rule].kinds;
            let detail = if ex.must_match {
                match e.suppressed.iter().find(|s| &s.rule == id) {
                    Some(s) => format!("`{}` matched but did not count: {}", s.text, s.why),
                    None if !kinds.is_empty() && !kinds.contains(&ex.activity.kind) => format!(
                        "the rule looks only at {} activities, and this example is a {}: \
                         write it as a table with `kind`",
                        kinds
                            .iter()
                            .map(|k| k.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                        ex.activity.kind.as_str()
                    ),
                    None => format!(
                        "no match; normalized text was {}; findings: [{}]",
                        normalized_fields(&e.fields),
                        summarize(&e.report.findings)
                    ),
                }
            } else {
                let f: Vec<&Finding> = e.report.findings.iter().filter(|f| &f.rule == id).collect();
                format!(
                    "matched `{}`",
                    f.iter()
                        .map(|f| f.text.as_str())
                        .collect::<Vec<_>>()
                        .join("`, `")
                )
            };
            out.push(ExampleFailure {
                rule: id.clone(),
                at: ex.at.clone(),
                text: describe(&ex.activity),
                expected_match: ex.must_match,
                detail,
            });
        }
        out
    }

    /// Rules of `rules`, the ruleset this screener was built from, that load
    /// and work but likely not as meant: no examples, an `unless` that never
    /// applies, a term in two rules, a pattern that runs on every text. See
    /// [`RuleWarning`] for an example. Worked out on request, as screening
    /// never needs them.
    pub fn warnings(&self, rules: &Ruleset) -> Vec<RuleWarning> {
        let everywhere: Vec<(String, String)> = self
            .matcher
            .everywhere()
            .into_iter()
            .map(|(i, pattern)| (self.facts[i].id.clone(), pattern))
            .collect();
        crate::rules::warnings(&rules.rules(), &everywhere)
    }

    /// [`test_examples`](Screener::test_examples) as rule errors (code R007).
    pub fn check_examples(&self) -> Result<(), RuleErrors> {
        let failures = self.test_examples();
        if failures.is_empty() {
            return Ok(());
        }
        Err(RuleErrors(
            failures
                .into_iter()
                .map(|f| RuleError {
                    code: ErrorCode::ExampleFailed,
                    file: f.at.file,
                    line: f.at.line,
                    column: f.at.column,
                    rule_id: Some(f.rule),
                    message: format!(
                        "example {:?} should {}match: {}",
                        f.text,
                        if f.expected_match { "" } else { "not " },
                        f.detail
                    ),
                    hint: Some("fix the rule's terms, needs or unless, or the example".into()),
                })
                .collect(),
        ))
    }

    fn run(&self, activity: &Activity, keep: bool) -> Explanation {
        let fields: Vec<_> = activity.fields().collect();
        let mut cands: Vec<Cand> = Vec::new();
        let mut views = Vec::new();
        let mut facts = Vec::new();
        let mut texts = Vec::new();
        // The `needs` phrases seen in each caption and photo field, as
        // whole words anywhere: what they lend each other (see
        // `apply_needs`). Empty for other fields.
        let mut field_phrases: Vec<Vec<u32>> = Vec::new();
        SCRATCH.with(|cell| {
            let mut fresh = Default::default();
            let mut guard = cell.try_borrow_mut();
            let (normalizer, norm, hits, phrases) = match guard.as_mut() {
                Ok(g) => &mut **g,
                Err(_) => &mut fresh,
            };
            for (fi, f) in fields.iter().enumerate() {
                normalizer.normalize_into(f.text, norm);
                self.matcher.find(f.text, norm, hits, phrases);
                if !hits.is_empty() {
                    norm.index_words();
                }
                // Counted only when there are enough matches to reach the cap.
                let mut per_rule = if hits.len() > MATCHES_PER_RULE {
                    vec![0usize; self.rules.len()]
                } else {
                    Vec::new()
                };
                for h in hits.iter() {
                    let rule = &self.rules[h.rule];
                    if !rule.fields.is_empty()
                        && !rule.fields.iter().any(|p| f.name.starts_with(p.as_str()))
                    {
                        continue;
                    }
                    if !rule.kinds.is_empty() && !rule.kinds.contains(&activity.kind) {
                        continue;
                    }
                    if let Some(n) = per_rule.get_mut(h.rule) {
                        *n += 1;
                        if *n > MATCHES_PER_RULE {
                            continue;
                        }
                    }
                    let (start, end) = norm.original_span(h.start, h.end);
                    let value = self.facts[h.rule].number.or_else(|| {
                        if self.facts[h.rule].category == Category::Number
                            || self.facts[h.rule].category == Category::Gesture
                        {
                            self.number_in(&norm.as_str()[h.start..h.end])
                        } else {
                            None
                        }
                    });
                    let tok = norm.token_index(h.start);
                    let tok_end = norm.token_index(h.end.saturating_sub(1));
                    let r = &self.rules[h.rule];
                    let near = |ids: &[u32]| {
                        phrase_needs_met(ids, r.needs_window, norm, tok, tok_end, phrases)
                    };
                    let phrase_ok = near(&r.needs_phrases);
                    let phrase_ok_also = near(&r.needs_also_phrases);
                    cands.push(Cand {
                        field: fi,
                        rule: h.rule,
                        start,
                        end,
                        tok,
                        tok_end,
                        value,
                        ok: true,
                        phrase_ok,
                        phrase_ok_also,
                        lent_by: None,
                        score: rule.score,
                        notes: Vec::new(),
                    });
                }
                if keep {
                    views.push(FieldView {
                        name: f.name.to_string(),
                        original: f.text.to_string(),
                        normalized: norm.as_str().to_string(),
                    });
                }
                let fact = FieldFacts {
                    scope: f.scope,
                    tag: f.name.contains(".tags["),
                    author: f.name == "target.author",
                    caption: f.name == "text",
                    media: f.name.starts_with("media["),
                };
                let lends = fact.caption || fact.media;
                field_phrases.push(
                    phrases
                        .iter()
                        .filter(|h| lends && whole_words(norm.as_str(), h))
                        .map(|h| h.phrase)
                        .collect(),
                );
                facts.push(fact);
                texts.push(f.text);
            }
        });
        self.apply_needs(&mut cands, &facts, &field_phrases);
        // Only `explain` shows what was dropped and why: say it only then.
        let suppressed = if keep {
            self.unmet_needs(&cands)
        } else {
            Vec::new()
        };
        let lent = if keep {
            cands
                .iter()
                .filter(|c| c.ok)
                .filter_map(|c| {
                    Some(Lent {
                        rule: self.facts[c.rule].id.clone(),
                        field: fields[c.field].name.to_string(),
                        text: texts[c.field].get(c.start..c.end).unwrap_or("").to_string(),
                        by: fields[c.lent_by?].name.to_string(),
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        self.apply_context(&mut cands, &facts, &texts);
        self.apply_periods(&mut cands, activity.created_at.as_deref());

        let v = scoring::verdict(
            activity.kind,
            &cands,
            &facts,
            &self.facts,
            &texts,
            &self.scoring,
            keep,
        );
        let mut findings: Vec<Finding> = cands
            .into_iter()
            .filter(|c| c.ok)
            .map(|c| Finding {
                rule: self.facts[c.rule].id.clone(),
                category: Cow::Borrowed(self.facts[c.rule].category.as_str()),
                field: fields[c.field].name.clone(),
                start: c.start,
                end: c.end,
                text: texts[c.field].get(c.start..c.end).unwrap_or("").to_string(),
                score: crate::report::round3(c.score.clamp(0.0, 1.0)),
                context: c.notes,
            })
            .collect();
        findings.sort_by(|a, b| (&*a.field, a.start).cmp(&(&*b.field, b.start)));
        let report = Report {
            id: activity.id.clone(),
            level: Some(v.level),
            score: Some(v.score),
            findings,
            reasons: v.reasons,
            error: None,
            line: None,
        };
        let suppressed = if keep {
            suppressed
                .into_iter()
                .map(|(c, why)| Suppressed {
                    rule: self.facts[c.rule].id.clone(),
                    field: fields[c.field].name.to_string(),
                    text: texts[c.field].get(c.start..c.end).unwrap_or("").to_string(),
                    why,
                })
                .collect()
        } else {
            Vec::new()
        };
        Explanation {
            report,
            fields: views,
            suppressed,
            lent,
        }
    }

    #[cfg(test)]
    pub(crate) fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// The value of the last number (digits or number word) in a normalized
    /// match; failing those, of the last Roman numeral, which a match holds
    /// only where its rule asked for one (`{roman}`).
    fn number_in(&self, text: &str) -> Option<u32> {
        let found = text.split(' ').rev().find_map(|w| {
            if !w.is_empty() && w.len() <= 3 && w.bytes().all(|b| b.is_ascii_digit()) {
                w.parse().ok()
            } else {
                self.numbers.get(w).copied()
            }
        });
        found.or_else(|| text.split(' ').rev().find_map(crate::roman::value))
    }

    /// Drops matches whose `needs` (and `needs_also`) are not met.
    ///
    /// A caption and its photos are one message: a phrase anywhere in one
    /// meets the needs of a match in the other (`Mampir sebentar` under a
    /// photo of a `POSKO PEMENANGAN` banner), as a category does in any
    /// field of the same side; unless the lending field carries neutral
    /// context.
    fn apply_needs(&self, cands: &mut [Cand], fields: &[FieldFacts], phrases: &[Vec<u32>]) {
        // A field that frames itself as news or enforcement ("Kami dari
        // Satpol PP membongkar baliho") lends its words to no other.
        let mut framed = vec![false; fields.len()];
        for c in cands.iter() {
            let r = &self.rules[c.rule];
            if self.facts[c.rule].category == Category::ContextNeutral
                && (r.needs.is_empty() || c.phrase_ok)
            {
                framed[c.field] = true;
            }
        }
        for c in cands.iter_mut() {
            let r = &self.rules[c.rule];
            let f = &fields[c.field];
            // The other field (a photo for a caption, the caption for a
            // photo) that has one of the phrases `ids`.
            let lender = |ids: &[u32]| {
                if !(f.caption || f.media) {
                    return None;
                }
                (0..fields.len()).find(|&o| {
                    (if f.caption {
                        fields[o].media
                    } else {
                        fields[o].caption
                    }) && !framed[o]
                        && phrases[o].iter().any(|p| ids.contains(p))
                })
            };
            let near = (r.needs.is_empty() || c.phrase_ok)
                && (r.needs_also.is_empty() || c.phrase_ok_also);
            if !near {
                let mut lent_by = None;
                if !c.phrase_ok {
                    lent_by = lender(&r.needs_phrases);
                    c.phrase_ok = lent_by.is_some();
                }
                if !c.phrase_ok_also {
                    let also = lender(&r.needs_also_phrases);
                    c.phrase_ok_also = also.is_some();
                    lent_by = lent_by.or(also);
                }
                c.lent_by = lent_by;
            }
            c.ok = (r.needs.is_empty() || c.phrase_ok)
                && (r.needs_also.is_empty() || c.phrase_ok_also);
            if !c.ok {
                c.lent_by = None;
            }
        }
        // Category needs may chain (a needy term supporting another): settle.
        for _ in 0..3 {
            let mut changed = false;
            for i in 0..cands.len() {
                if cands[i].ok {
                    continue;
                }
                let c = &cands[i];
                let r = &self.rules[c.rule];
                let near = |needs: &[Need]| {
                    needs.iter().any(|need| {
                        let Need::Category(cat) = need else {
                            return false;
                        };
                        cands.iter().enumerate().any(|(j, o)| {
                            j != i
                                && o.ok
                                && self.facts[o.rule].category == *cat
                                && fields[o.field].scope == fields[c.field].scope
                                && (o.field != c.field
                                    || within(o.tok, c.tok, c.tok_end, r.needs_window))
                        })
                    })
                };
                let met = (r.needs.is_empty() || c.phrase_ok || near(&r.needs))
                    && (r.needs_also.is_empty() || c.phrase_ok_also || near(&r.needs_also));
                if met {
                    cands[i].ok = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
    }

    /// The matches `apply_needs` dropped, each with what it needed.
    fn unmet_needs(&self, cands: &[Cand]) -> Vec<(Cand, String)> {
        cands
            .iter()
            .filter(|c| !c.ok)
            .map(|c| {
                let r = &self.rules[c.rule];
                let list = |needs: &[Need]| -> String {
                    needs
                        .iter()
                        .map(|n| match n {
                            Need::Category(c) => format!("@{c}"),
                            Need::Phrase(p) => format!("`{p}`"),
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let also = if r.needs_also.is_empty() {
                    String::new()
                } else {
                    format!(" and one of {}", list(&r.needs_also))
                };
                let first = if r.needs.is_empty() {
                    String::new()
                } else {
                    format!("one of {}", list(&r.needs))
                };
                (
                    c.clone(),
                    format!(
                        "needs {}{} within {} words",
                        first,
                        if first.is_empty() {
                            also.trim_start_matches(" and ").to_string()
                        } else {
                            also
                        },
                        r.needs_window
                    ),
                )
            })
            .collect()
    }

    fn apply_context(&self, cands: &mut [Cand], fields: &[FieldFacts], texts: &[&str]) {
        let contexts: Vec<(usize, Cand)> = cands
            .iter()
            .enumerate()
            .filter(|(_, c)| c.ok && self.facts[c.rule].category.is_context())
            .map(|(i, c)| (i, c.clone()))
            .collect();
        for (ci, ctx) in &contexts {
            let cr = &self.rules[ctx.rule];
            for (i, c) in cands.iter_mut().enumerate() {
                if i == *ci || !c.ok {
                    continue;
                }
                let cat = self.facts[c.rule].category;
                if cat.is_context() || cat == Category::Approval {
                    continue;
                }
                let applies = if c.lent_by.is_some() {
                    // Read together with the other field, it is no stronger
                    // than a mention ("Kami membongkar baliho" under a
                    // photo of a `RUMAH RELAWAN` banner).
                    true
                } else if cr.applies_to.is_empty() {
                    // By default context moves mentions, not stances or
                    // slogans, so reporting words cannot hide an endorsement.
                    cat.is_target()
                        || matches!(
                            cat,
                            Category::Gesture | Category::Election | Category::Symbol
                        )
                } else {
                    cr.applies_to.contains(&cat)
                };
                if !applies {
                    continue;
                }
                let same_side = fields[c.field].scope == fields[ctx.field].scope;
                let near = if c.field == ctx.field {
                    within(c.tok, ctx.tok, ctx.tok_end, cr.window)
                } else {
                    // Who posted the target colours all of it (a KPU notice, a
                    // news site); media tags have no position, so any context
                    // on the same side applies to them; a caption says what
                    // its photos are ("penertiban APK" under a banner).
                    same_side
                        && (fields[ctx.field].author
                            || fields[c.field].tag
                            || (fields[ctx.field].caption && fields[c.field].media))
                };
                if !near || c.notes.iter().any(|n| n.rule == self.facts[ctx.rule].id) {
                    continue;
                }
                c.score = (c.score + cr.effect).clamp(0.0, 1.0);
                c.notes.push(ContextNote {
                    rule: self.facts[ctx.rule].id.clone(),
                    delta: crate::report::round3(cr.effect),
                    text: texts[ctx.field]
                        .get(ctx.start..ctx.end)
                        .unwrap_or("")
                        .to_string(),
                });
            }
        }
    }

    fn apply_periods(&self, cands: &mut [Cand], created_at: Option<&str>) {
        let Some(date) = created_at.and_then(|d| d.get(..10)).filter(|d| is_date(d)) else {
            return;
        };
        for c in cands.iter_mut() {
            let Some(pi) = self.rules[c.rule].election else {
                continue;
            };
            let p = &self.periods[pi];
            if date < p.start.as_str() || date > p.end.as_str() {
                let before = c.score;
                c.score *= p.factor;
                c.notes.push(ContextNote {
                    rule: format!("outside-period:{}", p.id),
                    delta: crate::report::round3(c.score - before),
                    text: date.to_string(),
                });
            }
        }
    }
}

/// True when one of the phrases `ids` was seen as whole words within
/// `window` words of tokens `tok..=tok_end`.
fn phrase_needs_met(
    ids: &[u32],
    window: usize,
    n: &Normalized,
    tok: usize,
    tok_end: usize,
    seen: &[PhraseHit],
) -> bool {
    if ids.is_empty() {
        return false;
    }
    seen.iter().any(|h| {
        ids.contains(&h.phrase)
            && whole_words(n.as_str(), h)
            && within(n.token_index(h.start), tok, tok_end, window)
    })
}

/// True when phrase hit `h` covers whole words of `text` (the automaton
/// reports it inside words too).
fn whole_words(text: &str, h: &PhraseHit) -> bool {
    (h.start == 0 || !text[..h.start].ends_with(char::is_alphanumeric))
        && (h.end == text.len() || !text[h.end..].starts_with(char::is_alphanumeric))
}

/// True when token `t` is within `window` words of tokens `tok..=tok_end`:
/// how near `needs` and context reach.
fn within(t: usize, tok: usize, tok_end: usize, window: usize) -> bool {
    t + window >= tok && t <= tok_end + window
}

/// An example in one line: a post's text as it is, anything else as its kind
/// and fields (`follow | target.author: @x | target.text: ...`).
fn describe(a: &Activity) -> String {
    let fields: Vec<_> = a.fields().collect();
    match (a.kind, fields.as_slice()) {
        (crate::Kind::Post, [only]) if only.name == "text" => only.text.to_string(),
        _ => std::iter::once(a.kind.as_str().to_string())
            .chain(fields.iter().map(|f| format!("{}: {}", f.name, f.text)))
            .collect::<Vec<_>>()
            .join(" | "),
    }
}

/// Each field's normalized text, named when there is more than one.
fn normalized_fields(fields: &[FieldView]) -> String {
    match fields {
        [] => "empty".to_string(),
        [only] => format!("`{}`", only.normalized),
        _ => fields
            .iter()
            .map(|f| format!("{} `{}`", f.name, f.normalized))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn summarize(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("{} `{}`", f.rule, f.text))
        .collect::<Vec<_>>()
        .join(", ")
}

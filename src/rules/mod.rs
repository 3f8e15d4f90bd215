//! Rule files: loading, layering and validation.
//!
//! A [`Ruleset`] is a stack of layers. The first is usually the Indonesian
//! default embedded in the binary ([`Ruleset::embedded`]); a team adds its own
//! directory on top ([`Ruleset::add_dir`]). A rule in a later layer with the
//! same id replaces the earlier one; `disable = ["id"]` switches one off.
//! The file format is documented in `rules/README.md`.

mod embedded;
mod error;
mod file;
mod load;
mod warnings;

pub use error::{ErrorCode, RuleError, RuleErrors};
pub(crate) use warnings::check as warnings;
pub use warnings::{RuleWarning, WarningCode};

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// What a rule recognizes. The scorer combines categories into evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Category {
    /// A political party (name, abbreviation, nickname, symbol).
    Party,
    /// A candidate (name, nickname).
    Candidate,
    /// A candidate pair (acronym, combined names).
    Pair,
    /// A ballot number (`02`, `kosong dua`, `nomor urut 2`).
    Number,
    /// A campaign slogan or hashtag: partisan on its own.
    Slogan,
    /// A call to vote or support: coblos, pilih, dukung, menangkan.
    CampaignCall,
    /// Negative campaigning: jangan pilih, asal bukan, tolak.
    Attack,
    /// Praise or affinity close to a name: menang, presidenku, di hati.
    Praise,
    /// A hand sign: emoji, `salam dua jari`, a detector tag.
    Gesture,
    /// A campaign account (candidate, party, winning team, volunteers).
    Account,
    /// Election vocabulary: paslon, caleg, pilkada, kampanye.
    Election,
    /// A party or camp emblem used as shorthand (🐂, 🌹, 🖤❤️).
    Symbol,
    /// An approving reaction in a comment (siap, mantap, 👍).
    Approval,
    /// Context that lowers findings near it (news, neutrality reminders).
    ContextNeutral,
    /// Context that raises findings near it (ayo, jangan lupa, mohon doa restu).
    ContextPartisan,
}

impl Category {
    /// Every category, in documentation order.
    pub const ALL: [Category; 15] = [
        Category::Party,
        Category::Candidate,
        Category::Pair,
        Category::Number,
        Category::Slogan,
        Category::CampaignCall,
        Category::Attack,
        Category::Praise,
        Category::Gesture,
        Category::Account,
        Category::Election,
        Category::Symbol,
        Category::Approval,
        Category::ContextNeutral,
        Category::ContextPartisan,
    ];

    /// The name used in rule files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Party => "party",
            Category::Candidate => "candidate",
            Category::Pair => "pair",
            Category::Number => "number",
            Category::Slogan => "slogan",
            Category::CampaignCall => "campaign_call",
            Category::Attack => "attack",
            Category::Praise => "praise",
            Category::Gesture => "gesture",
            Category::Account => "account",
            Category::Election => "election",
            Category::Symbol => "symbol",
            Category::Approval => "approval",
            Category::ContextNeutral => "context_neutral",
            Category::ContextPartisan => "context_partisan",
        }
    }

    /// Parses a name used in rule files.
    ///
    /// ```
    /// use netral::Category;
    /// assert_eq!(Category::parse("campaign_call"), Some(Category::CampaignCall));
    /// assert_eq!(Category::parse("weather"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The score a rule of this category has when its file sets none.
    pub fn default_score(self) -> f32 {
        match self {
            Category::Party | Category::Candidate => 0.3,
            Category::Pair => 0.35,
            Category::Number => 0.2,
            Category::Slogan | Category::Account => 0.8,
            Category::CampaignCall | Category::Attack => 0.6,
            Category::Praise => 0.45,
            Category::Gesture => 0.3,
            Category::Election | Category::Symbol => 0.15,
            Category::Approval | Category::ContextNeutral | Category::ContextPartisan => 0.0,
        }
    }

    /// True for context rules, which move other findings instead of counting.
    pub fn is_context(self) -> bool {
        matches!(self, Category::ContextNeutral | Category::ContextPartisan)
    }

    /// True for what a stance (call, attack, praise) can be about.
    pub fn is_target(self) -> bool {
        matches!(
            self,
            Category::Party | Category::Candidate | Category::Pair | Category::Number
        )
    }

    /// True for calls, attacks and praise.
    pub fn is_stance(self) -> bool {
        matches!(
            self,
            Category::CampaignCall | Category::Attack | Category::Praise
        )
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where something was written: file and 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    /// The file, as given when loading (`rules/common/calls.toml`).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

/// A text with the place it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The text as written.
    pub value: String,
    /// Where.
    pub at: Location,
}

/// A rule example: an activity that must (or must not) produce a finding of
/// the rule. In a rule file it is a string, the text of a post, or a table
/// written like an activity in a batch file, for rules that look at other
/// kinds or fields:
///
/// ```toml
/// examples.match = [
///   "Coblos Bobby-Surya 27 Nov!",
///   { kind = "follow", target = { author = "@calon.x", text = "Calon Bupati nomor urut 2" } },
/// ]
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleExample {
    /// What is screened (its id is `example`).
    pub activity: crate::Activity,
    /// Where it is written.
    pub at: Location,
}

/// A `needs` entry: what must be near a collision-prone match for it to count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Need {
    /// Another finding of this category (`@candidate` in the file).
    Category(Category),
    /// This phrase, normalized like any term.
    Phrase(String),
}

/// One validated rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable id, e.g. `party.gerindra`.
    pub id: String,
    /// What it recognizes.
    pub category: Category,
    /// What it is for, in words.
    pub description: String,
    /// The rule of conduct it enforces (an id from the references list).
    pub reference: String,
    /// Literal terms, matched on whole words of the normalized text.
    pub terms: Vec<Located>,
    /// Regex patterns over the normalized text (macros like `{num}` allowed).
    pub patterns: Vec<Located>,
    /// Regex patterns over the text as written, for what normalization
    /// folds away: case and punctuation (`Bobby-Surya`, a Pilkada pair).
    /// Matches map to the normalized words they cover; `unless`, `needs`
    /// and the rest apply as to any match.
    pub original: Vec<Located>,
    /// Phrases that cancel a match they cover (allow list).
    pub unless: Vec<Located>,
    /// Regex forms of `unless`.
    pub unless_patterns: Vec<Located>,
    /// What must be near a match for it to count (any one of them).
    pub needs: Vec<Need>,
    /// A second list: when not empty, one of these must be near too, so a
    /// rule can ask for two kinds of support (election words and praise).
    pub needs_also: Vec<Need>,
    /// How near, in words.
    pub needs_window: usize,
    /// The party, candidate or pair this rule names.
    pub entity: Option<String>,
    /// The camp (pair number) the entity belonged to.
    pub camp: Option<String>,
    /// The ballot number it carries.
    pub number: Option<u32>,
    /// Base score.
    pub score: f32,
    /// For stances: how many words away a target may be.
    pub reach: Option<usize>,
    /// For context rules: the change to findings within `window` words.
    pub effect: f32,
    /// For context rules: how far they reach, in words.
    pub window: usize,
    /// For context rules: the categories they move (empty = all that count).
    pub applies_to: Vec<Category>,
    /// The election this rule belongs to, if it is election-specific.
    pub election: Option<String>,
    /// Input fields the rule looks at (prefixes such as `target.author` or
    /// `media`); empty means every field.
    pub fields: Vec<String>,
    /// Activity kinds the rule looks at (a follow's `target.text` is the
    /// account's bio, a share's is a post); empty means every kind.
    pub kinds: Vec<crate::Kind>,
    /// Known false positives, in words (documentation).
    pub false_positives: Option<String>,
    /// Activities (most often posts) that must produce a finding of this rule.
    pub examples_match: Vec<RuleExample>,
    /// Activities that must not.
    pub examples_no_match: Vec<RuleExample>,
    /// Where the rule's id was written.
    pub at: Location,
}

/// An election with the days its specific rules count fully.
#[derive(Debug, Clone, PartialEq)]
pub struct Election {
    /// Id, e.g. `pemilu-2024`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// First day (YYYY-MM-DD).
    pub start: String,
    /// Last day (YYYY-MM-DD).
    pub end: String,
    /// Weight of its rules outside the period.
    pub off_period_factor: f32,
}

/// True for a `YYYY-MM-DD` date, the form of election periods and of the
/// date part of `created_at`.
pub(crate) fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// Thresholds that turn a score into a level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scoring {
    /// Score at or above which a report is `high`.
    pub high: f32,
    /// Score at or above which a report is `medium`.
    pub medium: f32,
    /// Score at or above which a report is `low`.
    pub low: f32,
    /// Default reach of stances, in words.
    pub reach: usize,
}

impl Default for Scoring {
    fn default() -> Scoring {
        Scoring {
            high: 0.75,
            medium: 0.5,
            low: 0.1,
            reach: 25,
        }
    }
}

/// Thresholds set by one layer: high, medium, low, reach.
pub(crate) type ScoringOverride = (Option<f32>, Option<f32>, Option<f32>, Option<usize>);

#[derive(Debug, Clone, Default)]
pub(crate) struct Layer {
    pub rules: Vec<Rule>,
    pub disabled: Vec<Located>,
    pub elections: Vec<(Election, Location)>,
    pub references: Vec<(String, String)>,
    pub numbers: Vec<(u32, Located)>,
    pub macros: Vec<(String, Vec<Located>)>,
    pub scoring: Option<ScoringOverride>,
}

/// A stack of rule layers: the input to [`Screener::new`](crate::Screener::new).
///
/// ```
/// use netral::Ruleset;
/// let mut rules = Ruleset::embedded();
/// rules.add_toml("team.toml", r#"
///     disable = ["party.pbb"]
///
///     [[rule]]
///     id = "candidate.local.sukamaju"
///     category = "candidate"
///     description = "Calon bupati Sukamaju 2029"
///     reference = "ASN-E2-SOCMED-CAMPAIGN"
///     terms = ["Budi Santoso"]
///     examples.match = ["dukung Budi Santoso"]
/// "#).unwrap();
/// assert!(rules.rule("candidate.local.sukamaju").is_some());
/// assert!(rules.rule("party.pbb").is_none());
/// ```
#[derive(Debug, Clone, Default)]
pub struct Ruleset {
    pub(crate) layers: Vec<Layer>,
}

impl Ruleset {
    /// An empty ruleset (no layers).
    pub fn new() -> Ruleset {
        Ruleset::default()
    }

    /// The Indonesian default ruleset compiled into the crate.
    ///
    /// ```
    /// let rules = netral::Ruleset::embedded();
    /// assert!(rules.rule("party.gerindra").is_some());
    /// ```
    pub fn embedded() -> Ruleset {
        embedded::ruleset()
    }

    /// The files of the embedded ruleset: `(path, contents)`.
    pub fn embedded_files() -> &'static [(&'static str, &'static str)] {
        embedded::FILES
    }

    /// Loads every `*.toml` under `dir` (recursively, in path order) as one
    /// new ruleset with a single layer.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Ruleset, RuleErrors> {
        let mut r = Ruleset::new();
        r.add_dir(dir)?;
        Ok(r)
    }

    /// Loads one TOML text as a ruleset with a single layer. `name` is used in
    /// error messages.
    pub fn from_toml(name: &str, toml: &str) -> Result<Ruleset, RuleErrors> {
        let mut r = Ruleset::new();
        r.add_toml(name, toml)?;
        Ok(r)
    }

    /// Adds every `*.toml` under `dir` as one new layer on top.
    pub fn add_dir(&mut self, dir: impl AsRef<Path>) -> Result<&mut Ruleset, RuleErrors> {
        let files = load::read_dir(dir.as_ref())?;
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        self.add_files(&refs)
    }

    /// Adds one TOML text as a new layer on top.
    pub fn add_toml(&mut self, name: &str, toml: &str) -> Result<&mut Ruleset, RuleErrors> {
        self.add_files(&[(name, toml)])
    }

    /// Adds several files as ONE new layer (ids must be unique across them).
    pub fn add_files(&mut self, files: &[(&str, &str)]) -> Result<&mut Ruleset, RuleErrors> {
        let layer = load::parse_layer(files)?;
        self.layers.push(layer);
        Ok(self)
    }

    /// The active rules after overrides and disables, in load order.
    pub fn rules(&self) -> Vec<&Rule> {
        let mut by_id: BTreeMap<&str, (usize, &Rule)> = BTreeMap::new();
        let mut order = 0usize;
        for layer in &self.layers {
            for d in &layer.disabled {
                by_id.remove(d.value.as_str());
            }
            for r in &layer.rules {
                order += 1;
                let pos = by_id.get(r.id.as_str()).map(|(o, _)| *o).unwrap_or(order);
                by_id.insert(&r.id, (pos, r));
            }
        }
        let mut v: Vec<(usize, &Rule)> = by_id.into_values().collect();
        v.sort_by_key(|(o, _)| *o);
        v.into_iter().map(|(_, r)| r).collect()
    }

    /// The active rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules().into_iter().find(|r| r.id == id)
    }

    /// Declared elections; later layers replace earlier ones with the same id.
    pub fn elections(&self) -> BTreeMap<String, Election> {
        let mut m = BTreeMap::new();
        for l in &self.layers {
            for (e, _) in &l.elections {
                m.insert(e.id.clone(), e.clone());
            }
        }
        m
    }

    /// Known rules of conduct: id → title.
    pub fn references(&self) -> BTreeMap<String, String> {
        let mut m = BTreeMap::new();
        for l in &self.layers {
            for (id, t) in &l.references {
                m.insert(id.clone(), t.clone());
            }
        }
        m
    }

    /// Number words: normalized word → value.
    pub fn numbers(&self) -> BTreeMap<String, u32> {
        let mut m = BTreeMap::new();
        for l in &self.layers {
            for (n, w) in &l.numbers {
                m.insert(
                    crate::normalize::normalize(&w.value).as_str().to_string(),
                    *n,
                );
            }
        }
        m
    }

    /// Pattern macros: name → alternatives (later layers replace earlier).
    pub fn macros(&self) -> BTreeMap<String, Vec<Located>> {
        let mut m = BTreeMap::new();
        for l in &self.layers {
            for (k, v) in &l.macros {
                m.insert(k.clone(), v.clone());
            }
        }
        m
    }

    /// Score thresholds (later layers override single values).
    pub fn scoring(&self) -> Scoring {
        let mut s = Scoring::default();
        for l in &self.layers {
            if let Some((h, m, lo, r)) = l.scoring {
                s.high = h.unwrap_or(s.high);
                s.medium = m.unwrap_or(s.medium);
                s.low = lo.unwrap_or(s.low);
                s.reach = r.unwrap_or(s.reach);
            }
        }
        s
    }

    /// Checks what single files cannot: references, elections, disables and
    /// needs against everything loaded. Examples are checked by
    /// [`Screener::test_examples`](crate::Screener::test_examples).
    pub fn validate(&self) -> Result<(), RuleErrors> {
        load::validate(self)
    }
}

//! Finding rule terms and patterns in normalized text.
//!
//! All terms of all rules go into ONE Aho-Corasick automaton (DFA kind,
//! asked for explicitly: the default picks a ~3x slower NFA above 100
//! patterns). So do the literal prefixes every match of a regex pattern
//! starts with (found by `regex-syntax`): a regex runs only on a text where
//! the automaton saw one of its prefixes. That replaced a `RegexSet` pass
//! over every text and cut matching by a third. A pattern without such
//! prefixes runs on every text. Word boundaries are
//! checked here on the normalized text rather than with Unicode `\b`, which is
//! slow over large alternations. Where matches overlap, the longest wins, so an
//! `unless` phrase (`kabinet indonesia maju`) silences the shorter match
//! inside it (`indonesia maju`). Words written together (tags, words
//! spelled out a letter at a time, a hyphen cutting a word) are read in
//! [`run_together`].

mod run_together;

use crate::normalize::{is_word, normalize, Normalized};
use crate::rules::{Category, ErrorCode, Located, Need, Rule, RuleError};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use once_cell::sync::OnceCell;
use regex::Regex;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy)]
struct Entry {
    rule: u32,
    unless: bool,
    /// Only counts inside a hashtag or mention (run-together form of a phrase).
    tag_only: bool,
}

/// A regex over the text as written, with what lets a text skip it.
#[derive(Debug, Clone)]
struct Original {
    re: Regex,
    entry: Entry,
    /// Characters every match contains one of, when plain to see (see
    /// [`required_chars`]).
    required: Option<Vec<(char, char)>>,
    /// It waits for the automaton to see one of its rule's `needs` phrases:
    /// a rule whose needs are all phrases cannot count without one, and the
    /// regex has no prefix of its own to wait for.
    gated: bool,
}

/// Where the automaton saw a `needs` phrase (any occurrence; the screener
/// checks word boundaries and distance).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PhraseHit {
    pub phrase: u32,
    pub start: usize,
    pub end: usize,
}

/// One accepted match, in normalized byte offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    pub rule: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    ac: Option<AhoCorasick>,
    ac_entries: Vec<Vec<Entry>>,
    /// For each automaton pattern, the regexes it is a literal prefix of.
    ac_triggers: Vec<Vec<u32>>,
    regexes: Vec<Regex>,
    /// Each regex anchored at the start and followed by `\b`, for when its
    /// first choice of an alternation ends inside a word (`pdip|pdiperjuangan`
    /// on `@pdiperjuangan`): the same pattern, made to find the longer choice.
    /// Compiled on first need, as few patterns ever need it.
    bounded: Vec<OnceCell<Regex>>,
    regex_entries: Vec<Entry>,
    /// Regexes with no literal prefix: they run on every text.
    untriggered: Vec<u32>,
    /// Regexes over the text as written (a rule's `original`).
    originals: Vec<Original>,
    /// For each automaton pattern, the `original` regexes it lets run (see
    /// [`Original::gated`]).
    ac_original_triggers: Vec<Vec<u32>>,
    /// For each automaton pattern, the `needs` phrase it is, if any: the
    /// automaton finds them in the one pass it makes anyway, where a search
    /// per phrase per match cost more than the matching.
    ac_phrase: Vec<Option<u32>>,
    /// The id of each `needs` phrase.
    phrase_ids: HashMap<String, u32>,
    /// Each rule's category, to tell a fragment of a name from another name.
    categories: Vec<Category>,
}

thread_local! {
    static SCRATCH: RefCell<(Vec<Cand>, Vec<u32>)> = RefCell::new(Default::default());
}

#[derive(Debug, Clone, Copy)]
struct Cand {
    start: usize,
    end: usize,
    entry: Entry,
}

/// The automaton's patterns while they are gathered, each string once.
#[derive(Default)]
struct Patterns {
    index: HashMap<Vec<u8>, usize>,
    strings: Vec<Vec<u8>>,
    entries: Vec<Vec<Entry>>,
    triggers: Vec<Vec<u32>>,
    original_triggers: Vec<Vec<u32>>,
    phrase: Vec<Option<u32>>,
}

impl Patterns {
    fn id(&mut self, s: Vec<u8>) -> usize {
        if let Some(&i) = self.index.get(&s) {
            return i;
        }
        self.index.insert(s.clone(), self.strings.len());
        self.strings.push(s);
        self.entries.push(Vec::new());
        self.triggers.push(Vec::new());
        self.original_triggers.push(Vec::new());
        self.phrase.push(None);
        self.strings.len() - 1
    }
}

impl Matcher {
    pub(crate) fn build(
        rules: &[&Rule],
        macros: &BTreeMap<String, Vec<Located>>,
        numbers: &BTreeMap<String, u32>,
    ) -> Result<Matcher, Vec<RuleError>> {
        let mut errors = Vec::new();
        let mut pats = Patterns::default();
        let mut add = |s: String, e: Entry| {
            let i = pats.id(s.into_bytes());
            pats.entries[i].push(e);
        };
        let mut prefixes: Vec<Option<Vec<Vec<u8>>>> = Vec::new();
        let mut regexes = Vec::new();
        let mut bounded = Vec::new();
        let mut regex_entries = Vec::new();
        let mut originals = Vec::new();
        // (phrase, original regex) pairs, added to the automaton at the end.
        let mut gate_list: Vec<(Vec<u8>, u32)> = Vec::new();
        let expanded_macros = expand_macros(macros, numbers);
        for (ri, rule) in rules.iter().enumerate() {
            let ri = ri as u32;
            for (terms, unless) in [(&rule.terms, false), (&rule.unless, true)] {
                for t in terms {
                    let n = normalize(&t.value);
                    let s = n.as_str().to_string();
                    if s.is_empty() {
                        continue;
                    }
                    if s.contains(' ') {
                        let squeezed: String = s.chars().filter(|&c| c != ' ').collect();
                        add(
                            squeezed,
                            Entry {
                                rule: ri,
                                unless,
                                tag_only: true,
                            },
                        );
                    }
                    add(
                        s,
                        Entry {
                            rule: ri,
                            unless,
                            tag_only: false,
                        },
                    );
                }
            }
            for (list, unless) in [(&rule.patterns, false), (&rule.unless_patterns, true)] {
                for p in list {
                    let src = match expand(&p.value, &expanded_macros) {
                        Ok(s) => s,
                        Err(name) => {
                            errors.push(pattern_error(
                                rule,
                                p,
                                format!("unknown macro `{{{name}}}`"),
                                "define it under [macros] or use one of the defined macros",
                            ));
                            continue;
                        }
                    };
                    match Regex::new(&src) {
                        Ok(re) => {
                            prefixes.push(literal_prefixes(&src));
                            bounded.push(OnceCell::new());
                            regexes.push(re);
                            regex_entries.push(Entry {
                                rule: ri,
                                unless,
                                tag_only: false,
                            });
                        }
                        Err(e) => errors.push(pattern_error(
                            rule,
                            p,
                            format!("invalid regex: {}", first_line(&e.to_string())),
                            "patterns use Rust regex syntax and run on lowercase normalized text",
                        )),
                    }
                }
            }
            // The phrases an `original` pattern waits for: all of the rule's
            // needs, when every one is a phrase (a category may be met by
            // anything).
            let gates: Vec<&str> = rule
                .needs
                .iter()
                .map(|n| match n {
                    Need::Phrase(p) => Some(p.as_str()),
                    Need::Category(_) => None,
                })
                .collect::<Option<Vec<_>>>()
                .unwrap_or_default();
            for p in &rule.original {
                match Regex::new(&p.value) {
                    Ok(re) => {
                        for g in &gates {
                            gate_list.push((g.as_bytes().to_vec(), originals.len() as u32));
                        }
                        originals.push(Original {
                            re,
                            entry: Entry {
                                rule: ri,
                                unless: false,
                                tag_only: false,
                            },
                            required: required_chars(&p.value),
                            gated: !gates.is_empty(),
                        })
                    }
                    Err(e) => errors.push(pattern_error(
                        rule,
                        p,
                        format!("invalid regex: {}", first_line(&e.to_string())),
                        "`original` patterns use Rust regex syntax and run on the text as written",
                    )),
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        for (phrase, k) in gate_list {
            let i = pats.id(phrase);
            pats.original_triggers[i].push(k);
        }
        let mut phrase_ids: HashMap<String, u32> = HashMap::new();
        for rule in rules {
            for need in rule.needs.iter().chain(&rule.needs_also) {
                if let Need::Phrase(p) = need {
                    let next = phrase_ids.len() as u32;
                    let id = *phrase_ids.entry(p.clone()).or_insert(next);
                    let i = pats.id(p.as_bytes().to_vec());
                    pats.phrase[i] = Some(id);
                }
            }
        }
        let mut untriggered = Vec::new();
        for (ri, p) in prefixes.into_iter().enumerate() {
            match p {
                Some(lits) => {
                    for lit in lits {
                        let i = pats.id(lit);
                        pats.triggers[i].push(ri as u32);
                    }
                }
                None => untriggered.push(ri as u32),
            }
        }
        let ac = if pats.strings.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::DFA))
                    .match_kind(MatchKind::Standard)
                    .build(&pats.strings)
                    .map_err(|e| vec![build_error(e.to_string())])?,
            )
        };
        Ok(Matcher {
            categories: rules.iter().map(|r| r.category).collect(),
            ac,
            ac_entries: pats.entries,
            ac_triggers: pats.triggers,
            ac_original_triggers: pats.original_triggers,
            ac_phrase: pats.phrase,
            phrase_ids,
            regexes,
            bounded,
            regex_entries,
            untriggered,
            originals,
        })
    }

    /// The rules (by index) and patterns that run on every text: regexes
    /// with no literal prefix to trigger them, and `original` patterns with
    /// no character to check first. `unless` patterns are left out: they
    /// run only for a rule that matched.
    pub(crate) fn everywhere(&self) -> Vec<(usize, String)> {
        let mut out: Vec<(usize, String)> = self
            .untriggered
            .iter()
            .map(|&i| (self.regex_entries[i as usize], &self.regexes[i as usize]))
            .filter(|(e, _)| !e.unless)
            .map(|(e, re)| (e.rule as usize, re.as_str().to_string()))
            .collect();
        out.extend(
            self.originals
                .iter()
                .filter(|o| o.required.is_none() && !o.gated)
                .map(|o| (o.entry.rule as usize, o.re.as_str().to_string())),
        );
        out
    }

    /// All accepted matches in `n`, the normalized form of `original`,
    /// longest first where they overlap.
    /// And in `phrases`, where the `needs` phrases are.
    pub(crate) fn find(
        &self,
        original: &str,
        n: &Normalized,
        out: &mut Vec<Hit>,
        phrases: &mut Vec<PhraseHit>,
    ) {
        out.clear();
        phrases.clear();
        if n.as_str().is_empty() {
            return;
        }
        // Candidates and regexes to run, in buffers kept per thread (two
        // allocations per field were a visible share of a scan).
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => {
                let (cands, run) = &mut *scratch;
                self.find_with(original, n, out, phrases, cands, run);
            }
            Err(_) => self.find_with(original, n, out, phrases, &mut Vec::new(), &mut Vec::new()),
        })
    }

    /// The id the automaton reports `phrase` (a normalized `needs` phrase) by.
    pub(crate) fn phrase_id(&self, phrase: &str) -> Option<u32> {
        self.phrase_ids.get(phrase).copied()
    }

    fn find_with(
        &self,
        original: &str,
        n: &Normalized,
        out: &mut Vec<Hit>,
        phrases: &mut Vec<PhraseHit>,
        cands: &mut Vec<Cand>,
        run: &mut Vec<u32>,
    ) {
        let text = n.as_str();
        cands.clear();
        run.clear();
        run.extend_from_slice(&self.untriggered);
        // Gated `original` regexes whose phrase the automaton saw, one bit
        // each (past the 128th, a gated regex simply always runs).
        let mut opened = 0u128;
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(text) {
                let p = m.pattern().as_usize();
                run.extend_from_slice(&self.ac_triggers[p]);
                for &k in &self.ac_original_triggers[p] {
                    opened |= 1u128.checked_shl(k).unwrap_or(0);
                }
                if let Some(phrase) = self.ac_phrase[p] {
                    phrases.push(PhraseHit {
                        phrase,
                        start: m.start(),
                        end: m.end(),
                    });
                }
                for &entry in &self.ac_entries[p] {
                    if accept(n, m.start(), m.end(), entry, true) {
                        cands.push(Cand {
                            start: m.start(),
                            end: m.end(),
                            entry,
                        });
                    }
                }
            }
        }
        if let Some(ac) = &self.ac {
            self.find_in_squeezed_tags(ac, n, cands);
            if original.contains('-') {
                self.find_across_hyphens(ac, original, n, cands);
            }
        }
        run.sort_unstable();
        run.dedup();
        for &i in run.iter() {
            if !self.regex_entries[i as usize].unless {
                self.run_regex(i as usize, n, cands);
            }
        }
        for (k, o) in self.originals.iter().enumerate() {
            // These have no literal prefix to trigger them: skip a text that
            // lacks a character they need (the `-` of a pair) without a
            // search, or the phrase their rule needs.
            if o.required
                .as_ref()
                .is_some_and(|r| !contains_any(original, r))
            {
                continue;
            }
            if o.gated && k < 128 && opened & (1u128 << k) == 0 {
                continue;
            }
            for m in o.re.find_iter(original) {
                if let Some((start, end)) = n.normalized_span(m.start(), m.end()) {
                    cands.push(Cand {
                        start,
                        end,
                        entry: o.entry,
                    });
                }
            }
        }
        // An `unless` pattern only cancels: it runs only for a rule that
        // matched (many start with common words, and ran on most texts).
        for &i in run.iter() {
            let entry = self.regex_entries[i as usize];
            if entry.unless
                && cands
                    .iter()
                    .any(|c| c.entry.rule == entry.rule && !c.entry.unless)
            {
                self.run_regex(i as usize, n, cands);
            }
        }
        // Per rule: its `unless` spans cancel its matches they overlap, and
        // of its overlapping matches the leftmost-longest wins. Different
        // rules never hide each other: a hashtag keeps the candidate in it.
        cands.sort_by(|a, b| {
            (a.entry.rule, a.start, std::cmp::Reverse(a.end)).cmp(&(
                b.entry.rule,
                b.start,
                std::cmp::Reverse(b.end),
            ))
        });
        let mut unless: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < cands.len() {
            let rule = cands[i].entry.rule;
            let mut j = i;
            while j < cands.len() && cands[j].entry.rule == rule {
                j += 1;
            }
            let group = &cands[i..j];
            // The rule's `unless` spans in order of start (as the group is),
            // each with the furthest end among it and those before: a match
            // is cancelled when a span starting before its end reaches past
            // its start. Found by halves, not by a look at the whole group
            // for every match (a text repeating a name thousands of times
            // took seconds).
            unless.clear();
            let mut reach = 0;
            for u in group.iter().filter(|u| u.entry.unless) {
                reach = reach.max(u.end);
                unless.push((u.start, reach));
            }
            let mut last_end = 0;
            for c in group.iter().filter(|c| !c.entry.unless) {
                let before = unless.partition_point(|&(s, _)| s < c.end);
                let cancelled = before > 0 && unless[before - 1].1 > c.start;
                if cancelled || (c.start < last_end) {
                    continue;
                }
                last_end = c.end;
                out.push(Hit {
                    start: c.start,
                    end: c.end,
                    rule: rule as usize,
                });
            }
            i = j;
        }
        out.sort_by_key(|h| (h.start, h.end, h.rule));
        self.drop_fragments(n.as_str(), out);
    }
}

impl Matcher {
    /// The matches of regex `i` in `n`, as candidates.
    fn run_regex(&self, i: usize, n: &Normalized, cands: &mut Vec<Cand>) {
        let text = n.as_str();
        let (re, entry) = (&self.regexes[i], self.regex_entries[i]);
        for m in re.find_iter(text) {
            let mut end = clip_to_tag(n, m.start(), m.end());
            if !ends_word(text, end) {
                // Ended inside a word: a longer choice may fit.
                // Anchored at the match's start and run on the text from
                // there, the search looks at that one start only: left
                // free, it went on to the next match anywhere after, and a
                // long text of such matches took time by the square.
                let bounded = self.bounded[i].get_or_init(|| {
                    // Wrapping a valid pattern keeps it valid; the
                    // fallback only matters if it were not.
                    Regex::new(&format!("^(?:{})\\b", re.as_str())).unwrap_or_else(|_| re.clone())
                });
                let from = m.start();
                end = match text.get(from..).and_then(|rest| bounded.find(rest)) {
                    Some(b) if b.start() == 0 => clip_to_tag(n, from, from + b.end()),
                    _ => continue,
                };
            }
            if m.start() < end && accept(n, m.start(), end, entry, false) {
                cands.push(Cand {
                    start: m.start(),
                    end,
                    entry,
                });
            }
        }
    }
}

fn accept(n: &Normalized, s: usize, e: usize, entry: Entry, literal: bool) -> bool {
    let text = n.as_str();
    let bounded = starts_word(text, s) && ends_word(text, e);
    let m = &text[s..e];
    // A term written as a hashtag or handle names that whole tag (`#amin` is
    // not `#aminudin`).
    let whole_tag = m.starts_with('#') || m.starts_with('@');
    if entry.tag_only {
        return n.in_tag(s, e) && e - s >= 4 && (!whole_tag || ends_word(text, e));
    }
    bounded || (literal && !whole_tag && n.in_tag(s, e) && e - s >= 4 && !m.contains(' '))
}

/// A pattern that starts a hashtag or mention ends where the tag ends, so
/// `#AniesMuhaimin2024 menang` gives the tag, not the tag plus the next word.
fn clip_to_tag(n: &Normalized, s: usize, e: usize) -> usize {
    let text = n.as_str();
    if !(text[s..].starts_with('#') || text[s..].starts_with('@')) || n.in_tag(s, e) {
        return e;
    }
    let mut end = s;
    for (i, c) in text[s..e].char_indices() {
        if !n.in_tag(s + i, s + i + c.len_utf8()) {
            break;
        }
        end = s + i + c.len_utf8();
    }
    text[..end].trim_end_matches(' ').len()
}

fn starts_word(text: &str, s: usize) -> bool {
    let first = text[s..].chars().next();
    let prev = text[..s].chars().next_back();
    !(first.is_some_and(is_word) && prev.is_some_and(is_word))
}

fn ends_word(text: &str, e: usize) -> bool {
    let last = text[..e].chars().next_back();
    let next = text[e..].chars().next();
    !(last.is_some_and(is_word) && next.is_some_and(is_word))
}

/// The literals every match of `pattern` starts with, or None when there is
/// no such finite set (the pattern can start with anything, or with nothing).
fn literal_prefixes(pattern: &str) -> Option<Vec<Vec<u8>>> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let lits = seq.literals()?;
    if lits.is_empty() || lits.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    Some(lits.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// Characters every match of `pattern` contains one of, as ranges, if
/// plain to see: a literal at the top level of the pattern, outside any
/// alternation or optional part (the `-` of a pair), or else such a class
/// of at most 256 characters, none of them ASCII (`[❶-❿]`): a text without
/// any of them skips the pattern, and most texts are ASCII.
fn required_chars(pattern: &str) -> Option<Vec<(char, char)>> {
    fn walk(h: &Hir, class: bool) -> Option<Vec<(char, char)>> {
        match h.kind() {
            HirKind::Literal(lit) if !class => {
                let c = std::str::from_utf8(&lit.0).ok()?.chars().next()?;
                Some(vec![(c, c)])
            }
            HirKind::Class(Class::Unicode(cls)) if class => {
                let ranges: Vec<(char, char)> =
                    cls.ranges().iter().map(|r| (r.start(), r.end())).collect();
                let count: u32 = ranges.iter().map(|&(a, b)| b as u32 - a as u32 + 1).sum();
                (count <= 256 && ranges.iter().all(|&(a, _)| !a.is_ascii())).then_some(ranges)
            }
            HirKind::Concat(parts) => parts.iter().find_map(|p| walk(p, class)),
            HirKind::Capture(c) => walk(&c.sub, class),
            HirKind::Repetition(r) if r.min >= 1 => walk(&r.sub, class),
            _ => None,
        }
    }
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    walk(&hir, false).or_else(|| walk(&hir, true))
}

/// True when `text` holds a character of one of `ranges` (see
/// [`required_chars`]).
fn contains_any(text: &str, ranges: &[(char, char)]) -> bool {
    match ranges {
        [(a, b)] if a == b => text.contains(*a),
        _ if text.is_ascii() && ranges.iter().all(|&(a, _)| !a.is_ascii()) => false,
        _ => text
            .chars()
            .any(|c| ranges.iter().any(|&(a, b)| a <= c && c <= b)),
    }
}

/// Macro name → regex alternation of its normalized alternatives. `{num}`
/// is built from the number words plus one- or two-digit numbers, and
/// `{roman}` from the Roman numerals (see [`crate::roman`]).
fn expand_macros(
    macros: &BTreeMap<String, Vec<Located>>,
    numbers: &BTreeMap<String, u32>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (name, alts) in macros {
        let words: Vec<String> = alts
            .iter()
            .map(|a| normalize(&a.value).as_str().to_string())
            .collect();
        out.insert(name.clone(), alternation(words));
    }
    let mut words: Vec<String> = numbers.keys().cloned().collect();
    words.push(r"\d{1,2}".into());
    out.entry("num".into())
        .or_insert_with(|| alternation_raw(words));
    out.entry("roman".into())
        .or_insert_with(crate::roman::alternation);
    out
}

fn alternation(mut words: Vec<String>) -> String {
    words.retain(|w| !w.is_empty());
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.dedup();
    let esc: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    format!("(?:{})", esc.join("|"))
}

fn alternation_raw(mut words: Vec<String>) -> String {
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let esc: Vec<String> = words
        .iter()
        .map(|w| {
            if w.starts_with('\\') {
                w.clone()
            } else {
                regex::escape(w)
            }
        })
        .collect();
    format!("(?:{})", esc.join("|"))
}

/// Replaces `{name}` with the macro's alternation. `Err(name)` if unknown.
/// Regex repetition braces (`{2}`, `{1,3}`) are left alone.
fn expand(pattern: &str, macros: &BTreeMap<String, String>) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return Ok(out);
        };
        let name = &after[..close];
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic() || c == '_') {
            match macros.get(name) {
                Some(alt) => out.push_str(alt),
                None => return Err(name.to_string()),
            }
        } else {
            out.push('{');
            out.push_str(name);
            out.push('}');
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn first_line(s: &str) -> String {
    s.lines()
        .rfind(|l| !l.trim().is_empty())
        .unwrap_or(s)
        .trim()
        .to_string()
}

fn pattern_error(rule: &Rule, p: &Located, msg: String, hint: &str) -> RuleError {
    RuleError {
        code: ErrorCode::InvalidPattern,
        file: p.at.file.clone(),
        line: p.at.line,
        column: p.at.column,
        rule_id: Some(rule.id.clone()),
        message: msg,
        hint: Some(hint.to_string()),
    }
}

fn build_error(msg: String) -> RuleError {
    RuleError {
        code: ErrorCode::InvalidPattern,
        file: String::new(),
        line: 0,
        column: 0,
        rule_id: None,
        message: format!("the rule set is too large to compile: {msg}"),
        hint: Some("split very large term lists or use fewer regex patterns".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macros_expand_and_braces_stay() {
        let mut m = BTreeMap::new();
        m.insert("nomor".to_string(), "(?:nomor|no)".to_string());
        assert_eq!(
            expand("{nomor} \\d{1,2}", &m).unwrap(),
            "(?:nomor|no) \\d{1,2}"
        );
        assert_eq!(expand("{nope}", &m), Err("nope".to_string()));
    }

    #[test]
    fn literal_prefixes_of_patterns() {
        let p = literal_prefixes("(?:no|nomor) (?:1|2)").unwrap();
        assert!(p.iter().all(|l| l.starts_with(b"no")), "{p:?}");
        assert_eq!(
            literal_prefixes("#slepetnomics"),
            Some(vec![b"#slepetnomics".to_vec()])
        );
        assert_eq!(literal_prefixes("[a-z]+ menang"), None);
        assert_eq!(
            literal_prefixes("(?:x)?y"),
            Some(vec![b"xy".to_vec(), b"y".to_vec()])
        );
    }

    #[test]
    fn required_characters_are_found_only_where_every_match_has_them() {
        assert_eq!(
            required_chars(r"(?-u:\b)[A-Z][a-z]{2,}-[A-Z][a-z]{2,}(?-u:\b)"),
            Some(vec![('-', '-')])
        );
        assert_eq!(
            required_chars(r"(?:[0-9]\x{FE0F}?\x{20E3})+"),
            Some(vec![('\u{20E3}', '\u{20E3}')])
        );
        assert_eq!(
            required_chars("(?:[❶-❿⓵-⓾])+ ?"),
            Some(vec![('⓵', '⓾'), ('❶', '❿')])
        );
        assert_eq!(required_chars("a-|b"), None);
        assert_eq!(required_chars("(?:-)?[a-z]+"), None);
        assert_eq!(required_chars("(?i)x"), None);
        assert_eq!(required_chars("(open"), None);
        // A class of ASCII characters is in nearly every text: no help.
        assert_eq!(required_chars("[0-9]+"), None);
        assert_eq!(required_chars("[\u{2460}-\u{27FF}]"), None);
    }

    #[test]
    fn a_text_needs_one_of_the_required_characters() {
        let circled = [('⓵', '⓾'), ('❶', '❿')];
        assert!(contains_any("pilih ❷ ya", &circled));
        assert!(!contains_any("pilih 2 ya", &circled));
        assert!(!contains_any("pilih ② 🔥", &circled));
        assert!(contains_any("a-b", &[('-', '-')]));
        assert!(!contains_any("ab", &[('-', '-')]));
    }

    #[test]
    fn default_patterns_all_have_prefixes() {
        // A pattern with none runs on every text: fine for a team's rule,
        // but the default set should not pay for it.
        let s = crate::Screener::default_rules();
        assert!(s.matcher().untriggered.is_empty());
    }

    /// A screener of one rule with `patterns`, from a minimal rule file.
    fn screener_of(id: &str, category: &str, patterns: &str) -> crate::Screener {
        let toml = format!(
            "[[references]]\nid = \"R\"\ntitle = \"t\"\n\n[[rule]]\nid = \"{id}\"\n\
             category = \"{category}\"\ndescription = \"d\"\nreference = \"R\"\n\
             patterns = {patterns}\n"
        );
        let r = crate::Ruleset::from_toml("t.toml", &toml).unwrap();
        crate::Screener::new(&r).unwrap()
    }

    #[test]
    fn a_pattern_without_prefixes_still_runs() {
        let s = screener_of("x.any", "slogan", r#"["[a-z]+ menang"]"#);
        assert_eq!(s.matcher().untriggered.len(), 1);
        assert!(s
            .matches("ayo garuda menang")
            .iter()
            .any(|m| m.0 == "x.any"));
    }

    #[test]
    fn an_alternative_cut_inside_a_word_gives_way_to_a_longer_one() {
        let s = screener_of(
            "x.party",
            "party",
            r#"["pd(?:ip|iperjuangan)", "ayo (?:ke|kemarin)"]"#,
        );
        let found = |t: &str| -> Vec<(usize, usize)> {
            s.matches(t).into_iter().map(|m| (m.1, m.2)).collect()
        };
        assert_eq!(found("salam pdiperjuangan"), vec![(6, 19)]);
        assert_eq!(found("salam pdip"), vec![(6, 10)]);
        assert_eq!(found("ayo kemarin"), vec![(0, 11)]);
        // Nothing of the pattern fits the word: no match.
        assert_eq!(found("pdipx"), vec![]);
    }

    #[test]
    fn boundaries() {
        assert!(starts_word("a pan", 2));
        assert!(!starts_word("sampan", 3));
        assert!(ends_word("pan ✌", 3));
        assert!(starts_word("x✌", 1));
    }
}

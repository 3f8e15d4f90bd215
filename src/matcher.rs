//! Finding rule terms and patterns in normalized text.
//!
//! All terms of all rules go into ONE Aho-Corasick automaton (DFA kind,
//! asked for explicitly: the default picks a ~3x slower NFA above 100
//! patterns) and all regex patterns into one `RegexSet`. Word boundaries are
//! checked here on the normalized text rather than with Unicode `\b`, which is
//! slow over large alternations. Where matches overlap, the longest wins, so an
//! `unless` phrase (`kabinet indonesia maju`) silences the shorter match
//! inside it (`indonesia maju`).

use crate::normalize::{is_word, normalize, Normalized};
use crate::rules::{ErrorCode, Located, Rule, RuleError};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexSet};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy)]
struct Entry {
    rule: u32,
    unless: bool,
    /// Only counts inside a hashtag or mention (run-together form of a phrase).
    tag_only: bool,
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
    set: Option<RegexSet>,
    regexes: Vec<Regex>,
    regex_entries: Vec<Entry>,
}

#[derive(Debug, Clone, Copy)]
struct Cand {
    start: usize,
    end: usize,
    entry: Entry,
}

impl Matcher {
    pub(crate) fn build(
        rules: &[&Rule],
        macros: &BTreeMap<String, Vec<Located>>,
        numbers: &BTreeMap<String, u32>,
    ) -> Result<Matcher, Vec<RuleError>> {
        let mut errors = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut strings: Vec<String> = Vec::new();
        let mut ac_entries: Vec<Vec<Entry>> = Vec::new();
        let mut add = |s: String, e: Entry| {
            let i = *index.entry(s.clone()).or_insert_with(|| {
                strings.push(s);
                ac_entries.push(Vec::new());
                strings.len() - 1
            });
            ac_entries[i].push(e);
        };
        let mut pats: Vec<String> = Vec::new();
        let mut regexes = Vec::new();
        let mut regex_entries = Vec::new();
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
                            pats.push(src);
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
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let ac = if strings.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::DFA))
                    .match_kind(MatchKind::Standard)
                    .build(&strings)
                    .map_err(|e| vec![build_error(e.to_string())])?,
            )
        };
        let set = if pats.is_empty() {
            None
        } else {
            Some(RegexSet::new(&pats).map_err(|e| vec![build_error(e.to_string())])?)
        };
        Ok(Matcher {
            ac,
            ac_entries,
            set,
            regexes,
            regex_entries,
        })
    }

    /// All accepted matches in `n`, longest first where they overlap.
    pub(crate) fn find(&self, n: &Normalized, out: &mut Vec<Hit>) {
        out.clear();
        let text = n.as_str();
        if text.is_empty() {
            return;
        }
        let mut cands: Vec<Cand> = Vec::new();
        if let Some(ac) = &self.ac {
            for m in ac.find_overlapping_iter(text) {
                for &entry in &self.ac_entries[m.pattern().as_usize()] {
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
            self.find_in_squeezed_tags(ac, n, &mut cands);
        }
        if let Some(set) = &self.set {
            for i in set.matches(text).iter() {
                let entry = self.regex_entries[i];
                for m in self.regexes[i].find_iter(text) {
                    let end = clip_to_tag(n, m.start(), m.end());
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
        let mut i = 0;
        while i < cands.len() {
            let rule = cands[i].entry.rule;
            let mut j = i;
            while j < cands.len() && cands[j].entry.rule == rule {
                j += 1;
            }
            let group = &cands[i..j];
            let mut last_end = 0;
            for c in group.iter().filter(|c| !c.entry.unless) {
                let cancelled = group
                    .iter()
                    .any(|u| u.entry.unless && u.start < c.end && c.start < u.end);
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
    }
}

impl Matcher {
    /// Camel case cannot always say where words in a tag end (`#AMINajaDulu`
    /// splits as `ami naja dulu`), so tags are also searched with their
    /// spaces removed; matches map back to the same normalized offsets.
    fn find_in_squeezed_tags(&self, ac: &AhoCorasick, n: &Normalized, cands: &mut Vec<Cand>) {
        let text = n.as_str();
        for &(s, e) in n.tag_regions() {
            let region = &text[s..e];
            if !region.contains(' ') {
                continue;
            }
            let mut squeezed = String::with_capacity(region.len());
            // For each byte of `squeezed`, the normalized range of its char.
            let mut span: Vec<(usize, usize)> = Vec::with_capacity(region.len());
            for (i, c) in region.char_indices() {
                if c == ' ' {
                    continue;
                }
                squeezed.push(c);
                for _ in 0..c.len_utf8() {
                    span.push((s + i, s + i + c.len_utf8()));
                }
            }
            for m in ac.find_overlapping_iter(&squeezed) {
                if m.end() - m.start() < 4 {
                    continue;
                }
                let term = &squeezed[m.start()..m.end()];
                // Written as a hashtag, a term must be the whole tag here:
                // without spaces `#amin` would also be in `#aminudincup`.
                if term.starts_with('#') && (m.start() != 0 || m.end() != squeezed.len()) {
                    continue;
                }
                let (ns, ne) = (span[m.start()].0, span[m.end() - 1].1);
                for &entry in &self.ac_entries[m.pattern().as_usize()] {
                    cands.push(Cand {
                        start: ns,
                        end: ne,
                        entry,
                    });
                }
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

/// Macro name → regex alternation of its normalized alternatives. `{num}`
/// is built from the number words plus one- or two-digit numbers.
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
    fn boundaries() {
        assert!(starts_word("a pan", 2));
        assert!(!starts_word("sampan", 3));
        assert!(ends_word("pan ✌", 3));
        assert!(starts_word("x✌", 1));
    }
}

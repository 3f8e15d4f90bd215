//! From findings to a verdict: the evidence model.
//!
//! A name is not a violation. Findings become evidence only in combinations
//! the 2022 joint decree cares about, each scored by adding the (context-
//! adjusted) scores of its parts, capped at 1.0:
//!
//! | evidence | parts |
//! |---|---|
//! | slogan or campaign hashtag | the slogan alone |
//! | campaign account acted on | the account alone |
//! | stance | a call, attack or praise + a party, candidate, pair or number within the stance's reach (same field), or anywhere in another field of the same side (for a comment or a share's caption, also in the post it acts on) |
//! | number pose | a gesture + any political reference on the same side (+0.2 when the numbers agree) |
//! | ballot line | a party/candidate/pair + its own ballot number within 4 words (+0.1) |
//! | mention | one party, candidate, pair, number, election word or emblem alone |
//!
//! A side's score is its best evidence plus 0.05 for each further evidence at
//! `medium` or above (at most two), so more evidence never lowers a score (monotone in
//! evidence). One thing lowers it: a balanced listing. When a side names
//! three or more different contestants (ballot numbers, or parties and
//! candidates of different camps), it reads like a TPS board, a KPU draw or a
//! debate recap, and every evidence but slogans and accounts loses
//! [`LISTING_PENALTY`].
//!
//! Sides are combined by the activity's kind, as the decree treats likes,
//! shares, follows and comments as acts of support:
//! - `like`, `follow`: the best of the actor's side and the target's side;
//! - `share`: the same, but neutral context in the caption (e.g. "hoaks",
//!   "bukan dukung2an") lowers the target's side;
//! - `comment`, `post`: the actor's own side; the target's side counts too when
//!   the comment approves (a call, praise or slogan; or an approval word with
//!   no neutral context beside it). When it only approves, the target's side
//!   is what the post says: its author alone is not campaign content.

use crate::activity::{Kind, Scope};
use crate::report::{ContextNote, Level};
use crate::rules::{Category, Scoring};

/// A finding while it is being scored.
#[derive(Debug, Clone)]
pub(crate) struct Cand {
    pub field: usize,
    pub rule: usize,
    pub start: usize,
    pub end: usize,
    pub tok: usize,
    pub tok_end: usize,
    pub value: Option<u32>,
    pub ok: bool,
    /// A phrase of the rule's `needs` / `needs_also` is near.
    pub phrase_ok: bool,
    pub phrase_ok_also: bool,
    /// The field whose words alone met its needs: the caption for a match
    /// in a photo, or a photo for one in the caption. Context moves such a
    /// match as it moves a mention.
    pub lent_by: Option<usize>,
    pub score: f32,
    pub notes: Vec<ContextNote>,
}

/// What the scorer needs to know of a rule.
#[derive(Debug, Clone)]
pub(crate) struct RuleFacts {
    pub id: String,
    pub category: Category,
    pub number: Option<u32>,
    pub reach: usize,
}

/// What the scorer needs to know of a field.
#[derive(Debug, Clone)]
pub(crate) struct FieldFacts {
    pub scope: Scope,
    /// A hashtag field (`target.tags[i]`): context there colours its neighbours.
    pub tag: bool,
    /// `target.author`: context there colours the whole target.
    pub author: bool,
    /// The actor's caption (`text`): context there colours their photos.
    pub caption: bool,
    /// A photo's words (`media[i]...`).
    pub media: bool,
}

/// The verdict.
#[derive(Debug, Clone)]
pub(crate) struct Verdict {
    pub score: f32,
    pub level: Level,
    pub reasons: Vec<String>,
}

/// One piece of evidence; its words are only written if it is among the
/// reasons shown (formatting every one cost more than scoring).
struct Evidence<'c> {
    score: f32,
    kind: EvidenceKind,
    a: &'c Cand,
    b: Option<&'c Cand>,
    /// Slogans and accounts are partisan whatever else is listed.
    standalone: bool,
    listed: bool,
}

#[derive(Clone, Copy)]
enum EvidenceKind {
    Alone,
    Mention,
    Stance,
    Pose,
    BallotLine,
}

impl Evidence<'_> {
    fn describe(&self, prefix: &str, rules: &[RuleFacts], texts: &[&str]) -> String {
        // Written piece by piece: `format!` per reason was a tenth of a scan.
        let mut out = String::with_capacity(128);
        out.push_str(prefix);
        let name = |out: &mut String, c: &Cand| {
            let text = texts
                .get(c.field)
                .and_then(|t| t.get(c.start..c.end))
                .unwrap_or("");
            let rule = &rules[c.rule];
            out.push_str(rule.category.as_str());
            out.push_str(" `");
            out.push_str(text);
            out.push_str("` (");
            out.push_str(&rule.id);
            out.push(')');
        };
        out.push_str(match self.kind {
            EvidenceKind::Pose => "number pose: ",
            EvidenceKind::BallotLine => "ballot line: ",
            _ => "",
        });
        name(&mut out, self.a);
        match self.kind {
            EvidenceKind::Alone => {}
            EvidenceKind::Mention => out.push_str(" mentioned"),
            _ => {
                out.push_str(" + ");
                if let Some(b) = self.b {
                    name(&mut out, b);
                }
            }
        }
        out.push_str(": ");
        push_hundredths(&mut out, self.score);
        if self.listed {
            out.push_str(&format!(" (after {LISTING_PENALTY} off for the listing)"));
        }
        out
    }
}

/// Appends `x` with two decimals, exactly as `format!("{x:.2}")` would (ties
/// to even), without the general float formatter.
fn push_hundredths(out: &mut String, x: f32) {
    if !x.is_finite() {
        out.push_str(&format!("{x:.2}"));
        return;
    }
    // Exact: an f32 times 100 fits an f64's mantissa.
    let y = f64::from(x) * 100.0;
    let mut r = y.round();
    if (y - y.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
        r -= y.signum();
    }
    if x.is_sign_negative() {
        out.push('-');
    }
    let r = r.abs() as u64;
    let whole = r / 100;
    if whole < 10 {
        out.push(char::from(b'0' + whole as u8));
    } else {
        out.push_str(&whole.to_string());
    }
    let cents = (r % 100) as u8;
    out.push('.');
    out.push(char::from(b'0' + cents / 10));
    out.push(char::from(b'0' + cents % 10));
}

/// Sort key of notes about the whole verdict, so they come first in reasons.
const NOTE: f32 = 2.0;

/// The least a target borrowed from the post a comment or share acts on is
/// worth to a stance in the actor's own words (a mention's score).
const BORROWED_TARGET: f32 = 0.2;

/// What a balanced listing of contestants takes off each evidence.
pub(crate) const LISTING_PENALTY: f32 = 0.45;

/// Combines findings into a score, a level and reasons.
pub(crate) fn verdict(
    kind: Kind,
    cands: &[Cand],
    fields: &[FieldFacts],
    rules: &[RuleFacts],
    texts: &[&str],
    scoring: &Scoring,
    always_explain: bool,
) -> Verdict {
    let live: Vec<&Cand> = cands.iter().filter(|c| c.ok).collect();
    let mut reasons: Vec<(f32, String)> = Vec::new();
    let own_has = |pred: &dyn Fn(Category) -> bool| {
        live.iter()
            .any(|c| fields[c.field].scope == Scope::Own && pred(rules[c.rule].category))
    };
    // A comment that only approves ("aamiin", "mantap") answers what a post
    // says: its author alone does not make a "get well soon" under a
    // candidate's post campaign content. (A like or follow of a campaign
    // account, or a comment that takes a side itself, still counts it.)
    let takes_side = own_has(&|c| c.is_stance() || c == Category::Slogan);
    let content_only = kind == Kind::Comment && !takes_side;
    let mut side = |scope: Scope| -> Vec<Evidence<'_>> {
        let mine: Vec<&Cand> = live
            .iter()
            .copied()
            .filter(|c| fields[c.field].scope == scope)
            .filter(|c| {
                let f = &fields[c.field];
                !(content_only && f.author && !rules[c.rule].category.is_context())
            })
            .collect();
        // A comment's or a share caption's stance may be about what the post
        // names ("paling cocok jadi gubernur 👍" under a post on paslon 1).
        let borrowed: Vec<&Cand> =
            if matches!(kind, Kind::Comment | Kind::Share) && scope == Scope::Own {
                live.iter()
                    .copied()
                    .filter(|c| fields[c.field].scope == Scope::Target)
                    .filter(|c| rules[c.rule].category.is_target())
                    .collect()
            } else {
                Vec::new()
            };
        let mut ev = evidence(&mine, &borrowed, rules);
        let n = contestants(&mine, rules);
        if n >= 3 {
            for e in ev.iter_mut().filter(|e| !e.standalone) {
                e.score = (e.score - LISTING_PENALTY).max(0.0);
                e.listed = true;
            }
            let whose = if scope == Scope::Own { "" } else { "target: " };
            reasons.push((NOTE, format!("{whose}balanced listing of {n} contestants lowers evidence by {LISTING_PENALTY}")));
        }
        ev
    };
    let own = side(Scope::Own);
    let target = side(Scope::Target);
    let own_score = side_score(&own, scoring);
    let mut target_score = side_score(&target, scoring);

    let combined = match kind {
        Kind::Like | Kind::Follow => own_score.max(target_score),
        Kind::Share => {
            let caption_penalty: f32 = live
                .iter()
                .filter(|c| {
                    fields[c.field].scope == Scope::Own
                        && rules[c.rule].category == Category::ContextNeutral
                })
                .map(|c| c.score.abs().max(0.25))
                .sum::<f32>()
                .min(0.5);
            if caption_penalty > 0.0 && target_score > 0.0 {
                reasons.push((
                    0.0,
                    format!("caption context lowers the shared content by {caption_penalty:.2}"),
                ));
                target_score = (target_score - caption_penalty).max(0.0);
            }
            own_score.max(target_score)
        }
        Kind::Comment | Kind::Post => {
            // "Gak setuju, ASN harus netral" answers a campaign post without
            // approving it: neutral context outweighs a bare approval word.
            let approves = takes_side
                || (own_has(&|c| c == Category::Approval)
                    && !own_has(&|c| c == Category::ContextNeutral));
            if approves && target_score >= scoring.medium {
                reasons.push((NOTE, "the comment approves partisan content".to_string()));
                own_score.max(target_score)
            } else {
                own_score
            }
        }
    };
    let mut shown: Vec<(f32, &Evidence, &str)> = own.iter().map(|e| (e.score, e, "")).collect();
    let target_counts =
        matches!(kind, Kind::Like | Kind::Follow | Kind::Share) || combined <= target_score;
    if target_counts {
        shown.extend(target.iter().map(|e| (e.score, e, "target: ")));
    }
    let score = combined.clamp(0.0, 1.0);
    let level = if score >= scoring.high {
        Level::High
    } else if score >= scoring.medium {
        Level::Medium
    } else if score >= scoring.low && score > 0.0 {
        Level::Low
    } else {
        Level::None
    };
    // Words cost more than scoring: write them for flagged reports (and
    // for explain), where a person reads them.
    if !(always_explain || level.is_flagged()) {
        reasons.clear();
        shown.clear();
    }
    shown.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (score, e, prefix) in shown.into_iter().filter(|x| x.0 > 0.0).take(6) {
        reasons.push((score, e.describe(prefix, rules, texts)));
    }
    reasons.sort_by(|a, b| b.0.total_cmp(&a.0));
    Verdict {
        score: crate::report::round3(score),
        level,
        reasons: reasons
            .into_iter()
            .filter(|(s, _)| *s > 0.0)
            .take(6)
            .map(|(_, r)| r)
            .collect(),
    }
}

/// The best evidence, plus 0.05 for each of up to two more at medium or above.
fn side_score(ev: &[Evidence], scoring: &Scoring) -> f32 {
    let Some(best) = ev.iter().map(|e| e.score).max_by(f32::total_cmp) else {
        return 0.0;
    };
    // The best is among those at medium or above whenever any is.
    let strong = ev.iter().filter(|e| e.score >= scoring.medium).count();
    let extra = strong.saturating_sub(1).min(2) as f32;
    (best + 0.05 * extra).min(1.0)
}

/// `borrowed` holds targets from elsewhere a stance may be about (they make
/// no evidence of their own).
fn evidence<'c>(
    cands: &[&'c Cand],
    borrowed: &[&'c Cand],
    rules: &[RuleFacts],
) -> Vec<Evidence<'c>> {
    let cat = |c: &Cand| rules[c.rule].category;
    let ev = |score: f32, kind, a: &'c Cand, b: Option<&'c Cand>| Evidence {
        score,
        kind,
        a,
        b,
        standalone: matches!(kind, EvidenceKind::Alone),
        listed: false,
    };
    let mut out = Vec::new();
    for c in cands {
        match cat(c) {
            Category::Slogan | Category::Account => {
                out.push(ev(c.score, EvidenceKind::Alone, c, None))
            }
            Category::Party
            | Category::Candidate
            | Category::Pair
            | Category::Number
            | Category::Election
            | Category::Symbol
            | Category::Gesture => {
                // A gesture alone (a wedding photo) is half a mention.
                let score = if cat(c) == Category::Gesture {
                    c.score * 0.5
                } else {
                    c.score
                };
                out.push(ev(score, EvidenceKind::Mention, c, None))
            }
            _ => {}
        }
    }
    // Stances and what they are about.
    for s in cands.iter().filter(|c| cat(c).is_stance()) {
        let reach = rules[s.rule].reach;
        // A borrowed target only says whom the stance is about: the post's
        // own framing (a news account's "kabar") does not make it nobody.
        let worth = |t: &Cand, lent: bool| {
            if lent {
                t.score.max(BORROWED_TARGET)
            } else {
                t.score
            }
        };
        let best = cands
            .iter()
            .map(|&t| (t, false))
            .chain(borrowed.iter().map(|&t| (t, true)))
            // A plain number that context lowered to nothing (a chant quoted
            // in a Bawaslu report, a quiz answer) is not a ballot number.
            .filter(|(t, _)| cat(t).is_target() && (cat(t) != Category::Number || t.score > 0.0))
            .filter(|(t, _)| t.field != s.field || token_gap(s, t) <= reach)
            // Of equal scores the nearest, so a reason names what the
            // stance is about ("Prabowo ... gak layak", not a name after it).
            .max_by(|&(a, la), &(b, lb)| {
                let gap = |t: &Cand| {
                    if t.field == s.field {
                        token_gap(s, t)
                    } else {
                        usize::MAX
                    }
                };
                worth(a, la)
                    .total_cmp(&worth(b, lb))
                    .then_with(|| gap(b).cmp(&gap(a)))
            });
        if let Some((t, lent)) = best {
            let score = (s.score + worth(t, lent)).min(1.0);
            out.push(ev(score, EvidenceKind::Stance, s, Some(t)));
        }
    }
    // Number poses.
    for g in cands.iter().filter(|c| cat(c) == Category::Gesture) {
        let gn = g.value.or(rules[g.rule].number);
        let best = cands
            .iter()
            .filter(|r| {
                cat(r).is_target() || matches!(cat(r), Category::Election | Category::Symbol)
            })
            .map(|r| {
                let rn = r.value.or(rules[r.rule].number);
                let agree = gn.is_some() && gn == rn;
                (r, g.score + r.score + if agree { 0.2 } else { 0.0 })
            })
            .max_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((r, score)) = best {
            let score = score.min(1.0);
            out.push(ev(score, EvidenceKind::Pose, g, Some(r)));
        }
    }
    // A party or candidate next to its own ballot number.
    for e in cands.iter().filter(|c| {
        matches!(
            cat(c),
            Category::Party | Category::Candidate | Category::Pair
        )
    }) {
        let Some(n) = rules[e.rule].number else {
            continue;
        };
        let num = cands.iter().find(|x| {
            cat(x) == Category::Number
                && x.field == e.field
                && token_gap(e, x) <= 4
                && x.value.or(rules[x.rule].number) == Some(n)
        });
        if let Some(x) = num {
            let score = (e.score + x.score + 0.1).min(1.0);
            out.push(ev(score, EvidenceKind::BallotLine, e, Some(x)));
        }
    }
    out
}

/// How many different contestants a side names: ballot numbers of number
/// findings, and the ballot number (party) or camp number (candidate, pair)
/// of entity findings.
fn contestants(cands: &[&Cand], rules: &[RuleFacts]) -> usize {
    let mut seen: Vec<u32> = Vec::new();
    for c in cands {
        let r = &rules[c.rule];
        let key = match r.category {
            Category::Number => c.value.or(r.number),
            Category::Party | Category::Candidate | Category::Pair => r.number,
            _ => None,
        };
        if let Some(k) = key {
            if !seen.contains(&k) {
                seen.push(k);
            }
        }
    }
    seen.len()
}

fn token_gap(a: &Cand, b: &Cand) -> usize {
    if a.tok_end < b.tok {
        b.tok - a.tok_end
    } else {
        a.tok.saturating_sub(b.tok_end)
    }
}

#[cfg(test)]
mod tests {
    use super::push_hundredths;

    #[test]
    fn hundredths_match_the_float_formatter() {
        let mut values = vec![
            0.0f32, -0.0, 0.625, 0.125, 0.375, 0.875, 0.005, 0.015, 0.999, 0.9951, 1.0, 12.345,
            -0.001, -0.625, 99.995, 1234.5,
        ];
        // Every multiple of 1/1024 up to 2, and a spread of others.
        values.extend((0..2048).map(|i| i as f32 / 1024.0));
        values.extend((0..5000).map(|i| (i as f32 * 0.000_37).sin() * 3.0));
        for x in values {
            let mut out = String::new();
            push_hundredths(&mut out, x);
            assert_eq!(out, format!("{x:.2}"), "{x:?}");
        }
    }
}

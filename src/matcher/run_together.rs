//! Reading words run together: inside hashtags, mentions and words
//! spelled out a letter at a time (their spaces squeezed out), across a
//! hyphen that cuts a word in two, and through a leet digit ending a word
//! in a tag. Each reading adds candidates only where a term is found, and
//! a name found inside a longer one of its category gives way to it.

use super::{ends_word, starts_word, Cand, Category, Hit, Matcher};
use crate::normalize::Normalized;
use aho_corasick::AhoCorasick;

impl Matcher {
    /// Camel case cannot always say where words in a tag end (`#AMINajaDulu`
    /// splits as `ami naja dulu`), so tags are also searched with their
    /// spaces removed; matches map back to the same normalized offsets.
    ///
    /// A lone leet digit written right after a word's letters is read as a
    /// letter there too (`#Gerindr4Menang` is `#gerindr 4 menang`, and
    /// `#K0s0ngDu4` ends in `du 4`): the hashtag stage keeps it a number,
    /// as `#Anies4Presiden` needs, so only a term found whole through it
    /// takes it for a letter.
    pub(super) fn find_in_squeezed_tags(
        &self,
        ac: &AhoCorasick,
        n: &Normalized,
        cands: &mut Vec<Cand>,
    ) {
        let text = n.as_str();
        let mut squeezed = String::new();
        let mut decoded = String::new();
        // For each byte of `squeezed`, the normalized range of its char.
        let mut span: Vec<(usize, usize)> = Vec::new();
        for &(s, e) in n.tag_regions() {
            let region = &text[s..e];
            if !region.contains(' ') {
                continue;
            }
            squeezed.clear();
            decoded.clear();
            span.clear();
            for (i, c) in region.char_indices() {
                if c == ' ' {
                    continue;
                }
                squeezed.push(c);
                decoded.push(trailing_leet(n, s + i, c).unwrap_or(c));
                for _ in 0..c.len_utf8() {
                    span.push((s + i, s + i + c.len_utf8()));
                }
            }
            let readings = if decoded == squeezed {
                &[&squeezed][..]
            } else {
                &[&squeezed, &decoded][..]
            };
            for reading in readings {
                for m in ac.find_overlapping_iter(reading.as_str()) {
                    if m.end() - m.start() < 4 {
                        continue;
                    }
                    let term = &reading[m.start()..m.end()];
                    // Written as a hashtag, a term must be the whole tag here:
                    // without spaces `#amin` would also be in `#aminudincup`.
                    if term.starts_with('#') && (m.start() != 0 || m.end() != reading.len()) {
                        continue;
                    }
                    let (start, end) = (span[m.start()].0, span[m.end() - 1].1);
                    let entries = &self.ac_entries[m.pattern().as_usize()];
                    cands.extend(entries.iter().map(|&entry| Cand { start, end, entry }));
                }
            }
        }
    }

    /// A word cut in two by a hyphen (`Gan-jar`, `Mah-fud`) is also read
    /// as one, where as one it is a term. Glued only then, the hyphens of
    /// `sat-set` or `anak-anak` never make a word that is not there (the
    /// spaced stage joins three or more syllables, `ge-rin-dra`, but two
    /// would glue ordinary compounds too).
    pub(super) fn find_across_hyphens(
        &self,
        ac: &AhoCorasick,
        original: &str,
        n: &Normalized,
        cands: &mut Vec<Cand>,
    ) {
        let (text, bytes) = (n.as_str(), original.as_bytes());
        let letter = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphabetic);
        let mut squeezed = String::new();
        for (h, _) in original.match_indices('-') {
            if h == 0 || !letter(h - 1) || !letter(h + 1) {
                continue;
            }
            // The space the hyphen became, after the letter before it.
            let Some((_, cut)) = n.normalized_span(h - 1, h) else {
                continue;
            };
            if text.as_bytes().get(cut) != Some(&b' ') {
                continue;
            }
            let start = text[..cut].rfind(' ').map_or(0, |i| i + 1);
            let end = text[cut + 1..]
                .find(' ')
                .map_or(text.len(), |i| cut + 1 + i);
            let (a, b) = (&text[start..cut], &text[cut + 1..end]);
            let word = |w: &str| w.len() >= 2 && w.chars().all(char::is_alphabetic);
            if !(word(a) && word(b)) {
                continue;
            }
            squeezed.clear();
            squeezed.push_str(a);
            squeezed.push_str(b);
            for m in ac.find_overlapping_iter(&squeezed) {
                if m.start() != 0 || m.end() != squeezed.len() {
                    continue;
                }
                let entries = &self.ac_entries[m.pattern().as_usize()];
                cands.extend(entries.iter().map(|&entry| Cand { start, end, entry }));
            }
        }
    }

    /// Drops a match found inside a run-together word (a tag, a spelled-out
    /// run) that lies within a longer match of the same category: `bowo`
    /// in `#prabowogibran` or `P R A B O W O` is the candidate `prabowo`
    /// again, not a second mention. Whole words are kept (`prabowo` in
    /// `prabowo subianto`), and so are matches of other categories (the
    /// candidate in a hashtag slogan).
    pub(super) fn drop_fragments(&self, text: &str, out: &mut Vec<Hit>) {
        let fragment = |h: &Hit| !(starts_word(text, h.start) && ends_word(text, h.end));
        if !out.iter().any(fragment) {
            return;
        }
        // In order of start, longest first: the first match to reach
        // furthest in a category is the one that may hold later ones.
        out.sort_by_key(|h| (h.start, std::cmp::Reverse(h.end), h.rule));
        let mut furthest: Vec<(Category, usize, usize)> = Vec::new();
        out.retain(|h| {
            let cat = self.categories[h.rule];
            let Some(f) = furthest.iter_mut().find(|f| f.0 == cat) else {
                furthest.push((cat, h.start, h.end));
                return true;
            };
            let held = f.2 >= h.end && (f.1, f.2) != (h.start, h.end);
            if h.end > f.2 {
                (f.1, f.2) = (h.start, h.end);
            }
            !(held && fragment(h))
        });
        out.sort_by_key(|h| (h.start, h.end, h.rule));
    }
}

/// The letter for the digit `c` at normalized byte `at` in a tag, when it
/// stands alone right after a word's last letter and was written touching
/// it (`gerindr 4`, from `Gerindr4`): see [`Matcher::find_in_squeezed_tags`].
fn trailing_leet(n: &Normalized, at: usize, c: char) -> Option<char> {
    let letter = crate::normalize::leet::letter_for(c).filter(|_| c.is_ascii_digit())?;
    let b = n.as_str().as_bytes();
    let alone = at >= 2
        && b[at - 1] == b' '
        && b[at - 2].is_ascii_alphabetic()
        && b.get(at + 1).is_none_or(|&x| x == b' ');
    // The space between was put there by the hashtag stage, not written.
    let touching = alone && n.original_span(at - 2, at - 1).1 == n.original_span(at, at + 1).0;
    touching.then_some(letter)
}

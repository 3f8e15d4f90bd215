//! Stage 7: punctuation and whitespace become single spaces.
//!
//! What is left is words, `#` and `@` (so rules can ask for a hashtag), and
//! emoji and other symbols (so rules can name ✌ or 🐂). Inserted separators
//! never start or end a match, so they cannot stretch a span.

use super::{is_word, Unit, Units};

/// Canonicalizes separators of `input` into `out` (replacing its contents).
///
/// ```
/// use netral::normalize::{separators, Unit};
/// let input: Vec<Unit> = "  no. 2,  ya!! ".char_indices().map(|(i, c)| Unit::new(c, i, i + 1)).collect();
/// let mut out = Vec::new();
/// separators::canonicalize(&input, &mut out);
/// let s: String = out.iter().map(|u| u.ch).collect();
/// assert_eq!(s, "no 2 ya");
/// ```
pub fn canonicalize(input: &[Unit], out: &mut Units) {
    out.clear();
    for u in input {
        if is_separator(u.ch) {
            if out.last().is_some_and(|l| l.ch != ' ') {
                out.push(Unit { ch: ' ', ..*u });
            }
        } else {
            out.push(*u);
        }
    }
    if out.last().is_some_and(|l| l.ch == ' ') {
        out.pop();
    }
}

/// True for characters that only separate words.
pub fn is_separator(c: char) -> bool {
    if is_word(c) || c == '#' || c == '@' {
        return false;
    }
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || c.is_control()
        || matches!(c as u32,
            0x2010..=0x205E      // general punctuation: dashes, quotes, bullets
            | 0x3000..=0x303F    // CJK punctuation
            | 0xFE30..=0xFE4F    // CJK compatibility forms
            | 0x00A1..=0x00BF    // Latin-1 punctuation and signs
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_emoji_and_tags() {
        let input: Vec<Unit> = "#amin, ✌ 🔥!"
            .char_indices()
            .map(|(i, c)| Unit::new(c, i, i + c.len_utf8()))
            .collect();
        let mut out = Vec::new();
        canonicalize(&input, &mut out);
        let s: String = out.iter().map(|u| u.ch).collect();
        assert_eq!(s, "#amin ✌ 🔥");
    }

    #[test]
    fn apostrophes_and_quotes_separate() {
        assert!(is_separator('\''));
        assert!(is_separator('\u{2019}'));
        assert!(!is_separator('é'));
    }
}

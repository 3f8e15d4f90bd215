//! Roman numerals, from I to XXXIX, read as numbers only where a rule asks
//! with the `{roman}` macro (`{urut} {roman}` reads `nomor urut II`).
//! Elsewhere `i`, `v` and `x` are letters: `x` is "times", and `paslon X`
//! is any pair.
//!
//! Normalization keeps them as written, but for case: a numeral is no
//! stretched word, so `III` stays `iii` (see [`crate::normalize::repeats`]).

use once_cell::sync::Lazy;

/// The largest numeral read.
const MAX: u32 = 39;

/// The numeral for `n` (1 to 39), lowercase as normalized text has it.
fn numeral(n: u32) -> String {
    const UNITS: [&str; 10] = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"];
    let mut s = "x".repeat((n / 10) as usize);
    s.push_str(UNITS[(n % 10) as usize]);
    s
}

/// Every numeral, the one for `n` at `n - 1`: made once, for reading a
/// word and for the macro alike.
static NUMERALS: Lazy<Vec<String>> = Lazy::new(|| (1..=MAX).map(numeral).collect());

/// The value of `word` when it is a lowercase numeral written the usual way
/// (`xiv`, not `xiiii`) from 1 to 39.
pub(crate) fn value(word: &str) -> Option<u32> {
    let at = NUMERALS.iter().position(|s| s == word)?;
    u32::try_from(at + 1).ok()
}

/// The `{roman}` macro: every numeral, longest first, as a regex
/// alternation.
pub(crate) fn alternation() -> String {
    let mut all: Vec<&str> = NUMERALS.iter().map(String::as_str).collect();
    all.sort_by_key(|s| std::cmp::Reverse(s.len()));
    format!("(?:{})", all.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals_have_their_values() {
        for (w, n) in [("i", 1), ("iv", 4), ("viii", 8), ("xiv", 14), ("xxxix", 39)] {
            assert_eq!(value(w), Some(n), "{w}");
        }
        for w in ["", "iiii", "vv", "xl", "ic", "vivi", "amin", "I"] {
            assert_eq!(value(w), None, "{w}");
        }
    }

    #[test]
    fn the_macro_takes_every_numeral_whole() {
        let re = regex::Regex::new(&format!("^{}$", alternation())).unwrap();
        for n in 1..=MAX {
            assert!(re.is_match(&numeral(n)), "{n}");
        }
        assert!(!re.is_match("iiii") && !re.is_match("xl"));
    }
}

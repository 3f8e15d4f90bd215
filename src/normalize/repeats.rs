//! Stage 6: collapse stretched letters.
//!
//! Three or more of the same letter become one: `gerindraaaa` → `gerindra`,
//! `menanggg` → `menang`, `AMIIIN` → `amin`. Doubles stay, because Indonesian
//! has real ones (`saat` is not `sat`, `aamiin` is spelled so on purpose). A
//! consonant run that starts a word stays too: it is an acronym (`PPP`, the
//! party; `PPPK`, contract civil servants), never a stretched word, and so
//! do Roman numerals (`III`, `VIII`).
//! Repeated emoji collapse the same way. Punctuation and whitespace are left
//! to the separator stage, which turns any run of them into one space.

use super::{is_letter, separators::is_separator, Unit, Units};

/// Collapses runs in `input` into `out` (replacing its contents).
///
/// ```
/// use netral::normalize::{repeats, Unit};
/// let input: Vec<Unit> = "duaaa saat".char_indices().map(|(i, c)| Unit::new(c, i, i + 1)).collect();
/// let mut out = Vec::new();
/// repeats::collapse(&input, &mut out);
/// let s: String = out.iter().map(|u| u.ch).collect();
/// assert_eq!(s, "dua saat");
/// assert_eq!(out[2].end, 5); // the kept `a` covers all of `aaa`
/// ```
pub fn collapse(input: &[Unit], out: &mut Units) {
    out.clear();
    // Units before `copied` are out. Only three equal units in a row can
    // change anything, so what lies between such runs is copied whole.
    let (mut copied, mut i) = (0, 0);
    while i + 2 < input.len() {
        let c = input[i].ch;
        if c != input[i + 1].ch || c != input[i + 2].ch {
            i += 1;
            continue;
        }
        let mut j = i + 3;
        while j < input.len() && input[j].ch == c {
            j += 1;
        }
        // A word never starts with a stretched consonant, an acronym may:
        // `PPP` (the party), `PPPK` (contract civil servants), `www`.
        let word_start = i == 0 || !is_letter(input[i - 1].ch);
        let acronym =
            word_start && c.is_ascii_alphabetic() && !matches!(c, 'a' | 'e' | 'i' | 'o' | 'u');
        if !c.is_numeric() && !is_separator(c) && !acronym && !in_numeral(input, i) {
            out.extend_from_slice(&input[copied..i]);
            out.push(Unit {
                end: input[j - 1].end.max(input[i].end),
                ..input[i]
            });
            copied = j;
        }
        i = j;
    }
    out.extend_from_slice(&input[copied..]);
}

/// True when the unit at `i` is in a word that is a Roman numeral (`iii`,
/// `viii`): its letters are no stretch.
fn in_numeral(input: &[Unit], i: usize) -> bool {
    // No numeral is longer (`xxxviii`): a word is looked at that far and no
    // further, so a long run of `i` and `x` costs no more than a short one.
    const LONGEST: usize = 7;
    if !matches!(input[i].ch, 'i' | 'x') {
        return false;
    }
    let letter = |u: &&Unit| is_letter(u.ch);
    let before = input[..i]
        .iter()
        .rev()
        .take(LONGEST + 1)
        .take_while(letter)
        .count();
    let after = input[i..]
        .iter()
        .take(LONGEST + 1)
        .take_while(letter)
        .count();
    if before + after > LONGEST {
        return false;
    }
    let word: String = input[i - before..i + after].iter().map(|u| u.ch).collect();
    crate::roman::value(&word).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collapsed(s: &str) -> String {
        let input: Vec<Unit> = s
            .char_indices()
            .map(|(i, c)| Unit::new(c, i, i + c.len_utf8()))
            .collect();
        let mut out = Vec::new();
        collapse(&input, &mut out);
        out.iter().map(|u| u.ch).collect()
    }

    #[test]
    fn stretched_letters_collapse() {
        assert_eq!(collapsed("prabowooo menanggg"), "prabowo menang");
        assert_eq!(collapsed("🦅🦅🦅!!!"), "🦅!!!");
    }

    #[test]
    fn acronyms_are_not_stretched_words() {
        assert_eq!(collapsed("ppp pppk www"), "ppp pppk www");
        assert_eq!(collapsed("aaamiin pksssss"), "amiin pks");
    }

    #[test]
    fn roman_numerals_stay() {
        assert_eq!(collapsed("urut iii xiii viii"), "urut iii xiii viii");
        assert_eq!(collapsed("iiii amiiin"), "i amin");
    }

    #[test]
    fn long_runs_of_numeral_letters_collapse_in_linear_time() {
        // Every `iii` asks whether its word is a numeral; the word is read
        // no further than a numeral could reach.
        let long = "iiix".repeat(50_000);
        assert_eq!(collapsed(&long), "ix".repeat(50_000));
    }

    #[test]
    fn doubles_and_numbers_stay() {
        assert_eq!(collapsed("aamiin saat 1000"), "aamiin saat 1000");
    }
}

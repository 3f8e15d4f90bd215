//! Stage 2: split hashtags and mentions into words.
//!
//! `#PrabowoGibran2024` becomes `#Prabowo Gibran 2024`, `#AMINAjaDulu`
//! becomes `#AMIN Aja Dulu`, `@cak_imin` becomes `@cak imin`. The inserted
//! spaces map to an empty original range, and every unit of the tag is marked
//! so that the matcher may also find words that run together in lowercase
//! tags (`#ganjarmahfud`). Leet digits stay with their letters
//! (`#G4nj4rM4hfud` becomes `#G4nj4r M4hfud`) for the leet stage to read.

use super::ascii::LEET_DIGIT;
use super::{fold, is_letter, is_word, Unit, Units};

/// Splits tags in `input` into `out` (replacing its contents).
///
/// ```
/// use netral::normalize::{fold, hashtag};
/// let (mut a, mut b) = (Vec::new(), Vec::new());
/// fold::fold("#AMINAjaDulu @cak_imin", &mut a);
/// hashtag::split(&a, &mut b);
/// let s: String = b.iter().map(|u| u.ch).collect();
/// assert_eq!(s, "#AMIN Aja Dulu @cak imin");
/// ```
pub fn split(input: &[Unit], out: &mut Units) {
    out.clear();
    let mut i = 0;
    while i < input.len() {
        // What comes before the next `#` or `@` stays as it is.
        let Some(k) = input[i..].iter().position(|u| u.ch == '#' || u.ch == '@') else {
            out.extend_from_slice(&input[i..]);
            break;
        };
        out.extend_from_slice(&input[i..i + k]);
        i += k;
        let u = input[i];
        let starts_tag = (i == 0 || !is_word(input[i - 1].ch))
            && input.get(i + 1).is_some_and(|n| is_tag_char(n.ch));
        if !starts_tag {
            out.push(u);
            i += 1;
            continue;
        }
        out.push(Unit { tag: true, ..u });
        i += 1;
        let body_start = i;
        while i < input.len() && is_tag_char(input[i].ch) {
            i += 1;
        }
        split_body(&input[body_start..i], out);
    }
}

fn is_tag_char(c: char) -> bool {
    is_word(c) || c == '_' || c == '.'
}

fn split_body(body: &[Unit], out: &mut Units) {
    // Where a run of leet digits joined to the letters before it ends: no
    // word starts there either.
    let mut joined_to = None;
    let mut leet_seen = false;
    for (k, u) in body.iter().enumerate() {
        // A trailing dot ends the sentence, not the handle.
        if u.ch == '.' && body[k + 1..].iter().all(|n| n.ch == '.') {
            out.push(*u);
            continue;
        }
        if u.ch == '_' || u.ch == '.' {
            out.push(Unit {
                ch: ' ',
                tag: true,
                ..*u
            });
            continue;
        }
        if let Some(end) = leet_run(body, k, leet_seen) {
            joined_to = Some(end);
            leet_seen = true;
        }
        let joined = joined_to.is_some_and(|end| k <= end);
        if !joined && k > 0 && boundary(body[k - 1].ch, u.ch, body.get(k + 1).map(|n| n.ch)) {
            out.push(Unit {
                ch: ' ',
                start: u.start,
                end: u.start,
                tag: true,
            });
        }
        out.push(Unit { tag: true, ..*u });
    }
}

/// Where the run of digits at `k` ends (its last byte plus one) when it is
/// leetspeak joined to the letters around it rather than a number of its
/// own: at most three leet digits between letters, in a word that goes on
/// in the same case (`G4nj4r`, `PR4BOWO`; not `Anies4Presiden` or
/// `PDIP03Menang`, where a capital starts the next word), and not between
/// two whole words (`jokowi3periode`). A lone `0` ends a word too when the
/// tag already uses leet (`pr4b0w0`): no ballot number is 0. The leet
/// stage then reads the joined word; a split here would leave it halves
/// (`pr 4b0w0`).
fn leet_run(body: &[Unit], k: usize, leet_seen: bool) -> Option<usize> {
    let before = body.get(k.checked_sub(1)?)?.ch;
    if !is_letter(before) || !is_leet_digit(body.get(k)?.ch) {
        return None;
    }
    let len = body[k..].iter().take_while(|u| is_leet_digit(u.ch)).count();
    let end = k + len;
    let Some(after) = body.get(end).map(|u| u.ch).filter(|&c| is_letter(c)) else {
        let last = body.get(end).is_none_or(|u| !is_word(u.ch));
        return (leet_seen && last && len == 1 && body[k].ch == '0').then_some(end);
    };
    let next_lower = body.get(end + 1).is_some_and(|u| u.ch.is_lowercase());
    let same_word = after.is_lowercase() || (before.is_uppercase() && !next_lower);
    // Whole words on both sides make it a number between them
    // (`jokowi3periode`, `covid19indonesia`); leet leaves a short piece on
    // one side at least (`pr4bowo`, `prab0wo`, `gibr4n`).
    let between_words = word_before(body, k) >= 4 && word_after(body, end) >= 4;
    (len <= 3 && same_word && !between_words).then_some(end)
}

/// How many letters of one word come before `k`: back to a non-letter, or
/// to a capital after a small letter (`Muh` of `AniesMuh4imin`).
fn word_before(body: &[Unit], k: usize) -> usize {
    let mut n = 0;
    for j in (0..k).rev() {
        let c = body[j].ch;
        if !is_letter(c) {
            break;
        }
        n += 1;
        if c.is_uppercase() && j > 0 && body[j - 1].ch.is_lowercase() {
            break;
        }
    }
    n
}

/// How many letters of one word come from `end` on: up to a non-letter,
/// or to a capital after a small letter.
fn word_after(body: &[Unit], end: usize) -> usize {
    let mut n = 0;
    for j in end..body.len() {
        let c = body[j].ch;
        let camel = j > end && c.is_uppercase() && body[j - 1].ch.is_lowercase();
        if !is_letter(c) || camel {
            break;
        }
        n += 1;
    }
    n
}

/// A digit the leet stage reads as a letter (not `2`: `hati2`), by the
/// classes the leet stage itself reads.
fn is_leet_digit(c: char) -> bool {
    fold::class(c) & LEET_DIGIT != 0
}

/// Is there a word break between `prev` and `cur` (with `next` after it)?
fn boundary(prev: char, cur: char, next: Option<char>) -> bool {
    if prev.is_ascii() && cur.is_ascii() && next.is_none_or(|n| n.is_ascii()) {
        return boundary_ascii(prev as u8, cur as u8, next.map_or(b' ', |n| n as u8));
    }
    let letter_digit =
        (is_letter(prev) && cur.is_numeric()) || (prev.is_numeric() && is_letter(cur));
    let lower_upper = prev.is_lowercase() && cur.is_uppercase();
    // "AMINAja": the last capital of a run starts the next word.
    let acronym_end =
        prev.is_uppercase() && cur.is_uppercase() && next.is_some_and(|n| n.is_lowercase());
    letter_digit || lower_upper || acronym_end
}

/// [`boundary`] for ASCII, without the Unicode tables.
#[inline]
pub(crate) fn boundary_ascii(prev: u8, cur: u8, next: u8) -> bool {
    let (pl, pu, pd) = (
        prev.is_ascii_lowercase(),
        prev.is_ascii_uppercase(),
        prev.is_ascii_digit(),
    );
    let (cl, cu, cd) = (
        cur.is_ascii_lowercase(),
        cur.is_ascii_uppercase(),
        cur.is_ascii_digit(),
    );
    ((pl | pu) & cd) | (pd & (cl | cu)) | (pl & cu) | (pu & cu & next.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::fold::fold;

    fn split_str(s: &str) -> String {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        fold(s, &mut a);
        split(&a, &mut b);
        b.iter().map(|u| u.ch).collect()
    }

    #[test]
    fn camel_case_and_digits_split() {
        assert_eq!(split_str("#PrabowoGibran2024"), "#Prabowo Gibran 2024");
        assert_eq!(split_str("#ASNNetral"), "#ASN Netral");
        assert_eq!(split_str("#PSI15"), "#PSI 15");
    }

    #[test]
    fn leet_digits_stay_with_their_letters() {
        assert_eq!(split_str("#G4nj4rM4hfud2024"), "#G4nj4r M4hfud 2024");
        assert_eq!(split_str("#PR4BOWO #pr4b0w0"), "#PR4BOWO #pr4b0w0");
        assert_eq!(split_str("@c4k_im1n"), "@c4k im1n");
        assert_eq!(split_str("#b00mJ4teng"), "#b00m J4teng");
        // A capital after the digits starts a word: they are a word too.
        assert_eq!(split_str("#Anies4Presiden"), "#Anies 4 Presiden");
        assert_eq!(
            split_str("#PDIP03Menang #SEMUA2ADIL"),
            "#PDIP 03 Menang #SEMUA 2 ADIL"
        );
        // Numbers at the end, and runs longer than leet, stay numbers; a
        // lone `0` ends a leet word (no ballot number is 0), other digits
        // do not.
        assert_eq!(
            split_str("#pilih02 #c0bl0s1 #ab1234cd"),
            "#pilih 02 #c0bl0s 1 #ab 1234 cd"
        );
        assert_eq!(split_str("#pilih0 #k0s0ng0"), "#pilih 0 #k0s0ng0");
        // Between two whole words, digits are a number.
        assert_eq!(
            split_str("#jokowi3periode #covid19indonesia #prab0wo #AniesMuh4imin"),
            "#jokowi 3 periode #covid 19 indonesia #prab0wo #Anies Muh4imin"
        );
    }

    #[test]
    fn mentions_split_on_punctuation() {
        assert_eq!(split_str("@tpn.ganjarmahfud"), "@tpn ganjarmahfud");
        assert_eq!(split_str("ke @kpu_ri."), "ke @kpu ri.");
    }

    #[test]
    fn ascii_boundaries_agree_with_unicode_ones() {
        let chars = ['a', 'Z', '5', '_', ' ', 'é'];
        for p in chars {
            for c in chars {
                for n in chars {
                    let slow = {
                        let letter_digit =
                            (is_letter(p) && c.is_numeric()) || (p.is_numeric() && is_letter(c));
                        letter_digit
                            || (p.is_lowercase() && c.is_uppercase())
                            || (p.is_uppercase() && c.is_uppercase() && n.is_lowercase())
                    };
                    assert_eq!(boundary(p, c, Some(n)), slow, "{p}{c}{n}");
                }
            }
        }
    }

    #[test]
    fn not_a_tag() {
        assert_eq!(split_str("a#b email@x"), "a#b email@x");
        assert_eq!(split_str("# lone"), "# lone");
    }

    #[test]
    fn tag_units_are_marked() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        fold("ya #Amin", &mut a);
        split(&a, &mut b);
        assert!(!b[0].tag);
        assert!(b[3..].iter().all(|u| u.tag));
    }
}

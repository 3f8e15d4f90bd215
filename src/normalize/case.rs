//! Stage 3: lowercase.
//!
//! Full Unicode lowercasing can turn one character into several (`İ` becomes
//! `i` plus a combining dot); every resulting character keeps the original
//! range, and combining marks produced here are dropped like diacritics.

use super::{Unit, Units};
use unicode_normalization::char::is_combining_mark;

/// Lowercases `input` into `out` (replacing its contents).
///
/// ```
/// use netral::normalize::{case, Unit};
/// let input = vec![Unit::new('İ', 0, 2), Unit::new('K', 2, 3)];
/// let mut out = Vec::new();
/// case::lowercase(&input, &mut out);
/// let s: String = out.iter().map(|u| u.ch).collect();
/// assert_eq!(s, "ik");
/// assert_eq!((out[0].start, out[0].end), (0, 2));
/// ```
pub fn lowercase(input: &[Unit], out: &mut Units) {
    out.clear();
    for u in input {
        if u.ch.is_ascii() {
            out.push(Unit {
                ch: u.ch.to_ascii_lowercase(),
                ..*u
            });
            continue;
        }
        for l in u.ch.to_lowercase() {
            if !is_combining_mark(l) {
                out.push(Unit { ch: l, ..*u });
            }
        }
    }
}

/// Lowercases ASCII letters in place: all that is needed when folding saw no
/// non-ASCII capital.
pub fn lowercase_ascii(units: &mut [Unit]) {
    for u in units {
        u.ch = u.ch.to_ascii_lowercase();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_every_script() {
        let input: Vec<Unit> = "ÀB Ω"
            .char_indices()
            .map(|(i, c)| Unit::new(c, i, i + c.len_utf8()))
            .collect();
        let mut out = Vec::new();
        lowercase(&input, &mut out);
        let s: String = out.iter().map(|u| u.ch).collect();
        assert_eq!(s, "àb ω");
    }
}

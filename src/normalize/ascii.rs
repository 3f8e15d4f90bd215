//! What each ASCII character is, as one table of bits, for the passes that
//! judge text a character at a time ([`super::plain`] and the stage
//! planner in [`super::fold`]).

pub(crate) const ALPHA: u8 = 1;
pub(crate) const DIGIT: u8 = 2;
/// A digit leet may read as a letter. Not `2`: that is reduplication
/// (`rekan2`, `hati2`). Must stay `ALPHA << 2` (plain.rs shifts by it).
pub(crate) const LEET_DIGIT: u8 = 4;
/// `@` and `$`, leet for `a` and `s`.
pub(crate) const LEET_SYMBOL: u8 = 8;
/// `#` and `@`, which start hashtags and mentions.
pub(crate) const TAG: u8 = 16;
/// `-`, `.` and `_`, which join syllables (`ge-rin-dra`).
pub(crate) const JOINER: u8 = 32;
/// ASCII whitespace, where plain text is cut into chunks.
pub(crate) const SPACE: u8 = 64;

/// The classes of every byte. Bytes outside ASCII are in none: a byte
/// indexes the table without a test first.
pub(crate) static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        let mut k = 0;
        if c.is_ascii_alphabetic() {
            k |= ALPHA;
        }
        if c.is_ascii_digit() {
            k |= DIGIT;
            if c != b'2' {
                k |= LEET_DIGIT;
            }
        }
        if c == b'@' || c == b'$' {
            k |= LEET_SYMBOL;
        }
        if c == b'#' || c == b'@' {
            k |= TAG;
        }
        if c == b'-' || c == b'.' || c == b'_' {
            k |= JOINER;
        }
        if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            k |= SPACE;
        }
        t[i] = k;
        i += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        let k = |c: u8| CLASS[c as usize];
        assert_eq!(k(b'a'), ALPHA);
        assert_eq!(k(b'2'), DIGIT);
        assert_eq!(k(b'7'), DIGIT | LEET_DIGIT);
        assert_eq!(k(b'@'), LEET_SYMBOL | TAG);
        assert_eq!(k(b'\n'), SPACE);
        assert_eq!(k(b','), 0);
        assert_eq!(k(0x80), 0);
        assert_eq!(k(0xff), 0);
        assert_eq!(ALPHA << 2, LEET_DIGIT);
    }
}

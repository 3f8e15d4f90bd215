//! Stage 5: leetspeak inside words.
//!
//! `4→a 3→e 1→i 0→o 5→s 7→t 8→b 9→g 6→g @→a $→s`, but only where a digit
//! cannot be a number:
//! - inside a word, with letters on both sides (`pr4bowo`, `c0bl0s`,
//!   `n0mor`), and `@` ending a word of letters (`Gerindr@`): always;
//! - at the edge of a word (`du4`, `n0`, `4nies`, `0k3`): only when the same
//!   text already uses leet inside a word, because `psi15`, `pkn9` and `3x`
//!   are ordinary writing.
//!
//! Runs of digits longer than three (`2024`) and words without letters
//! (`02`, `3`) are never touched.

use super::ascii::{ALPHA, DIGIT, LEET_DIGIT, LEET_SYMBOL};
use super::fold::class;
use super::{Unit, Units};

/// Decodes leetspeak of `input` into `out` (replacing its contents).
///
/// ```
/// use netral::normalize::{leet, Unit};
/// let text = "c0bl0s n0 3 tahun 2024";
/// let input: Vec<Unit> = text.char_indices().map(|(i, c)| Unit::new(c, i, i + 1)).collect();
/// let mut out = Vec::new();
/// leet::decode(&input, &mut out);
/// let s: String = out.iter().map(|u| u.ch).collect();
/// assert_eq!(s, "coblos no 3 tahun 2024");
/// ```
pub fn decode(input: &[Unit], out: &mut Units) {
    out.clear();
    out.extend_from_slice(input);
    decode_after(out, false);
}

/// What [`decode_after`] found in a part of a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Found {
    /// Something was decoded.
    pub(crate) changed: bool,
    /// Leet inside a word: edges in this part and in the parts after are
    /// decoded too.
    pub(crate) inside: bool,
    /// Leet at an edge left as it is, as nothing before or here used leet
    /// inside a word: were a later part to, it should have been decoded.
    pub(crate) edges_left: bool,
}

/// [`decode`] in place, for a part of a text (`units`) when the parts
/// before it used leet inside a word (`inside_before`) or not: edges are
/// decoded when this part or one before it does. Decoding keeps every
/// unit a word character, so words are where they were.
pub(crate) fn decode_after(units: &mut [Unit], inside_before: bool) -> Found {
    // Whether a run is leet inside a word or at an edge depends only on
    // its neighbours, which are never leet (runs are as long as they go):
    // decoding one run cannot change what another is. So one pass decodes
    // what it can, and edges seen before the first leet inside a word are
    // gone over again once it is.
    let mut scan = Scan {
        edges: inside_before,
        ..Scan::default()
    };
    scan.go(units, 0);
    let mut found = Found {
        changed: scan.changed,
        inside: scan.inside,
        edges_left: false,
    };
    if let Some(first) = scan.first_left {
        if scan.inside {
            // Back to the start of that edge's word.
            let mut from = first;
            while from > 0 && in_word(class(units[from - 1].ch)) {
                from -= 1;
            }
            let mut again = Scan {
                edges: true,
                ..Scan::default()
            };
            again.go(units, from);
            found.changed = true;
        } else {
            found.edges_left = true;
        }
    }
    found
}

/// One pass of the leet stage over units.
#[derive(Debug, Default)]
struct Scan {
    /// Decode edges too (leet inside a word was seen, here or before).
    edges: bool,
    /// Leet inside a word was seen (and decoded).
    inside: bool,
    changed: bool,
    /// Where the first edge left undecoded starts.
    first_left: Option<usize>,
}

impl Scan {
    /// Goes over `units` from `from`, which starts a word or is no word.
    fn go(&mut self, units: &mut [Unit], from: usize) {
        // The class of the unit before `i`, or 0 for none.
        let mut prev = 0;
        let mut i = from;
        while let Some(u) = units.get(i) {
            let k = class(u.ch);
            if k & LEET == 0 {
                prev = k;
                i += 1;
                continue;
            }
            let s = i;
            let mut symbols = k & LEET_SYMBOL;
            i += 1;
            let mut next = 0;
            while let Some(u) = units.get(i) {
                next = class(u.ch);
                if next & LEET == 0 {
                    break;
                }
                symbols |= next;
                i += 1;
            }
            if i == units.len() {
                next = 0;
            }
            let run = i - s;
            let before = prev & ALPHA != 0;
            let after = next & ALPHA != 0;
            let word_start = !in_word(prev);
            let word_end = !in_word(next);
            // `@` ending a word of letters (`Gerindr@`) is no mention and
            // no ordinary writing: it is read as inside a word.
            let trailing_at = before && word_end && run == 1 && units[s].ch == '@';
            let inside = (before && after && run <= 3) || trailing_at;
            let at_edge = (before ^ after)
                && run <= 2
                && symbols & LEET_SYMBOL == 0
                && (word_start || word_end);
            self.inside |= inside;
            self.edges |= inside;
            if inside || (at_edge && self.edges) {
                for u in &mut units[s..i] {
                    u.ch = char::from(LETTER[u.ch as usize & 0x7f]);
                }
                self.changed = true;
            } else if at_edge && self.first_left.is_none() {
                self.first_left = Some(s);
            }
            // The unit after the run is no leet: it is read here.
            prev = next;
            i += 1;
        }
    }
}

/// Leet digits and symbols.
const LEET: u8 = LEET_DIGIT | LEET_SYMBOL;

/// The classes of a word's units: letters, digits and leet symbols.
fn in_word(k: u8) -> bool {
    k & (ALPHA | DIGIT | LEET_SYMBOL) != 0
}

/// [`letter_for`] as a table over ASCII (leet characters are all ASCII).
static LETTER: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = match letter_for(i as u8 as char) {
            Some(l) => l as u8,
            None => 0,
        };
        i += 1;
    }
    t
};

/// The letter a leet character stands for.
pub const fn letter_for(c: char) -> Option<char> {
    Some(match c {
        '4' | '@' => 'a',
        '3' => 'e',
        '1' => 'i',
        '0' => 'o',
        '5' | '$' => 's',
        '7' => 't',
        '8' => 'b',
        '9' | '6' => 'g',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(s: &str) -> String {
        let input: Vec<Unit> = s
            .char_indices()
            .map(|(i, c)| Unit::new(c, i, i + c.len_utf8()))
            .collect();
        let mut out = Vec::new();
        decode(&input, &mut out);
        out.iter().map(|u| u.ch).collect()
    }

    #[test]
    fn decodes_inside_words() {
        assert_eq!(decoded("g4nj4r m4hfud"), "ganjar mahfud");
        assert_eq!(decoded("pr@bowo"), "prabowo");
        assert_eq!(decoded("Gerindr@ nomer 2"), "Gerindra nomer 2");
        // A mention, and `$` after a currency, stay.
        assert_eq!(decoded("@kpu_ri US$ 5"), "@kpu_ri US$ 5");
    }

    #[test]
    fn decodes_edges_only_when_text_uses_leet() {
        assert_eq!(decoded("k0s0ng du4"), "kosong dua");
        assert_eq!(decoded("4n1e5 pr3s1d3n"), "anies presiden");
        assert_eq!(decoded("#psi15 pkn9 3x sehari"), "#psi15 pkn9 3x sehari");
        // Edges before the first leet inside a word are gone back to.
        assert_eq!(decoded("du4 n0 k0s0ng"), "dua no kosong");
        assert_eq!(decoded("du4 k0s0ng 3x"), "dua kosong ex");
    }

    #[test]
    fn numbers_stay() {
        assert_eq!(decoded("g4s 02 2024 nomor 3"), "gas 02 2024 nomor 3");
        assert_eq!(decoded("@kpu ri"), "@kpu ri");
    }
}

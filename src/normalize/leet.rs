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

use super::{is_letter, is_word, Unit, Units};

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
    let (mut inside, mut edges) = (false, false);
    let mut i = 0;
    while let Some((s, e)) = next_word(units, i) {
        let seen = visit(&mut units[s..e], false);
        inside |= seen.inside;
        edges |= seen.edge;
        i = e;
    }
    // Leet inside a word is decoded above; at the edges only with it.
    let with_edges = inside || inside_before;
    if with_edges && edges {
        let mut i = 0;
        while let Some((s, e)) = next_word(units, i) {
            visit(&mut units[s..e], true);
            i = e;
        }
    }
    Found {
        changed: inside || (with_edges && edges),
        inside,
        edges_left: edges && !with_edges,
    }
}

/// The letter a leet character stands for.
pub fn letter_for(c: char) -> Option<char> {
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

fn is_leet_symbol(c: char) -> bool {
    c == '@' || c == '$'
}

/// The first run of letters, digits and leet symbols from unit `from`
/// on, as a unit index range.
fn next_word(units: &[Unit], from: usize) -> Option<(usize, usize)> {
    let in_word = |u: &Unit| is_word(u.ch) || is_leet_symbol(u.ch);
    let rest = units.get(from..)?;
    let s = from + rest.iter().position(in_word)?;
    let e = s + units[s..]
        .iter()
        .position(|u| !in_word(u))
        .unwrap_or(units.len() - s);
    Some((s, e))
}

/// What [`visit`] saw in a word.
#[derive(Debug, Clone, Copy, Default)]
struct Seen {
    /// Leet inside the word (decoded).
    inside: bool,
    /// Leet at its start or end (decoded only with `edges`).
    edge: bool,
}

/// Decodes one word in place; says what leet it had. With `edges`, also
/// decodes leet at the word's start or end.
fn visit(word: &mut [Unit], edges: bool) -> Seen {
    let mut seen = Seen::default();
    if !word.iter().any(|u| is_letter(u.ch)) {
        return seen;
    }
    let mut i = 0;
    while i < word.len() {
        if letter_for(word[i].ch).is_none() || (is_letter(word[i].ch)) {
            i += 1;
            continue;
        }
        let s = i;
        while i < word.len() && letter_for(word[i].ch).is_some() && !is_letter(word[i].ch) {
            i += 1;
        }
        let run = i - s;
        let before = s > 0 && is_letter(word[s - 1].ch);
        let after = i < word.len() && is_letter(word[i].ch);
        let symbols = word[s..i].iter().any(|u| is_leet_symbol(u.ch));
        // `@` ending a word of letters (`Gerindr@`) is no mention and no
        // ordinary writing: it is read as inside a word.
        let trailing_at = before && i == word.len() && run == 1 && word[s].ch == '@';
        let inside = (before && after && run <= 3) || trailing_at;
        let at_edge = (before ^ after) && run <= 2 && !symbols && (s == 0 || i == word.len());
        seen.inside |= inside;
        seen.edge |= at_edge;
        if inside || (edges && at_edge) {
            for u in &mut word[s..i] {
                if let Some(l) = letter_for(u.ch) {
                    u.ch = l;
                }
            }
        }
    }
    seen
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
    }

    #[test]
    fn numbers_stay() {
        assert_eq!(decoded("g4s 02 2024 nomor 3"), "gas 02 2024 nomor 3");
        assert_eq!(decoded("@kpu ri"), "@kpu ri");
    }
}

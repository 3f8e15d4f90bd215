//! Stage 4: join letters that were split apart to dodge filters.
//!
//! Two shapes are joined, and only these, so ordinary neighbouring words are
//! never glued together:
//! - single characters with the same one-character separator between them,
//!   alone or with a space on each side: `G a n j a r`, `P.D.I.P`,
//!   `a_n_i_e_s`, a letter a line (`A⏎M⏎I⏎N`), `P.R.4.B.O.W.O`, `G🔥a🔥n`, `G 🔥 I 🔥 B` (padded, only
//!   with a symbol outside ASCII: `kelas A - B - C` is a list), `G..a..n`
//!   (the separator two or three times; not between syllables, where
//!   `ok..ya..gas` is a pause). At least three pieces (two letters among
//!   them), or two letters with a dot, dash or underscore (`M.D`). Two
//!   letters a space apart are joined too where two or more spaces part
//!   them from such a word (`c o b l o s  n o  3`).
//! - three or more syllables of at most three letters joined by the same dash,
//!   dot or underscore: `ge-rin-dra`.
//!
//! Joined units are marked as in a tag: written in pieces, words may run
//! together (`P r a b o w o G i b r a n`), and the matcher reads them as it
//! reads `#prabowogibran`.
//!
//! A change of separator ends a run: `M.a.h.f.u.d M.D` gives `mahfud md`, and
//! `G A N J A R  M A H F U D` (two spaces between words) gives `ganjar mahfud`.

use super::{is_letter, is_word, Unit, Units};

/// Joins split letters of `input` into `out` (replacing its contents).
///
/// ```
/// use netral::normalize::{spaced, Unit};
/// let input: Vec<Unit> = "pilih p r a b o w o".char_indices()
///     .map(|(i, c)| Unit::new(c, i, i + 1)).collect();
/// let mut out = Vec::new();
/// spaced::join(&input, &mut out);
/// let s: String = out.iter().map(|u| u.ch).collect();
/// assert_eq!(s, "pilih prabowo");
/// ```
pub fn join(input: &[Unit], out: &mut Units) {
    join_with(input, out, &mut Vec::new());
}

/// [`join`] with a scratch vector for the pieces, so a loop over many texts
/// allocates only for the longest; says whether it joined anything.
pub(crate) fn join_with(input: &[Unit], out: &mut Units, pieces: &mut Vec<(usize, usize)>) -> bool {
    out.clear();
    let mut joined = false;
    find_pieces(input, pieces);
    let pieces = &pieces[..];
    let mut next_unit = 0;
    // Pieces before this are in a run of single characters that was not
    // joined (see `run_from`).
    let mut no_single_until = 0;
    let mut p = 0;
    while p < pieces.len() {
        let run = run_from(input, pieces, p, &mut no_single_until);
        if run > 1 {
            joined = true;
            let (first, _) = pieces[p];
            out.extend_from_slice(&input[next_unit..first]);
            // Written in pieces (letters or syllables), words may run
            // together as in a hashtag (`P r a b o w o G i b r a n`): the
            // run is read as one.
            for &(s, e) in &pieces[p..p + run] {
                out.extend(input[s..e].iter().map(|&u| Unit { tag: true, ..u }));
            }
            next_unit = pieces[p + run - 1].1;
            p += run;
        } else {
            p += 1;
        }
    }
    out.extend_from_slice(&input[next_unit..]);
    joined
}

/// Maximal runs of word characters, as unit index ranges, into `out`.
fn find_pieces(input: &[Unit], out: &mut Vec<(usize, usize)>) {
    out.clear();
    let mut i = 0;
    while i < input.len() {
        if is_word(input[i].ch) {
            let s = i;
            while i < input.len() && is_word(input[i].ch) {
                i += 1;
            }
            out.push((s, i));
        } else {
            i += 1;
        }
    }
}

/// How many pieces from `p` on form one joinable run (1 = none).
///
/// A run of single characters that is not joined is no more joinable from
/// any piece inside it (fewer pieces, no more letters), so it is measured
/// once: `no_single_until` is where it ends. Measured again from every
/// piece, `2️⃣ 2️⃣ 2️⃣ …` (digits a space apart) took time by the square of
/// its length.
fn run_from(
    input: &[Unit],
    pieces: &[(usize, usize)],
    p: usize,
    no_single_until: &mut usize,
) -> usize {
    let single = |k: usize| pieces[k].1 - pieces[k].0 == 1;
    let syllable = |k: usize| {
        let (s, e) = pieces[k];
        e - s <= 3 && input[s..e].iter().all(|u| is_letter(u.ch))
    };
    let sep = |k: usize| -> Option<(char, bool)> {
        // The separator between piece k and k + 1: one character, or one
        // with a space on each side (`G 🔥 I`), or one written two or three
        // times (`G..a..n`), said as (it, padded): the last two are padded.
        let (_, e) = pieces[k];
        let (s, _) = *pieces.get(k + 1)?;
        let c = input[e].ch;
        if s == e + 1 && can_split_letters(c) {
            return Some((c, false));
        }
        if let Some(line_break) = line_break(&input[e..s]) {
            return Some((line_break, false));
        }
        let repeated = c != ' ' && s <= e + 3 && input[e..s].iter().all(|u| u.ch == c);
        if repeated && can_split_letters(c) {
            return Some((c, true));
        }
        let padded = s == e + 3 && c == ' ' && input[e + 2].ch == ' ';
        let mid = input[e + 1].ch;
        // Padded, only a symbol outside ASCII: `kelas A - B - C` is a list.
        (padded && !mid.is_ascii() && can_split_letters(mid)).then_some((mid, true))
    };
    let Some((first_sep, padded)) = sep(p) else {
        return 1;
    };

    // Single characters.
    if single(p) && p >= *no_single_until {
        let mut n = 1;
        while p + n < pieces.len() && single(p + n) && sep(p + n - 1) == Some((first_sep, padded)) {
            n += 1;
        }
        let letters = (p..p + n)
            .filter(|&k| is_letter(input[pieces[k].0].ch))
            .count();
        let tight = !matches!(first_sep, ' ' | '\n') && !padded;
        if (n >= 3 && letters >= 2) || (n == 2 && tight && letters == 2) {
            return n;
        }
        let spaced_two = n == 2 && letters == 2 && first_sep == ' ' && !padded;
        if spaced_two && next_to_spaced_word(input, pieces, p, n) {
            return n;
        }
        *no_single_until = p + n;
    }
    // Syllables.
    if !padded && matches!(first_sep, '-' | '.' | '_') && syllable(p) {
        let mut n = 1;
        while p + n < pieces.len() && syllable(p + n) && sep(p + n - 1) == Some((first_sep, false))
        {
            n += 1;
        }
        if n >= 3 {
            return n;
        }
    }
    1
}

/// True when pieces `p..p + n` stand two or more spaces (and nothing else)
/// from a word spelled out a letter a space (`c o b l o s  n o  3`): in a
/// text written so, two letters a space apart are a word too. Only single
/// characters are looked at across the gap, and those are never plain
/// chunks: a region holding the two letters holds them too.
fn next_to_spaced_word(input: &[Unit], pieces: &[(usize, usize)], p: usize, n: usize) -> bool {
    // Two or more spaces, nothing else, between pieces `k` and `k + 1`.
    let wide_gap = |k: usize| match (pieces.get(k), pieces.get(k + 1)) {
        (Some(&(_, e)), Some(&(s, _))) => s >= e + 2 && input[e..s].iter().all(|u| u.ch == ' '),
        _ => false,
    };
    // Piece `k` a single letter, one space from piece `k + 1`, a single
    // character.
    let spaced_pair = |k: usize| match (pieces.get(k), pieces.get(k + 1)) {
        (Some(&(a, b)), Some(&(c, d))) => {
            b == a + 1 && d == c + 1 && c == b + 1 && input[b].ch == ' '
        }
        _ => false,
    };
    let letter = |k: usize| pieces.get(k).is_some_and(|&(s, _)| is_letter(input[s].ch));
    let before = p >= 2 && wide_gap(p - 1) && letter(p - 1) && spaced_pair(p - 2);
    let after = wide_gap(p + n - 1) && letter(p + n) && spaced_pair(p + n);
    before || after
}

/// `'\n'` when `between` is one line break as written (`\n` or `\r\n`):
/// a word written downwards, a letter a line (`A\nM\nI\nN`). A break
/// with an empty span ends a region the chain runs over, and is no text.
fn line_break(between: &[Unit]) -> Option<char> {
    let written = |u: &Unit| u.start < u.end;
    match between {
        [n] if n.ch == '\n' && written(n) => Some('\n'),
        [r, n] if r.ch == '\r' && n.ch == '\n' && written(r) && written(n) => Some('\n'),
        _ => None,
    }
}

/// What may stand between the pieces of a split-up word (`G.a.n`, `g🔥a`);
/// narrower than [`super::separators::is_separator`].
fn can_split_letters(c: char) -> bool {
    matches!(
        c,
        ' ' | '.' | '-' | '_' | '*' | '·' | '/' | '|' | '+' | '~' | ','
    ) || (!c.is_ascii() && !is_word(c) && !c.is_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A unit for each character of `s`, standing for itself.
    fn units(s: &str) -> Vec<Unit> {
        s.char_indices()
            .map(|(i, c)| Unit::new(c, i, i + c.len_utf8()))
            .collect()
    }

    fn joined_units(input: &[Unit]) -> Vec<Unit> {
        let mut out = Vec::new();
        join(input, &mut out);
        out
    }

    fn joined(s: &str) -> String {
        joined_units(&units(s)).iter().map(|u| u.ch).collect()
    }

    #[test]
    fn joins_single_letters() {
        assert_eq!(joined("g a n j a r menang"), "ganjar menang");
        assert_eq!(joined("p.d.i.p no 3"), "pdip no 3");
        assert_eq!(joined("a_n_i_e_s"), "anies");
        assert_eq!(joined("g🔥a🔥n"), "gan");
        assert_eq!(joined("g..a..n..j..a..r"), "ganjar");
        assert_eq!(joined("p--k--b 🔥🔥a🔥🔥m🔥🔥i🔥🔥n"), "pkb 🔥🔥amin");
        assert_eq!(joined("p.r.4.b.o.w.o"), "pr4bowo");
        assert_eq!(
            joined("g 🔥 i 🔥 b 🔥 r 🔥 a 🔥 n for wapres"),
            "gibran for wapres"
        );
    }

    #[test]
    fn joins_a_word_written_downwards() {
        assert_eq!(joined("a\nm\ni\nn\n\nperubahan"), "amin\n\nperubahan");
        assert_eq!(joined("g\r\na\r\nn"), "gan");
        // Two breaks end the word; so does the end of a region (a break
        // that stands for no text). Two letters alone are not joined.
        assert_eq!(joined("a\n\nb\n\nc"), "a\n\nb\n\nc");
        let mut input = units("a\nb\nc");
        input[1].end = input[1].start;
        let s: String = joined_units(&input).iter().map(|u| u.ch).collect();
        assert_eq!(s, "a\nb\nc");
    }

    #[test]
    fn separator_change_ends_a_run() {
        assert_eq!(joined("m.a.h.f.u.d m.d"), "mahfud md");
        assert_eq!(joined("g a n j a r  m a h f u d"), "ganjar  mahfud");
        assert_eq!(joined("n a s d e m  no 5"), "nasdem  no 5");
    }

    #[test]
    fn joins_two_letters_among_spaced_words() {
        assert_eq!(joined("c o b l o s  n o  3"), "coblos  no  3");
        assert_eq!(joined("n o  u r u t  2"), "no  urut  2");
        assert_eq!(joined("a y o   k e   t p s"), "ayo   ke   tps");
        // Not next to a spaced-out word: two letters stay apart.
        assert_eq!(joined("kelas  a b  saja"), "kelas  a b  saja");
        assert_eq!(joined("kelas a  b c"), "kelas a  b c");
        assert_eq!(joined("x  a b  1 2"), "x  a b  1 2");
    }

    #[test]
    fn a_long_run_of_digits_is_measured_once() {
        // Digits a space apart join nothing; each piece used to measure the
        // run to its end again.
        let digits = "2 ".repeat(100_000);
        assert_eq!(joined(&digits), digits);
    }

    #[test]
    fn joined_letters_are_marked_as_in_a_tag() {
        let out = joined_units(&units("ya p r a b o w o g i b r a n"));
        let tagged: String = out.iter().filter(|u| u.tag).map(|u| u.ch).collect();
        assert_eq!(tagged, "prabowogibran");
        assert!(!out[0].tag && !out[1].tag);
    }

    #[test]
    fn joins_syllables() {
        assert_eq!(joined("ge-rin-dra"), "gerindra");
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        for s in [
            "sat-set",
            "hati-hati",
            "1 2 3",
            "ke-2",
            "no. 2",
            "a dan b",
            "rt 05 rw 03",
            "a - b",
            "kelas a - b - c dan d",
            "a 🔥 b",
            "ok..ya..gas",
            "a..b",
        ] {
            assert_eq!(joined(s), s);
        }
    }
}

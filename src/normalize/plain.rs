//! Which parts of a text need the full chain, and which are plain.
//!
//! Most of a post is ordinary words; only a hashtag, a `pr4bowo` or a
//! `G a n j a r` needs the stages. A text is cut into chunks at ASCII
//! whitespace and each chunk is judged alone (a cheap over-estimate):
//!
//! - [`Chunk::Plain`]: ASCII words of two or more characters, punctuation,
//!   emoji and other symbols, invisible marks away from letters. Every stage
//!   leaves such a chunk as it is, so it is only lowercased and copied.
//! - [`Chunk::Digit`]: plain but for a lone digit (`no 3`). A lone digit can
//!   join spaced-out letters next to it (`a 1 b`), so it goes with the chain
//!   when a neighbour does, and is copied otherwise.
//! - [`Chunk::Complex`]: anything a stage may change: `#` `@` `$`, a letter
//!   outside ASCII or a look-alike, a combining mark, a digit touching a
//!   letter, a lone letter, short syllables joined by `-` `.` `_`, three equal
//!   letters or symbols in a row, an invisible mark touching a letter.
//!
//! [`regions`] groups neighbouring non-plain chunks into the regions the
//! chain runs over. Stages never reach across a plain chunk (spaced letters
//! need single-character neighbours, tags and words end at whitespace), so
//! running the chain on the regions alone gives what it gives on the whole
//! text.
//!
//! ```
//! use netral::normalize::plain::{classify, Chunk};
//! assert_eq!(classify("selamat"), Chunk::Plain);
//! assert_eq!(classify("pagi,🙏"), Chunk::Plain);
//! assert_eq!(classify("3"), Chunk::Digit);
//! assert_eq!(classify("#Amin"), Chunk::Complex);
//! assert_eq!(classify("pr4bowo"), Chunk::Complex);
//! ```

use super::ascii::{ALPHA, CLASS, DIGIT, JOINER, LEET_DIGIT, LEET_SYMBOL, SPACE, TAG};
use super::fold::{simple, Simple};
use super::swar;

/// How much of the chain a chunk needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chunk {
    /// Nothing to undo: lowercase and copy.
    Plain,
    /// Plain, but holds a lone digit that spaced-out letters next to it may take in.
    Digit,
    /// A stage may change it.
    Complex,
}

/// True for the bytes chunks are cut at.
pub(crate) fn is_chunk_space(b: u8) -> bool {
    b < 128 && CLASS[b as usize] & SPACE != 0
}

/// Judges one chunk (text without ASCII whitespace).
pub fn classify(chunk: &str) -> Chunk {
    let b = chunk.as_bytes();
    let mut class = Chunk::Plain;
    // The last two kept characters, lowercased, for stretched runs; reset by
    // separators, which break a run.
    let (mut p2, mut p1) = ('\0', '\0');
    // Short syllables joined by one repeated joiner (`ge-rin-dra`): how many
    // so far, by which joiner, and where the last piece ended.
    let (mut syllables, mut joiner, mut last_end) = (0u8, 0u8, usize::MAX);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c >= 128 {
            let Some(ch) = chunk[i..].chars().next() else {
                return Chunk::Complex;
            };
            let next = i + ch.len_utf8();
            match simple(ch) {
                None => return Chunk::Complex,
                Some(Simple::Invisible) => {
                    // Between letters it may hide a name (`a\u{200b}nies`).
                    let word = |x: Option<&u8>| x.is_some_and(|x| x.is_ascii_alphanumeric());
                    if word(b.get(next)) || (i > 0 && word(b.get(i - 1))) {
                        return Chunk::Complex;
                    }
                }
                Some(Simple::Symbol) => {
                    if ch == p1 && ch == p2 {
                        return Chunk::Complex;
                    }
                    (p2, p1) = (p1, ch);
                }
                Some(_) => (p2, p1) = ('\0', '\0'),
            }
            i = next;
            continue;
        }
        let k = CLASS[c as usize];
        if k & (ALPHA | DIGIT) == 0 {
            if k & (TAG | LEET_SYMBOL) != 0 {
                return Chunk::Complex;
            }
            (p2, p1) = ('\0', '\0');
            i += 1;
            continue;
        }
        // A piece: a run of ASCII letters and digits.
        let s = i;
        let mut alpha_only = true;
        let mut prev = 0u8;
        while i < b.len() && b[i] < 128 && CLASS[b[i] as usize] & (ALPHA | DIGIT) != 0 {
            let k = CLASS[b[i] as usize];
            if (k & LEET_DIGIT != 0 && prev & ALPHA != 0)
                || (k & ALPHA != 0 && prev & LEET_DIGIT != 0)
            {
                return Chunk::Complex;
            }
            if k & ALPHA != 0 {
                let l = b[i].to_ascii_lowercase() as char;
                if l == p1 && l == p2 {
                    return Chunk::Complex;
                }
                (p2, p1) = (p1, l);
            } else {
                alpha_only = false;
                // Digits never collapse, but they break a run of letters.
                (p2, p1) = ('\0', '\0');
            }
            prev = k;
            i += 1;
        }
        let len = i - s;
        if len == 1 {
            if alpha_only {
                return Chunk::Complex;
            }
            class = Chunk::Digit;
        }
        let short = alpha_only && len <= 3;
        let sep = if s > 0 { b[s - 1] } else { 0 };
        let joined = syllables > 0
            && last_end.wrapping_add(1) == s
            && sep < 128
            && CLASS[sep as usize] & JOINER != 0;
        syllables = match (short, joined) {
            (false, _) => 0,
            (true, false) => 1,
            (true, true) if syllables == 1 || sep == joiner => syllables + 1,
            (true, true) => 2,
        };
        if syllables >= 3 {
            return Chunk::Complex;
        }
        joiner = sep;
        last_end = i;
    }
    class
}

/// The byte ranges of `text` the full chain must run over: maximal runs of
/// non-plain chunks (with the whitespace between them) that hold at least one
/// complex chunk. Replaces the contents of `out`; `suspects` is scratch.
///
/// ```
/// let (mut s, mut r) = (Vec::new(), Vec::new());
/// netral::normalize::plain::regions("ayo #Amin no 1 ya", &mut s, &mut r);
/// assert_eq!(r, vec![(4, 9)]);
/// netral::normalize::plain::regions("coblos 0 1 P 2", &mut s, &mut r);
/// assert_eq!(r, vec![(7, 14)]);
/// ```
pub fn regions(text: &str, suspects: &mut Vec<u32>, out: &mut Vec<(u32, u32)>) {
    out.clear();
    find_suspects(text, suspects);
    let b = text.as_bytes();
    for &p in suspects.iter() {
        let p = p as usize;
        if out.last().is_some_and(|&(_, e)| p < e as usize) {
            continue;
        }
        let (mut s, mut e) = chunk_around(b, p);
        if classify(&text[s..e]) != Chunk::Complex {
            continue;
        }
        // Lone digits on either side come along (`a 1 2 b`); a complex
        // chunk to the right joins too, so a run is never cut in two.
        let floor = out.last().map_or(0, |&(_, e)| e as usize);
        while let Some((ps, pe)) = chunk_before(b, s).filter(|&(ps, _)| ps >= floor) {
            if classify(&text[ps..pe]) == Chunk::Plain {
                break;
            }
            s = ps;
        }
        while let Some((ns, ne)) = chunk_after(b, e) {
            if classify(&text[ns..ne]) == Chunk::Plain {
                break;
            }
            e = ne;
        }
        out.push((s as u32, e as u32));
    }
}

/// Positions in `text` where a complex chunk may be: every complex chunk
/// holds at least one (a property test checks it). ASCII goes six bytes at a
/// time (see [`swar`]), so plain text costs little; the scalar scan takes
/// what holds other characters.
pub(crate) fn find_suspects(text: &str, out: &mut Vec<u32>) {
    out.clear();
    let b = text.as_bytes();
    let mut scan = Scan::default();
    // Windows need the two bytes before them.
    let mut i = scan.scalar(text, 0, 2, out);
    while i + 6 <= b.len() {
        let x = swar::load(b, i - 2);
        // Lanes before the first non-ASCII one go at once; that character
        // goes to the scalar scan.
        let trouble = swar::non_ascii(x) & WINDOW;
        let take = if trouble == 0 {
            6
        } else {
            trouble.trailing_zeros() as usize / 8 - 2
        };
        if take > 0 {
            let a = swar::alpha(x);
            let d = swar::in_range(x, b'0', b'9');
            let leet_digit = d & !swar::eq(x, b'2');
            let special = swar::eq(x, b'#') | swar::eq(x, b'@') | swar::eq(x, b'$');
            let joiner = swar::eq(x, b'-') | swar::eq(x, b'.') | swar::eq(x, b'_');
            let w = a | d;
            let low = (x & !swar::HIGH) | (a >> 2);
            let leet = ((a << 8) & leet_digit) | ((leet_digit << 8) & a);
            let stretched =
                a & (a << 8) & (a << 16) & swar::same(low, low << 8) & swar::same(low, low << 16);
            let joined = (joiner << 8) & (a << 16) & a;
            let judged = WINDOW & (u64::MAX >> (48 - 8 * take));
            // A lone letter shows in the lane after it.
            let lone = (a << 8) & !(w << 16) & !w & judged;
            let here = (special | leet | stretched | joined) & judged;
            if here | lone != 0 {
                for k in 2..8 {
                    if swar::lane_set(lone, k) {
                        out.push((i + k - 3) as u32);
                    }
                    if swar::lane_set(here, k) {
                        out.push((i + k - 2) as u32);
                    }
                }
            }
            scan.after_ascii(b[i + take - 2], b[i + take - 1]);
            i += take;
        }
        if take < 6 {
            i = scan.scalar(text, i, i + 1, out);
        }
    }
    scan.scalar(text, i, b.len(), out);
    // The end of the text ends a lone letter too.
    if scan.k1 & ALPHA != 0 && scan.k2 & (ALPHA | DIGIT) == 0 {
        out.push((b.len() - 1) as u32);
    }
}

/// Lanes 2 to 7 of a window: the bytes it judges (0 and 1 are context).
const WINDOW: u64 = 0x8080_8080_8080_0000;

/// What the scalar scan remembers between characters.
#[derive(Default)]
struct Scan {
    /// Classes of the two bytes before (0 after a non-ASCII character).
    k1: u8,
    k2: u8,
    /// Lowercase letters of the two bytes before, 0 for anything else.
    l1: u8,
    l2: u8,
    /// The last symbol and how many times it came in a row.
    sym: char,
    sym_run: u32,
}

impl Scan {
    /// Scans the characters from byte `i` until at least byte `to`; returns
    /// where it stopped.
    fn scalar(&mut self, text: &str, mut i: usize, to: usize, out: &mut Vec<u32>) -> usize {
        let b = text.as_bytes();
        let to = to.min(b.len());
        while i < to {
            let c = b[i];
            if c < 128 {
                let k = CLASS[c as usize];
                let l = if k & ALPHA != 0 { c | 0x20 } else { 0 };
                let (k1, k2) = (self.k1, self.k2);
                let leet = (((k1 & ALPHA) << 2) & k) | (((k & ALPHA) << 2) & k1);
                let lone = k1 & ALPHA != 0 && k2 & (ALPHA | DIGIT) == 0 && k & (ALPHA | DIGIT) == 0;
                let stretched = l != 0 && l == self.l1 && l == self.l2;
                let joined = k1 & JOINER != 0 && k2 & ALPHA != 0 && k & ALPHA != 0;
                if lone {
                    out.push((i - 1) as u32);
                }
                if k & (TAG | LEET_SYMBOL) != 0 || leet != 0 || stretched || joined {
                    out.push(i as u32);
                }
                (self.k2, self.k1, self.l2, self.l1) = (k1, k, self.l1, l);
                self.sym_run = 0;
                i += 1;
                continue;
            }
            let Some(ch) = text[i..].chars().next() else {
                out.push(i as u32);
                return b.len();
            };
            let next = i + ch.len_utf8();
            let word = |x: Option<&u8>| x.is_some_and(|x| x.is_ascii_alphanumeric());
            if self.k1 & ALPHA != 0 && self.k2 & (ALPHA | DIGIT) == 0 {
                out.push((i - 1) as u32);
            }
            match simple(ch) {
                None => out.push(i as u32),
                Some(Simple::Invisible) => {
                    // Between letters it may hide a name; otherwise it is
                    // transparent, as folding drops it.
                    if word(b.get(next)) || (i > 0 && word(b.get(i - 1))) {
                        out.push(i as u32);
                    }
                    i = next;
                    continue;
                }
                Some(Simple::Symbol) => {
                    self.sym_run = if ch == self.sym { self.sym_run + 1 } else { 1 };
                    self.sym = ch;
                    if self.sym_run >= 3 {
                        out.push(i as u32);
                    }
                }
                Some(_) => self.sym_run = 0,
            }
            (self.k2, self.k1, self.l2, self.l1) = (self.k1, 0, self.l1, 0);
            i = next;
        }
        i
    }

    /// The state after ASCII judged in a window, given its last two bytes.
    fn after_ascii(&mut self, b4: u8, b5: u8) {
        // The bytes may belong to a character before the window: class 0.
        let letter = |c: u8| if c.is_ascii_alphabetic() { c | 0x20 } else { 0 };
        let class = |c: u8| if c < 128 { CLASS[c as usize] } else { 0 };
        self.k2 = class(b4);
        self.k1 = class(b5);
        self.l2 = letter(b4);
        self.l1 = letter(b5);
        self.sym_run = 0;
    }
}

/// The chunk (run of non-whitespace) that holds byte `p`.
fn chunk_around(b: &[u8], p: usize) -> (usize, usize) {
    let s = b[..p]
        .iter()
        .rposition(|&c| is_chunk_space(c))
        .map_or(0, |x| x + 1);
    let e = b[p..]
        .iter()
        .position(|&c| is_chunk_space(c))
        .map_or(b.len(), |x| p + x);
    (s, e)
}

/// The chunk before the whitespace that ends at `s`, if any.
fn chunk_before(b: &[u8], s: usize) -> Option<(usize, usize)> {
    let e = b[..s].iter().rposition(|&c| !is_chunk_space(c))? + 1;
    Some(chunk_around(b, e - 1))
}

/// The chunk after the whitespace that starts at `e`, if any.
fn chunk_after(b: &[u8], e: usize) -> Option<(usize, usize)> {
    let s = e + b[e..].iter().position(|&c| !is_chunk_space(c))?;
    Some(chunk_around(b, s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_chunks() {
        for c in [
            "selamat",
            "pagi,",
            "rekan2",
            "08.00",
            "2024",
            "(PNS)",
            "ASN-nya",
            "🙏🏽",
            "❤\u{fe0f}❤\u{fe0f}",
            "“ya”",
            "saat",
            "sat-set",
        ] {
            assert_eq!(classify(c), Chunk::Plain, "{c}");
        }
    }

    #[test]
    fn complex_chunks() {
        for c in [
            "#PrabowoGibran",
            "@kpu",
            "pr4bowo",
            "5K",
            "a",
            "P.D.I.P",
            "ge-rin-dra",
            "menanggg",
            "AMIIIN",
            "🔥🔥🔥",
            "❤\u{fe0f}❤\u{fe0f}❤\u{fe0f}",
            "a\u{200b}nies",
            "𝐏𝐫𝐚𝐛𝐨𝐰𝐨",
            "Аniеs",
            "Mahfúd",
            "$uara",
        ] {
            assert_eq!(classify(c), Chunk::Complex, "{c}");
        }
    }

    #[test]
    fn lone_digits() {
        assert_eq!(classify("3"), Chunk::Digit);
        assert_eq!(classify("3,"), Chunk::Digit);
        assert_eq!(classify("1,2"), Chunk::Digit);
    }

    #[test]
    fn regions_take_in_neighbouring_digits() {
        let (mut s, mut r) = (Vec::new(), Vec::new());
        regions("a 1 2 3 b", &mut s, &mut r);
        assert_eq!(r, vec![(0, 9)]);
        regions("no 1 2 3 ya", &mut s, &mut r);
        assert!(r.is_empty());
        regions("", &mut s, &mut r);
        assert!(r.is_empty());
        regions("#a #b xy #c", &mut s, &mut r);
        assert_eq!(r, vec![(0, 5), (9, 11)]);
        regions("1 2 #a 3 4 yy 5 b", &mut s, &mut r);
        assert_eq!(r, vec![(0, 10), (14, 17)]);
    }

    /// Every chunk [`classify`] calls complex holds a suspect.
    fn suspects_cover(text: &str) -> Result<(), String> {
        let mut sus = Vec::new();
        find_suspects(text, &mut sus);
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if is_chunk_space(b[i]) {
                i += 1;
                continue;
            }
            let (s, e) = chunk_around(b, i);
            if classify(&text[s..e]) == Chunk::Complex
                && !sus.iter().any(|&p| (s..e).contains(&(p as usize)))
            {
                return Err(format!("{:?} in {text:?} has no suspect", &text[s..e]));
            }
            i = e;
        }
        Ok(())
    }

    #[test]
    fn suspects_cover_complex_chunks() {
        for t in [
            "a",
            "x 🔥🔥🔥",
            "ge-rin-dra",
            "aa\u{200b}a",
            "ok p",
            "Mahfúd",
        ] {
            suspects_cover(t).unwrap();
        }
    }

    proptest::proptest! {
        #[test]
        fn suspects_cover_complex_chunks_in_any_text(
            t in "([a-zA-Z0-9]{1,4}|[ .,!_#@$-]|🔥|\u{fe0f}|\u{200b}|é|𝐏|\n){0,24}|\\PC{0,16}"
        ) {
            if let Err(e) = suspects_cover(&t) {
                proptest::prop_assert!(false, "{}", e);
            }
        }
    }
}

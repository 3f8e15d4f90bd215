//! Which parts of a text need the full chain, and which are plain.
//!
//! Most of a post is ordinary words; only a hashtag, a `pr4bowo` or a
//! `G a n j a r` needs the stages. A text is cut into chunks at ASCII
//! whitespace and each chunk is judged alone (a cheap over-estimate):
//!
//! - [`Chunk::Plain`]: ASCII words of two or more characters, punctuation,
//!   emoji and other symbols, invisible marks away from letters. Every stage
//!   leaves such a chunk as it is, so it is only lowercased and copied.
//! - [`Chunk::Lone`]: plain but for a lone digit (`no 3`) or a lone symbol
//!   (`-`, `🔥`). Either can join spaced-out letters next to it (`a 1 b`,
//!   `G 🔥 I 🔥 B`), so it goes with the chain when a neighbour does, and is
//!   copied otherwise.
//! - [`Chunk::Tag`]: a hashtag or mention of ASCII words of two or more
//!   characters (`#AMINAjaDulu`, `@kpu_ri`), perhaps with closing
//!   punctuation. The hashtag stage would split it and nothing after would
//!   change it, so it is split as it is written ([`simple_tag`]).
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
//! Chunks are judged only where a cheap test over whole spans of bytes
//! (`span_suspects`, and `Wide` for characters outside ASCII) finds a
//! byte that may make one complex; the writer runs those tests as it
//! copies, so a plain text is read once.
//!
//! ```
//! use netral::normalize::plain::{classify, Chunk};
//! assert_eq!(classify("selamat"), Chunk::Plain);
//! assert_eq!(classify("pagi,🙏"), Chunk::Plain);
//! assert_eq!(classify("3"), Chunk::Lone);
//! assert_eq!(classify("🔥"), Chunk::Lone);
//! assert_eq!(classify("✌\u{fe0f}"), Chunk::Lone);
//! assert_eq!(classify("#AminAja"), Chunk::Tag);
//! assert_eq!(classify("#Amin1"), Chunk::Complex);
//! assert_eq!(classify("pr4bowo"), Chunk::Complex);
//! ```

use super::ascii::{ALPHA, CLASS, DIGIT, JOINER, LEET_DIGIT, LEET_SYMBOL, SPACE, TAG};
use super::block::{self, Classes64};
use super::fold::{simple, Simple};

/// How much of the chain a chunk needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chunk {
    /// Nothing to undo: lowercase and copy.
    Plain,
    /// Plain, but a lone digit or symbol that spaced-out letters next to it may take in.
    Lone,
    /// A hashtag or mention that only needs splitting into words.
    Tag,
    /// A stage may change it.
    Complex,
}

/// True for the bytes chunks are cut at.
pub(crate) fn is_chunk_space(b: u8) -> bool {
    CLASS[b as usize] & SPACE != 0
}

/// Judges one chunk (text without ASCII whitespace).
pub fn classify(chunk: &str) -> Chunk {
    match chunk.as_bytes() {
        // Spaced-out letters and digits (`P r a b o w o`, `0 2`) are
        // chunks of one byte, and growing a region asks about each.
        &[c] => ONE_BYTE[c as usize],
        _ => classify_chunk(chunk),
    }
}

/// True for the commonest plain chunk, a word: two or more ASCII letters,
/// none three times in a row (`kali`, `Selamat`), and after them only
/// punctuation that joins nothing (`ya.`, `rekan,`, no `#`, `@` or `$`).
/// Growing a region asks about the chunk after it, most often such a
/// word, and this is quicker to ask than [`classify`]. Chunks judged for
/// a suspect are seldom such words, so [`classify`] itself does not ask
/// it first: there it cost plain texts more than it saved.
fn is_plain_word(b: &[u8]) -> bool {
    let letters = b
        .iter()
        .position(|&c| CLASS[c as usize] & ALPHA == 0)
        .unwrap_or(b.len());
    let stretched = |w: &[u8]| (w[0] | 0x20) == (w[1] | 0x20) && (w[1] | 0x20) == (w[2] | 0x20);
    letters >= 2
        && b[letters..]
            .iter()
            .all(|&c| c.is_ascii() && CLASS[c as usize] & (ALPHA | DIGIT | TAG | LEET_SYMBOL) == 0)
        && !b[..letters].windows(3).any(stretched)
}

/// [`classify`] of the chunks of one byte (ASCII, as every such `str` is).
static ONE_BYTE: [Chunk; 256] = {
    let mut t = [Chunk::Complex; 256];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        if !(c.is_ascii_alphabetic() || c == b'#' || c == b'@' || c == b'$') {
            t[i] = Chunk::Lone;
        }
        i += 1;
    }
    t
};

/// [`classify`] of any chunk.
fn classify_chunk(chunk: &str) -> Chunk {
    let b = chunk.as_bytes();
    // Most chunks are no tag: asked first, that costs one compare.
    let tag = matches!(b.first(), Some(b'#' | b'@'));
    if tag && simple_tag(b).is_some() {
        return Chunk::Tag;
    }
    match classify_letters(chunk) {
        Chunk::Plain if !starts_with_two_ascii(b) && is_lone_symbol(chunk) => Chunk::Lone,
        class => class,
    }
}

/// The length of the tag (`#` or `@` and its body) when `chunk` is a
/// [`Chunk::Tag`]: a body of ASCII letters and digits, in pieces split by
/// one `_` or `.` or where the hashtag stage splits words (`aB`, `a1`,
/// `ABc`), every piece two or more characters long, no two or three digits
/// between letters and no character three times in a row; after it only
/// `,` `!` `?` `:` `;` `)` `"` `'`.
///
/// Those conditions keep every stage after the hashtag split from acting:
/// no piece is a single letter (spaced), no digits may be leet the split
/// leaves joined to letters (`b00m`), nothing is stretched (repeats), and
/// the closing marks join nothing to it.
///
/// ```
/// use netral::normalize::plain::simple_tag;
/// assert_eq!(simple_tag(b"#PrabowoGibran2024!"), Some(18));
/// assert_eq!(simple_tag(b"@kpu_ri"), Some(7));
/// assert_eq!(simple_tag(b"#GanjarMahfudMD"), Some(15));
/// assert_eq!(simple_tag(b"#AniesRI1"), None); // `1` alone
/// assert_eq!(simple_tag(b"#GARUDAAA"), None); // stretched
/// assert_eq!(simple_tag(b"#b00mGanjar"), None); // maybe leet
/// assert_eq!(simple_tag(b"#AMIN."), None); // a dot may end a sentence
/// ```
pub fn simple_tag(chunk: &[u8]) -> Option<usize> {
    match tag_shape(chunk) {
        Some(shape) => shape.map(|s| 1 + s.body),
        None => walk_tag(chunk, |_| {}),
    }
}

/// Where the body of a [`simple_tag`] splits into words: bit `k` for body
/// byte `k` (the byte after the `#` or `@`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TagShape {
    /// The body's length; the tag is a byte longer.
    pub(crate) body: usize,
    /// Bytes before which words meet (`AMIN|Aja`): a space is inserted.
    pub(crate) splits: u64,
    /// `_` and `.`: each is written as a space.
    pub(crate) joiners: u64,
}

/// [`walk_tag`]'s judgment of `chunk`, made on masks of its bytes
/// ([`block::tag_span`]) instead of a byte at a time: Some(None) when it
/// is no simple tag. None when the body is too long for one span of masks
/// (62 bytes or more); [`walk_tag`] judges those. A property test keeps
/// the two in agreement.
#[inline]
pub(crate) fn tag_shape(chunk: &[u8]) -> Option<Option<TagShape>> {
    match chunk.first() {
        Some(b'#' | b'@') => {}
        _ => return Some(None),
    }
    let k = block::tag_span(chunk, 1);
    let body = (k.upper | k.lower | k.digit | k.joiner).trailing_ones() as usize;
    if body >= 62 {
        return None;
    }
    let m = block::low_bits(body);
    let (upper, lower, digit, joiner) = (k.upper & m, k.lower & m, k.digit & m, k.joiner & m);
    let letter = upper | lower;
    let word = letter | digit;
    // As `hashtag::boundary_ascii`, with the byte before and after each.
    let splits = ((letter << 1) & digit)
        | ((digit << 1) & letter)
        | ((lower << 1) & upper)
        | ((upper << 1) & upper & (lower >> 1));
    // Every piece between joiners and splits is two characters or more,
    // and the body ends in one.
    let piece_start = word & !((word << 1) & !splits);
    let short = piece_start & !((word & !splits) >> 1);
    let bare_joiner = joiner & !(word << 1);
    // Two or three digits between letters may be leet the hashtag stage
    // joins to them (`b00m`); one digit alone is a short piece.
    let (digits_from, digits_to) = (digit & (letter << 1), digit & (letter >> 1));
    let leetish =
        (digits_from & (digits_to >> 1)) | (digits_from & (digit >> 1) & (digits_to >> 2));
    let ends_in_word = body > 0 && word & (1 << (body - 1)) != 0;
    // Three equal characters in a row (joiners break a run, splits do not).
    let stretched = word & (word << 1) & (word << 2) & k.same & (k.same << 1);
    let simple = short == 0
        && bare_joiner == 0
        && leetish == 0
        && ends_in_word
        && stretched == 0
        && chunk[1 + body..].iter().all(is_closing);
    Some(simple.then_some(TagShape {
        body,
        splits,
        joiners: joiner,
    }))
}

/// What [`walk_tag`] meets in a tag, in order, by byte offset in the chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TagPart {
    /// The `#` or `@`, always first.
    Sigil(u8),
    /// A letter or digit: kept.
    Byte(u8),
    /// A `_` or `.`: a space.
    Joiner(usize),
    /// Words meet before this byte (`AMIN|Aja`): a space is inserted.
    Split(usize),
}

/// [`simple_tag`], telling `part` what it meets as it goes: one walk for
/// judging a tag and for writing it (the writer drops what it wrote when
/// the answer is None).
#[inline]
pub(crate) fn walk_tag(chunk: &[u8], mut part: impl FnMut(TagPart)) -> Option<usize> {
    let (&sigil, body) = chunk.split_first()?;
    if sigil != b'#' && sigil != b'@' {
        return None;
    }
    part(TagPart::Sigil(sigil));
    // How long the current piece is so far, the byte before, and the two
    // before as `| 0x20` (lowercase for letters, digits as they are).
    let (mut piece, mut prev, mut p1, mut p2) = (0, b' ', 0u8, 0u8);
    // The current piece is digits that came right after a letter.
    let mut digits_after_letter = false;
    let mut len = body.len();
    for (k, &c) in body.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if c != b'_' && c != b'.' {
                len = k;
                break;
            }
            if piece < 2 {
                return None;
            }
            part(TagPart::Joiner(1 + k));
            (piece, prev, p1, p2) = (0, c, 0, 0);
            digits_after_letter = false;
            continue;
        }
        if piece > 0 {
            let next = body.get(k + 1).copied().unwrap_or(b' ');
            if super::hashtag::boundary_ascii(prev, c, next) {
                // Two or three digits between letters: maybe leet, which
                // the hashtag stage joins (see `tag_shape`).
                if piece < 2 || (digits_after_letter && piece <= 3 && c.is_ascii_alphabetic()) {
                    return None;
                }
                digits_after_letter = prev.is_ascii_alphabetic() && c.is_ascii_digit();
                piece = 0;
                part(TagPart::Split(1 + k));
            }
        }
        let low = c | 0x20;
        if low == p1 && low == p2 {
            return None;
        }
        part(TagPart::Byte(c));
        (piece, prev, p1, p2) = (piece + 1, c, low, p1);
    }
    (piece >= 2 && body[len..].iter().all(is_closing)).then_some(1 + len)
}

/// True for the marks that may close a simple tag (`#AminAja!`): they
/// join nothing to it.
fn is_closing(c: &u8) -> bool {
    matches!(c, b',' | b'!' | b'?' | b':' | b';' | b')' | b'"' | b'\'')
}

/// True for a chunk of one symbol or punctuation mark (`🔥`, `-`, `✌️`: the
/// invisible marks folding drops do not count).
fn is_lone_symbol(chunk: &str) -> bool {
    let mut chars = chunk
        .chars()
        .filter(|&c| simple(c) != Some(Simple::Invisible));
    match (chars.next(), chars.next()) {
        (Some(c), None) => matches!(simple(c), Some(Simple::Symbol | Simple::Separator)),
        _ => false,
    }
}

/// [`classify`] but for lone symbols.
fn classify_letters(chunk: &str) -> Chunk {
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
        while i < b.len() && CLASS[b[i] as usize] & (ALPHA | DIGIT) != 0 {
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
            class = Chunk::Lone;
        }
        let short = alpha_only && len <= 3;
        let sep = if s > 0 { b[s - 1] } else { 0 };
        let joined =
            syllables > 0 && last_end.wrapping_add(1) == s && CLASS[sep as usize] & JOINER != 0;
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
/// netral::normalize::plain::regions("ayo #Amin1 no 1 ya", &mut s, &mut r);
/// assert_eq!(r, vec![(4, 10)]);
/// netral::normalize::plain::regions("coblos 0 1 P 2", &mut s, &mut r);
/// assert_eq!(r, vec![(7, 14)]);
/// ```
pub fn regions(text: &str, suspects: &mut Vec<u32>, out: &mut Vec<(u32, u32)>) {
    out.clear();
    find_suspects(text, suspects);
    search(text, 0, suspects, 0, out);
}

/// Adds to `out` the regions around the complex chunks of `text` that the
/// `suspects` (positions from byte `from`) find, skipping what lies before
/// `judged`.
fn search(text: &str, from: usize, suspects: &[u32], mut judged: usize, out: &mut Vec<(u32, u32)>) {
    for &p in suspects {
        if let Some(chunk) = judge_suspect(text, p as usize + from, &mut judged) {
            judged = grow(text, chunk, out);
        }
    }
}

/// Adds to `out` the region around `chunk`, a complex chunk (see
/// [`region_around`]). Returns where the chunks judged end.
fn grow(text: &str, chunk: (usize, usize), out: &mut Vec<(u32, u32)>) -> usize {
    let floor = out.last().map_or(0, |&(_, e)| e as usize);
    let ((s, e), judged) = region_around(text, chunk, floor);
    out.push((s as u32, e as u32));
    judged
}

/// The region around `chunk`, a complex chunk, and where the chunks judged
/// end: lone digits on either side come along (`a 1 2 b`), back to
/// `floor` at most, and complex chunks to the right join too, so a run is
/// never cut in two. The chunks before `chunk` are never complex (it is
/// the first complex chunk after `floor`).
pub(crate) fn region_around(
    text: &str,
    chunk: (usize, usize),
    floor: usize,
) -> ((usize, usize), usize) {
    let b = text.as_bytes();
    let (mut s, mut e) = chunk;
    let mut judged = e;
    let joins = |c: Chunk| matches!(c, Chunk::Lone | Chunk::Complex);
    while let Some((ps, pe)) = chunk_before(b, s).filter(|&(ps, _)| ps >= floor) {
        if !may_be_lone(&b[ps..pe]) || !joins(classify(&text[ps..pe])) {
            break;
        }
        s = ps;
    }
    while let Some((ns, ne)) = chunk_after(b, e) {
        // A chunk that does not join is judged all the same.
        judged = ne;
        if is_plain_word(&b[ns..ne]) || !joins(classify(&text[ns..ne])) {
            break;
        }
        e = ne;
    }
    ((s, e), judged)
}

/// False for a chunk that is no [`Chunk::Lone`] if it is not complex:
/// one without a digit that starts with two ASCII characters (a lone
/// symbol is one character that counts). Most words before a region are
/// such, and this is quicker to ask than [`classify`].
fn may_be_lone(chunk: &[u8]) -> bool {
    !starts_with_two_ascii(chunk) || chunk.iter().any(u8::is_ascii_digit)
}

/// True when `chunk` starts with two ASCII characters: two that count,
/// which no lone symbol has.
fn starts_with_two_ascii(chunk: &[u8]) -> bool {
    matches!(chunk, [x, y, ..] if x.is_ascii() && y.is_ascii())
}

/// Positions in `text` where a complex chunk may be: every complex chunk
/// holds at least one (a property test checks it). The ASCII tests go a
/// [`block::SPAN`] at a time, as masks ([`span_suspects`]); the characters
/// outside ASCII are judged one by one, in order ([`Wide`]).
pub(crate) fn find_suspects(text: &str, out: &mut Vec<u32>) {
    out.clear();
    let b = text.as_bytes();
    let mut wide = Wide::default();
    let mut at = 0;
    while at < b.len() {
        let k = block::classify_span(b, at);
        let before = |d: usize| at.checked_sub(d).map_or(0, |j| b[j]);
        let after = b.get(at + block::SPAN).copied().unwrap_or(0);
        let mut ascii = span_suspects(&k, before(2), before(1), after);
        while ascii != 0 {
            out.push((at + ascii.trailing_zeros() as usize) as u32);
            ascii &= ascii - 1;
        }
        let mut non_ascii = k.non_ascii;
        while non_ascii != 0 {
            let p = at + non_ascii.trailing_zeros() as usize;
            non_ascii &= non_ascii - 1;
            if p < wide.done {
                continue;
            }
            // Bytes since the last character were ASCII, so `p` starts one.
            let Some(ch) = text.get(p..).and_then(|s| s.chars().next()) else {
                out.push(p as u32);
                wide.done = b.len();
                break;
            };
            if wide.suspect(b, p, ch, simple(ch)) {
                out.push(p as u32);
            }
        }
        at += block::SPAN;
    }
    // Characters outside ASCII came after the ASCII bytes of their span.
    out.sort_unstable();
}

/// The ASCII tests of [`find_suspects`] on a span of sixty-four bytes at
/// once: bit `k` for byte `k`. `prev2` and `prev` are the two bytes before
/// the span (zero at the start of the text), `after` the byte after it.
/// Characters outside ASCII are judged by [`Wide`].
#[inline]
pub(crate) fn span_suspects(k: &Classes64, prev2: u8, prev: u8, after: u8) -> u64 {
    let class = |c: u8| CLASS[c as usize];
    let (c1, c2) = (class(prev), class(prev2));
    let bit = |c: u8, m: u8| u64::from(c & m != 0);
    let a = k.alpha;
    let w = a | k.digit;
    let a1 = (a << 1) | bit(c1, ALPHA);
    let a2 = (a << 2) | (bit(c1, ALPHA) << 1) | bit(c2, ALPHA);
    // A digit leet may read as a letter, touching a letter.
    let leet_digit = k.digit & !k.two;
    let leet = (a1 & leet_digit) | (((leet_digit << 1) | bit(c1, LEET_DIGIT)) & a);
    // Three equal letters: whether the byte before the span repeats the
    // one before it (both must be letters, which a zero is not).
    let same1 = (k.same << 1) | u64::from(prev | 0x20 == prev2 | 0x20);
    let stretched = a & a1 & a2 & k.same & same1;
    // Letters joined by `-`, `.` or `_` (`ge-rin-dra`, `P.D.I.P`).
    let joined = ((k.joiner << 1) | bit(c1, JOINER)) & a2 & a;
    // A letter alone.
    let word_before = (w << 1) | bit(c1, ALPHA | DIGIT);
    let word_after = (w >> 1) | (bit(class(after), ALPHA | DIGIT) << 63);
    let lone = a & !word_before & !word_after;
    k.special | leet | stretched | joined | lone
}

/// What the judging of characters outside ASCII remembers.
#[derive(Default)]
pub(crate) struct Wide {
    /// Where the last character judged ends: bytes before it are done.
    done: usize,
    /// The last symbol, where its run ends (invisible marks after it
    /// included), and how many times it came in a row.
    sym: char,
    sym_end: usize,
    sym_run: u32,
}

impl Wide {
    /// Whether `ch`, at byte `p` of text `b` and after every character
    /// before it was judged, may be in a complex chunk: a character
    /// [`simple`] cannot place, an invisible mark touching a letter or
    /// digit, or a symbol three times in a row.
    /// `simple` is [`simple`] of `ch`.
    #[inline]
    pub(crate) fn suspect(&mut self, b: &[u8], p: usize, ch: char, simple: Option<Simple>) -> bool {
        let end = p + ch.len_utf8();
        let run_goes_on = self.sym_end == p;
        self.done = end;
        match simple {
            None => true,
            Some(Simple::Invisible) => {
                if run_goes_on {
                    self.sym_end = end;
                }
                // Between letters it may hide a name; otherwise it is
                // transparent, as folding drops it.
                let word = |x: Option<&u8>| x.is_some_and(|x| x.is_ascii_alphanumeric());
                word(b.get(end)) || (p > 0 && word(b.get(p - 1)))
            }
            Some(Simple::Symbol) => {
                self.sym_run = if run_goes_on && ch == self.sym {
                    self.sym_run + 1
                } else {
                    1
                };
                (self.sym, self.sym_end) = (ch, end);
                self.sym_run >= 3
            }
            Some(_) => {
                self.sym_end = usize::MAX;
                false
            }
        }
    }
}

/// Judges the chunk around suspect byte `p`, unless `judged` (the end of
/// the chunks judged so far) is past it: the chunk when it is complex;
/// else None, with `judged` moved to its end.
pub(crate) fn judge_suspect(text: &str, p: usize, judged: &mut usize) -> Option<(usize, usize)> {
    if p < *judged {
        return None;
    }
    let (s, e) = chunk_around(text.as_bytes(), p);
    *judged = e;
    (classify(&text[s..e]) == Chunk::Complex).then_some((s, e))
}

/// The chunk (run of non-whitespace) that holds byte `p`.
pub(crate) fn chunk_around(b: &[u8], p: usize) -> (usize, usize) {
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
pub(crate) mod tests {
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
            "#PrabowoGibran1",
            "@k_pu",
            "#GARUDAAA",
            "#AMIN.",
            "#ab-cd",
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
    fn tags_that_only_need_splitting() {
        for c in [
            "#PrabowoGibran2024",
            "@kpu_ri",
            "@tpn.ganjarmahfud",
            "#AMINAjaDulu,",
            "#ASNNetral!!",
            "#Pemilu2024)",
        ] {
            assert_eq!(classify(c), Chunk::Tag, "{c}");
        }
        for c in [
            "#a", "#Ab1", "#aB", "@x_yz", "#ab__cd", "#ab_", "#", "@", "#ab#cd", "#abé",
        ] {
            assert_ne!(classify(c), Chunk::Tag, "{c}");
        }
    }

    #[test]
    fn chunks_of_one_byte_are_judged_as_any_chunk() {
        for c in 0u8..128 {
            let chunk = char::from(c).to_string();
            assert_eq!(classify(&chunk), classify_chunk(&chunk), "{c}");
        }
    }

    proptest::proptest! {
        /// The shortcut for words judges as [`classify`] does.
        #[test]
        fn plain_words_are_judged_plain(
            c in "([aAbB]{0,7}|[a-zA-Z]{0,6})([a-zA-Z0-9]|[.,!?#@$_-]|é){0,3}[a-zA-Z]{0,3}"
        ) {
            if is_plain_word(c.as_bytes()) {
                proptest::prop_assert_eq!(classify(&c), Chunk::Plain, "{:?}", c);
            }
        }
    }

    #[test]
    fn lone_digits_and_symbols() {
        for c in ["🙏🏽", "-", "•", "✌\u{fe0f}"] {
            assert_eq!(classify(c), Chunk::Lone, "{c}");
        }
        assert_eq!(classify("#"), Chunk::Complex);
        assert_eq!(classify("3"), Chunk::Lone);
        assert_eq!(classify("3,"), Chunk::Lone);
        assert_eq!(classify("1,2"), Chunk::Lone);
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

    /// Texts that hold a complex chunk, one for each way to be complex.
    pub(crate) const COMPLEX: &[&str] = &[
        "a",
        "x 🔥🔥🔥",
        "ge-rin-dra",
        "aa\u{200b}a",
        "ok p",
        "Mahfúd",
        "#ab#cd",
        "ok ab#cd",
        "$uara",
        "pr4bowo",
        "GARUDAAA",
    ];

    #[test]
    fn suspects_cover_complex_chunks() {
        for t in COMPLEX {
            suspects_cover(t).unwrap();
        }
    }

    /// What [`walk_tag`] finds in `chunk`, as a [`TagShape`].
    fn walked(chunk: &[u8]) -> Option<TagShape> {
        let (mut splits, mut joiners) = (0u64, 0u64);
        let len = walk_tag(chunk, |part| match part {
            TagPart::Split(k) => splits |= 1 << (k - 1),
            TagPart::Joiner(k) => joiners |= 1 << (k - 1),
            _ => {}
        })?;
        let body = chunk[1..len].len();
        Some(TagShape {
            body,
            splits,
            joiners,
        })
    }

    #[test]
    fn tag_shapes_follow_the_walk() {
        for t in [
            "#PrabowoGibran2024!",
            "@kpu_ri",
            "#AMINAjaDulu,",
            "#AniesRI1",
            "#GARUDAAA",
            "#AMIN.",
            "#ab__cd",
            "#ab_",
            "#_ab",
            "#a",
            "#aB",
            "#Ab1",
            "#abé",
            "#",
            "#PSI15",
            "@tpn.ganjarmahfud",
            "#aaBB",
            "#aAa",
            "#b00mGanjar",
            "#ab12cd",
            "#ab1234cd",
            "#Ab12",
        ] {
            let b = t.as_bytes();
            assert_eq!(tag_shape(b), Some(walked(b)), "{t}");
        }
        let long = format!("#{}", "Ab".repeat(40));
        assert_eq!(tag_shape(long.as_bytes()), None);
        assert_eq!(simple_tag(long.as_bytes()), Some(81));
    }

    proptest::proptest! {
        #[test]
        fn tag_shapes_agree_with_the_walk(
            t in "[#@]([a-cA-C0-2_.]{1,3}){0,24}[,!?.)\"' x#é]{0,2}"
        ) {
            let b = t.as_bytes();
            if let Some(shape) = tag_shape(b) {
                proptest::prop_assert_eq!(shape, walked(b), "{}", t);
            }
        }

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

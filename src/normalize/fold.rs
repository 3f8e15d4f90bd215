//! Stage 1: fold what looks like a Latin letter into that letter.
//!
//! - Compatibility decomposition (the K in NFKC): mathematical bold/italic/
//!   script letters, fullwidth forms, circled letters, ligatures, superscripts.
//! - Look-alike letters from Cyrillic and Greek (a small table drawn from the
//!   Unicode confusables list, covering the letters that pass for Latin).
//! - Squared and negative-squared letters (🅰, 🄿) and circled digits (❷, ⓶)
//!   that have no decomposition.
//! - Diacritics are dropped (é → e), as are invisible characters: zero-width
//!   spaces and joiners, word joiner, BOM, soft hyphen, variation selectors,
//!   the keycap mark (so `3️⃣` becomes `3`) and emoji skin tones.
//!
//! Case is kept: the hashtag stage still needs it.

use super::ascii::{self, ALPHA, DIGIT, JOINER, LEET_DIGIT, LEET_SYMBOL, TAG};
use super::{Todo, Unit, Units};

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Folds `text` into units, replacing the contents of `out`, and says which
/// later stages have work to do.
///
/// ```
/// let mut units = Vec::new();
/// let todo = netral::normalize::fold::fold("𝐀ｎí\u{200b}e", &mut units);
/// let s: String = units.iter().map(|u| u.ch).collect();
/// assert_eq!(s, "Anie");
/// assert!(!todo.leet && !todo.hashtag);
/// ```
pub fn fold(text: &str, out: &mut Units) -> Todo {
    out.clear();
    fold_onto(text, 0, out);
    todo(out)
}

/// Folds `text`, which starts at byte `base` of the original, onto the end of `out`.
pub(crate) fn fold_onto(text: &str, base: usize, out: &mut Units) {
    out.reserve(text.len());
    let first = out.len();
    let mut rest = text;
    while !rest.is_empty() {
        // A run of ASCII goes over as it is, in one go.
        let run = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let at = base + (text.len() - rest.len());
        out.extend(
            rest.as_bytes()[..run]
                .iter()
                .enumerate()
                .map(|(k, &b)| Unit::new(char::from(b), at + k, at + k + 1)),
        );
        rest = &rest[run..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        let start = base + (text.len() - rest.len());
        let end = start + c.len_utf8();
        rest = &rest[c.len_utf8()..];
        if let Some(l) = math_alphanumeric(c) {
            out.push(Unit::new(l, start, end));
            continue;
        }
        if let Some(n) = circled_number(c) {
            // `⓬` is two digits, both standing for the one character.
            let (tens, ones) = (n / 10, n % 10);
            for d in [tens, ones].into_iter().skip(usize::from(tens == 0)) {
                out.push(Unit::new(char::from(b'0' + d), start, end));
            }
            continue;
        }
        if is_invisible(c) || is_combining_mark(c) {
            // A dropped mark belongs to the character before it (the keycap of
            // `3️⃣`, the skin tone of `✌🏽`), so spans cover it too.
            if out.len() > first {
                if let Some(prev) = out.last_mut().filter(|p| p.end as usize == start) {
                    prev.end = end as u32;
                }
            }
            continue;
        }
        if let Some(l) = lookalike(c) {
            out.push(Unit::new(l, start, end));
            continue;
        }
        decompose_compatible(c, |d| {
            if is_combining_mark(d) || is_invisible(d) {
                return;
            }
            let d = lookalike(d).unwrap_or(d);
            out.push(Unit::new(d, start, end));
        });
    }
}

/// How plain text treats one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Simple {
    /// An ASCII letter or digit: kept, lowercased.
    Word,
    /// Whitespace or punctuation: becomes part of a single space.
    Separator,
    /// An emoji or other symbol that folds to itself: kept as is.
    Symbol,
    /// A variation selector, joiner or skin tone: dropped, span joins the previous char.
    Invisible,
}

/// How plain text treats `c` (see [`super::plain`]), or None when `c` needs the full chain
/// (a letter outside ASCII, a fancy or look-alike letter, a combining mark).
pub(crate) fn simple(c: char) -> Option<Simple> {
    if c.is_ascii() {
        return Some(if c.is_ascii_alphanumeric() {
            Simple::Word
        } else {
            Simple::Separator
        });
    }
    // Emoji first: they are the commonest characters outside ASCII, and no
    // invisible character lies in their blocks.
    if is_emoji_block(c) {
        return Some(Simple::Symbol);
    }
    // Mathematical bold, italic and script letters (𝐏𝐫𝐚𝐛𝐨𝐰𝐨), the commonest
    // disguise: they need the chain, and the letter tables are slow to ask.
    if (0x1D400..=0x1D7FF).contains(&(c as u32)) {
        return None;
    }
    if is_invisible(c) {
        return Some(Simple::Invisible);
    }
    // Dashes, curly quotes and bullets are the commonest characters after
    // emoji; none is a letter (a test checks), so skip the table lookups.
    if is_general_punctuation(c) {
        return Some(Simple::Separator);
    }
    if c.is_alphanumeric() || is_combining_mark(c) || lookalike(c).is_some() {
        return None;
    }
    if super::separators::is_separator(c) {
        return Some(Simple::Separator);
    }
    // Symbols that fold to themselves: emoji, arrows, dingbats, shapes.
    let mut same = true;
    decompose_compatible(c, |d| same &= d == c);
    same.then_some(Simple::Symbol)
}

/// The General Punctuation block but its invisible marks (which
/// [`is_invisible`] takes first): dashes, quotes, bullets, ellipsis.
fn is_general_punctuation(c: char) -> bool {
    (0x2010..=0x205E).contains(&(c as u32))
}

/// The emoji blocks: miscellaneous symbols and dingbats (☝ ✌ ❤), flags, pictographs,
/// emoticons, transport and map symbols, supplemental symbols. None of them is a letter, a mark or decomposes, so
/// the common case skips the decomposition lookup (a test checks every one).
pub(crate) fn is_emoji_block(c: char) -> bool {
    // Early exits rather than one `matches!`: the compiler turned that into
    // vector code that cost more than the lookups it saves.
    let cp = c as u32;
    if cp < 0x2600 {
        return false;
    }
    if cp <= 0x27BF {
        // Miscellaneous symbols and dingbats, but not the circled digits ➀-➓.
        return !(0x2776..=0x2793).contains(&cp);
    }
    if cp < 0x1F1E6 {
        return false;
    }
    // Regional indicators, in pairs the flags (🇮🇩).
    cp <= 0x1F1FF
        || ((0x1F300..=0x1FAFF).contains(&cp)
            && !(0x1F3FB..=0x1F3FF).contains(&cp) // skin tones: invisible
            && !(0x1F700..=0x1F8FF).contains(&cp)) // alchemical, geometric, arrows
}

/// Which later stages can act on the folded units (see [`todo_with`]).
pub(crate) fn todo(units: &[Unit]) -> Todo {
    todo_with(units, &mut Vec::new())
}

/// Which later stages can act on the folded units, with `classes` as
/// scratch: the class of every unit first, then the tests over each unit
/// and its neighbours as byte arithmetic, eight units to a word (one loop
/// doing both spilled its state to memory; regions are short, so a word
/// beats the compiler's vector code, which waits for sixteen units).
pub(crate) fn todo_with(units: &[Unit], classes: &mut Vec<u8>) -> Todo {
    let n = units.len();
    // A class of 0 before the first unit, and after the last as many as a
    // word of classes reads past it (a class of 0 passes no test).
    classes.clear();
    classes.resize(n + 10, 0);
    // Bit SAME (which the stages ignore, as whitespace) marks a unit equal
    // to the one before, ASCII case aside: a cheap over-estimate (`[{`
    // agree too) for stretched runs.
    let mut before = u32::MAX;
    for (k, u) in classes[1..].iter_mut().zip(units) {
        let low = u.ch as u32 | 0x20;
        let same = if low == before { SAME } else { 0 };
        before = low;
        *k = (class(u.ch) & !SAME) | same;
    }
    // Eight units at a time, their classes a byte each of a word: every
    // test is bit 0 of a byte (shifts move other bytes' bits only into
    // the high bits, which the tests mask away).
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    let alpha = |k: u64| k & ONES;
    let word = |k: u64| (k | (k >> 1)) & ONES;
    let leet_of = |k: u64| ((k >> 2) | (k >> 3)) & ONES;
    const _: () = assert!(ALPHA == 1 && DIGIT == 2 && LEET_DIGIT == 4 && LEET_SYMBOL == 8);
    const _: () = assert!(JOINER == 32);
    let classes_at = |i: usize| {
        classes
            .get(i..i + 8)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u64::from_le_bytes)
    };
    let (mut any, mut leet, mut spaced, mut stretched) = (0u64, 0u64, 0u64, 0u64);
    // Isolated characters: some seen, and two or more.
    let (mut isolated, mut two_isolated) = (0u64, 0u64);
    let mut i = 0;
    while i < n {
        let (k1, k, kn) = (classes_at(i), classes_at(i + 1), classes_at(i + 2));
        any |= k;
        leet |= (leet_of(k) & (alpha(k1) | alpha(kn))) | (alpha(k) & leet_of(k1));
        let alone = word(k) & !word(k1) & !word(kn) & ONES;
        two_isolated |= (alone & alone.wrapping_sub(1)) | if isolated != 0 { alone } else { 0 };
        isolated |= alone;
        spaced |= (k >> 5) & alpha(k1) & alpha(kn);
        stretched |= (k >> 6) & (k1 >> 6) & ONES;
        i += 8;
    }
    let has = |bit: u8| any & (ONES * u64::from(bit)) != 0;
    Todo {
        hashtag: has(TAG),
        lowercase_wide: has(UPPER_WIDE),
        spaced: (spaced & ONES != 0) | (two_isolated != 0),
        leet: leet != 0,
        repeats: stretched != 0,
    }
}

/// An uppercase letter outside ASCII (lowercasing it needs the full stage);
/// a bit the ASCII table does not use.
const UPPER_WIDE: u8 = 128;

/// In [`todo_with`]'s classes: the unit equals the one before. The ASCII
/// table's whitespace bit, which planning does not ask about.
const SAME: u8 = ascii::SPACE;
const _: () = assert!(SAME == 64);

/// The [`ascii::CLASS`] bits of any character: outside ASCII, letters as
/// `ALPHA`, other word characters as `DIGIT`, and [`UPPER_WIDE`].
#[inline]
pub(crate) fn class(c: char) -> u8 {
    if c.is_ascii() {
        return ascii::CLASS[c as usize];
    }
    class_wide(c)
}

/// [`class`] outside ASCII, out of line so the loop over ASCII stays small.
#[inline(never)]
fn class_wide(c: char) -> u8 {
    if is_emoji_block(c) || is_general_punctuation(c) {
        return 0;
    }
    let letter = c.is_alphabetic();
    let word = letter || c.is_numeric();
    let upper = letter && c.is_uppercase();
    (letter as u8 * ALPHA) | ((word && !letter) as u8 * DIGIT) | (upper as u8 * UPPER_WIDE)
}

/// Characters that render as nothing (or only modify their neighbour).
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'                 // soft hyphen
        | '\u{034F}'               // combining grapheme joiner
        | '\u{061C}'               // arabic letter mark
        | '\u{115F}' | '\u{1160}'  // hangul fillers
        | '\u{180E}'               // mongolian vowel separator
        | '\u{200B}'..='\u{200F}'  // zero-width space, joiners, direction marks
        | '\u{202A}'..='\u{202E}'  // bidi embeddings
        | '\u{2060}'..='\u{2064}'  // word joiner, invisible operators
        | '\u{2066}'..='\u{2069}'  // bidi isolates
        | '\u{20E3}'               // combining enclosing keycap
        | '\u{3164}'               // hangul filler
        | '\u{FE00}'..='\u{FE0F}'  // variation selectors
        | '\u{FEFF}'               // BOM / zero-width no-break space
        | '\u{FFA0}'               // halfwidth hangul filler
        | '\u{1F3FB}'..='\u{1F3FF}' // emoji skin tones
        | '\u{E0000}'..='\u{E007F}' // tags
        | '\u{E0100}'..='\u{E01EF}' // variation selectors supplement
    )
}

/// The number a circled digit without a compatibility decomposition
/// stands for: the dingbat, negative and double-circled ones (`❷` `➋` `➁`
/// `⓶` `⓿` `⓬`), which people write for ballot numbers as they write `②`
/// (which NFKC folds).
fn circled_number(c: char) -> Option<u8> {
    let cp = c as u32;
    let n = match cp {
        0x2776..=0x277F => cp - 0x2776 + 1,
        0x2780..=0x2789 => cp - 0x2780 + 1,
        0x278A..=0x2793 => cp - 0x278A + 1,
        0x24EB..=0x24F4 => cp - 0x24EB + 11,
        0x24F5..=0x24FE => cp - 0x24F5 + 1,
        0x24FF | 0x1F10B | 0x1F10C => 0,
        _ => return None,
    };
    u8::try_from(n).ok()
}

/// The ASCII letter or digit a mathematical letter or digit (𝐏, 𝓻, 𝟬)
/// decomposes to, found by arithmetic: they are the commonest disguise,
/// and the decomposition tables are slow to ask. The block repeats `A-Z
/// a-z` in thirteen styles and `0-9` in five; the code points it leaves
/// unassigned (they have no decomposition) are the holes below. A test
/// holds every code point of the block to the tables.
fn math_alphanumeric(c: char) -> Option<char> {
    const HOLES: [u32; 24] = [
        0x1D455, 0x1D49D, 0x1D4A0, 0x1D4A1, 0x1D4A3, 0x1D4A4, 0x1D4A7, 0x1D4A8, 0x1D4AD, 0x1D4BA,
        0x1D4BC, 0x1D4C4, 0x1D506, 0x1D50B, 0x1D50C, 0x1D515, 0x1D51D, 0x1D53A, 0x1D53F, 0x1D545,
        0x1D547, 0x1D548, 0x1D549, 0x1D551,
    ];
    let cp = c as u32;
    let letter = match cp {
        0x1D400..=0x1D6A3 if !HOLES.contains(&cp) => (cp - 0x1D400) % 52,
        0x1D7CE..=0x1D7FF => return char::from_digit((cp - 0x1D7CE) % 10, 10),
        _ => return None,
    } as u8;
    Some(char::from(if letter < 26 {
        b'A' + letter
    } else {
        b'a' + letter - 26
    }))
}

/// A Latin letter that `c` passes for, if any.
pub fn lookalike(c: char) -> Option<char> {
    let l = match c {
        // Cyrillic
        'а' => 'a',
        'А' => 'A',
        'в' => 'b',
        'В' => 'B',
        'е' => 'e',
        'Е' => 'E',
        'ё' => 'e',
        'Ё' => 'E',
        'к' => 'k',
        'К' => 'K',
        'м' => 'm',
        'М' => 'M',
        'н' => 'h',
        'Н' => 'H',
        'о' => 'o',
        'О' => 'O',
        'р' => 'p',
        'Р' => 'P',
        'с' => 'c',
        'С' => 'C',
        'т' => 't',
        'Т' => 'T',
        'у' => 'y',
        'У' => 'Y',
        'х' => 'x',
        'Х' => 'X',
        'і' => 'i',
        'І' => 'I',
        'ј' => 'j',
        'Ј' => 'J',
        'ѕ' => 's',
        'Ѕ' => 'S',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'Ԝ' => 'W',
        'ɡ' => 'g',
        'һ' => 'h',
        'Һ' => 'H',
        'ӏ' => 'l',
        'Ӏ' => 'I',
        'п' => 'n',
        // Greek
        'α' => 'a',
        'Α' => 'A',
        'β' => 'b',
        'Β' => 'B',
        'ε' => 'e',
        'Ε' => 'E',
        'Ζ' => 'Z',
        'η' => 'n',
        'Η' => 'H',
        'ι' => 'i',
        'Ι' => 'I',
        'κ' => 'k',
        'Κ' => 'K',
        'Μ' => 'M',
        'ν' => 'v',
        'Ν' => 'N',
        'ο' => 'o',
        'Ο' => 'O',
        'ρ' => 'p',
        'Ρ' => 'P',
        'τ' => 't',
        'Τ' => 'T',
        'υ' => 'u',
        'Υ' => 'Y',
        'χ' => 'x',
        'Χ' => 'X',
        'ω' => 'w',
        // Small capitals (no compatibility decomposition, common in "fancy" fonts)
        'ᴀ' => 'a',
        'ʙ' => 'b',
        'ᴄ' => 'c',
        'ᴅ' => 'd',
        'ᴇ' => 'e',
        'ꜰ' => 'f',
        'ɢ' => 'g',
        'ʜ' => 'h',
        'ɪ' => 'i',
        'ᴊ' => 'j',
        'ᴋ' => 'k',
        'ʟ' => 'l',
        'ᴍ' => 'm',
        'ɴ' => 'n',
        'ᴏ' => 'o',
        'ᴘ' => 'p',
        'ǫ' => 'q',
        'ʀ' => 'r',
        'ꜱ' => 's',
        'ᴛ' => 't',
        'ᴜ' => 'u',
        'ᴠ' => 'v',
        'ᴡ' => 'w',
        'ʏ' => 'y',
        'ᴢ' => 'z',
        // Latin look-alikes outside ASCII
        'ı' => 'i',
        'ł' => 'l',
        'Ł' => 'L',
        'ø' => 'o',
        'Ø' => 'O',
        'đ' => 'd',
        'Đ' => 'D',
        'ß' => 's',
        'ƒ' => 'f',
        'ɑ' => 'a',
        'ℓ' => 'l',
        // Letters with hooks and tails, which "fancy text" generators mix
        // with Greek (`Ԍαɳʝαɾ`); none decomposes.
        'Ԍ' => 'G',
        'ԍ' => 'g',
        'ɓ' => 'b',
        'ƈ' => 'c',
        'ɗ' => 'd',
        'ɠ' => 'g',
        'ɦ' => 'h',
        'ɨ' => 'i',
        'ʝ' => 'j',
        'ƙ' => 'k',
        'ƚ' => 'l',
        'ɱ' => 'm',
        'ɳ' => 'n',
        'ƥ' => 'p',
        'ɾ' => 'r',
        'ʂ' => 's',
        'ƭ' => 't',
        'ʋ' => 'v',
        'ȥ' => 'z',
        _ => return squared(c),
    };
    Some(l)
}

/// Squared, negative-squared and negative-circled Latin capitals (🄰 🅰 🅐),
/// and parenthesized small letters (`⒢`, which NFKC would make `(g)`).
fn squared(c: char) -> Option<char> {
    let cp = c as u32;
    if let 0x249C..=0x24B5 = cp {
        return char::from_u32('a' as u32 + (cp - 0x249C));
    }
    let base = match cp {
        0x1F130..=0x1F149 => 0x1F130,
        0x1F150..=0x1F169 => 0x1F150,
        0x1F170..=0x1F189 => 0x1F170,
        _ => return None,
    };
    char::from_u32('A' as u32 + (cp - base))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> String {
        let mut u = Vec::new();
        fold(s, &mut u);
        u.iter().map(|u| u.ch).collect()
    }

    /// What folding gave `c` before [`math_alphanumeric`]: the tables.
    fn by_tables(c: char) -> String {
        let mut out = String::new();
        decompose_compatible(c, |d| {
            if !is_combining_mark(d) && !is_invisible(d) {
                out.push(lookalike(d).unwrap_or(d));
            }
        });
        out
    }

    #[test]
    fn mathematical_letters_fold_as_the_tables_say() {
        for cp in 0x1D400..=0x1D7FF {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if let Some(l) = math_alphanumeric(c) {
                assert_eq!(l.to_string(), by_tables(c), "U+{cp:X}");
            }
            assert_eq!(folded(&c.to_string()), by_tables(c), "U+{cp:X}");
        }
    }

    #[test]
    fn fancy_letters_fold() {
        assert_eq!(folded("𝓟𝓻𝓪𝓫𝓸𝔀𝓸"), "Prabowo");
        assert_eq!(folded("𝗔𝗠𝗜𝗡 𝟬𝟭"), "AMIN 01");
        assert_eq!(folded("ＧＯＬＫＡＲ"), "GOLKAR");
        assert_eq!(folded("ⓅⓀⒷ"), "PKB");
        assert_eq!(folded("🅿🅺🆂"), "PKS");
        assert_eq!(folded("ɢᴀɴᴊᴀʀ"), "ganjar");
    }

    #[test]
    fn circled_digits_fold() {
        assert_eq!(folded("❷ ➋ ➁ ⓶ ② ⓪❸ ⓿⓵"), "2 2 2 2 2 03 01");
        assert_eq!(folded("❿ ⓬ ⑳"), "10 12 20");
        let mut units = Vec::new();
        fold("no ⓬!", &mut units);
        let spans: Vec<(u32, u32)> = units[3..5].iter().map(|u| (u.start, u.end)).collect();
        assert_eq!(spans, [(3, 6), (3, 6)]);
    }

    #[test]
    fn lookalikes_and_diacritics_fold() {
        assert_eq!(folded("Аniеs"), "Anies");
        assert_eq!(folded("Ԍαɳʝαɾ"), "Ganjar");
        assert_eq!(folded("⒢⒜⒩⒥⒜⒭"), "ganjar");
        assert_eq!(folded("Mahfúd"), "Mahfud");
    }

    #[test]
    fn invisible_characters_vanish() {
        assert_eq!(folded("a\u{200b}m\u{200d}i\u{fe0f}n\u{ad}"), "amin");
        assert_eq!(folded("3\u{fe0f}\u{20e3}"), "3");
        assert_eq!(folded("✌\u{1f3fd}"), "✌");
    }

    #[test]
    fn says_which_stages_have_work() {
        let mut u = Vec::new();
        assert_eq!(fold("selamat pagi semua", &mut u), Todo::default());
        assert!(fold("#Amin", &mut u).hashtag);
        assert!(fold("pr4bowo", &mut u).leet);
        assert!(fold("g a n j a r", &mut u).spaced);
        assert!(fold("ge-rin-dra", &mut u).spaced);
        assert!(fold("menanggg", &mut u).repeats);
        assert!(fold("ΣΦ", &mut u).lowercase_wide);
    }

    #[test]
    fn general_punctuation_only_separates() {
        for c in ('\u{2010}'..='\u{205E}').filter(|&c| !is_invisible(c)) {
            assert!(is_general_punctuation(c));
            assert!(!c.is_alphanumeric() && !is_combining_mark(c), "{c:?}");
            assert!(lookalike(c).is_none(), "{c:?}");
            assert!(super::super::separators::is_separator(c), "{c:?}");
            assert_eq!(simple(c), Some(Simple::Separator));
        }
    }

    #[test]
    fn emoji_blocks_are_symbols() {
        let all = (0..=0x10FFFF).filter_map(char::from_u32);
        for c in all.filter(|&c| is_emoji_block(c)) {
            let cp = c as u32;
            assert!(!c.is_alphanumeric() && !is_combining_mark(c) && lookalike(c).is_none());
            assert!(!is_invisible(c) && !crate::normalize::separators::is_separator(c));
            let mut same = true;
            decompose_compatible(c, |d| same &= d == c);
            assert!(same, "{cp:X}");
        }
    }

    #[test]
    fn spans_point_at_the_original_char() {
        let mut u = Vec::new();
        fold("x𝐏", &mut u);
        assert_eq!((u[1].start, u[1].end), (1, 5));
    }
}

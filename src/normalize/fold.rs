//! Stage 1: fold what looks like a Latin letter into that letter.
//!
//! - Compatibility decomposition (the K in NFKC): mathematical bold/italic/
//!   script letters, fullwidth forms, circled letters, ligatures, superscripts.
//! - Look-alike letters from Cyrillic and Greek (a small table drawn from the
//!   Unicode confusables list, covering the letters that pass for Latin).
//! - Squared and negative-squared letters (🅰, 🄿) that have no decomposition.
//! - Diacritics are dropped (é → e), as are invisible characters: zero-width
//!   spaces and joiners, word joiner, BOM, soft hyphen, variation selectors,
//!   the keycap mark (so `3️⃣` becomes `3`) and emoji skin tones.
//!
//! Case is kept: the hashtag stage still needs it.

use super::{Unit, Units};
use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// Folds `text` into units, replacing the contents of `out`.
///
/// ```
/// let mut units = Vec::new();
/// netral::normalize::fold::fold("𝐀ｎí\u{200b}e", &mut units);
/// let s: String = units.iter().map(|u| u.ch).collect();
/// assert_eq!(s, "Anie");
/// ```
pub fn fold(text: &str, out: &mut Units) {
    out.clear();
    for (start, c) in text.char_indices() {
        let end = start + c.len_utf8();
        if is_invisible(c) || is_combining_mark(c) {
            // A dropped mark belongs to the character before it (the keycap of
            // `3️⃣`, the skin tone of `✌🏽`), so spans cover it too.
            if let Some(prev) = out.last_mut().filter(|p| p.end == start) {
                prev.end = end;
            }
            continue;
        }
        if let Some(l) = lookalike(c) {
            out.push(Unit::new(l, start, end));
            continue;
        }
        if c.is_ascii() {
            out.push(Unit::new(c, start, end));
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
        _ => return squared(c),
    };
    Some(l)
}

/// Squared, negative-squared and negative-circled Latin capitals (🄰 🅰 🅐).
fn squared(c: char) -> Option<char> {
    let cp = c as u32;
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
    fn lookalikes_and_diacritics_fold() {
        assert_eq!(folded("Аniеs"), "Anies");
        assert_eq!(folded("Mahfúd"), "Mahfud");
    }

    #[test]
    fn invisible_characters_vanish() {
        assert_eq!(folded("a\u{200b}m\u{200d}i\u{fe0f}n\u{ad}"), "amin");
        assert_eq!(folded("3\u{fe0f}\u{20e3}"), "3");
        assert_eq!(folded("✌\u{1f3fd}"), "✌");
    }

    #[test]
    fn spans_point_at_the_original_char() {
        let mut u = Vec::new();
        fold("x𝐏", &mut u);
        assert_eq!((u[1].start, u[1].end), (1, 5));
    }
}

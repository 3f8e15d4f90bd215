//! Text normalization that defeats obfuscation while keeping exact spans.
//!
//! The chain is a list of small stages over [`Unit`]s, each a character that
//! remembers the byte range of the ORIGINAL text it came from. A stage may
//! drop, replace, insert or merge units but never loses that range, so a match
//! on the normalized text maps back to exactly what the person wrote
//! (`P.R.4.B.O.W.O`, not `prabowo`).
//!
//! Stages, in order (each in its own module, tested alone):
//! 1. [`fold`] — compatibility folding (NFKC-style: 𝐏 → P, fullwidth, circled),
//!    look-alike letters from other scripts, diacritics, invisible characters,
//!    variation selectors, keycap marks and skin tones.
//! 2. [`hashtag`] — `#PrabowoGibran2024` and `@cak_imin` split into words.
//! 3. [`case`] — lowercase.
//! 4. [`spaced`] — `G a n j a r`, `P.D.I.P`, `ge-rin-dra` joined.
//! 5. [`leet`] — `pr4b0w0` → `prabowo` inside words; `02`, `2024` stay numbers.
//! 6. [`repeats`] — `gerindraaaa` → `gerindra`.
//! 7. [`separators`] — punctuation and whitespace become single spaces.
//!
//! ```
//! let n = netral::normalize::normalize("Coblos P.R.4.B.O.W.O!!");
//! assert_eq!(n.as_str(), "coblos prabowo");
//! let at = n.as_str().find("prabowo").unwrap();
//! let (s, e) = n.original_span(at, at + "prabowo".len());
//! assert_eq!(&"Coblos P.R.4.B.O.W.O!!"[s..e], "P.R.4.B.O.W.O");
//! ```

pub mod case;
pub mod fold;
pub mod hashtag;
pub mod leet;
pub mod repeats;
pub mod separators;
pub mod spaced;

/// One normalized character and the original byte range it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    /// The character as normalized so far.
    pub ch: char,
    /// Byte offset of the original text this unit came from.
    pub start: usize,
    /// Byte offset one past it. `start == end` marks an inserted separator.
    pub end: usize,
    /// True inside a hashtag or mention, where words may run together.
    pub tag: bool,
}

impl Unit {
    /// A unit for `ch` standing for `start..end` of the original.
    pub fn new(ch: char, start: usize, end: usize) -> Unit {
        Unit {
            ch,
            start,
            end,
            tag: false,
        }
    }
}

/// Units of a whole text, as every stage reads and writes them.
pub type Units = Vec<Unit>;

/// The result: normalized text plus the map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    text: String,
    starts: Vec<usize>,
    ends: Vec<usize>,
    tag: Vec<bool>,
    token_starts: Vec<usize>,
}

impl Normalized {
    /// The normalized text: lowercase, single spaces, no obfuscation.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps a byte range of the normalized text to a byte range of the
    /// original text. Both ends land on char boundaries of the original.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        if self.text.is_empty() || start >= end || end > self.text.len() {
            return (0, 0);
        }
        let s = self.starts[start];
        let e = self.ends[end - 1].max(s);
        (s, e)
    }

    /// True when `start..end` lies inside one hashtag or mention.
    pub fn in_tag(&self, start: usize, end: usize) -> bool {
        start < end && end <= self.tag.len() && self.tag[start..end].iter().all(|&t| t)
    }

    /// The index of the word (space-separated token) that contains byte `pos`.
    pub fn token_index(&self, pos: usize) -> usize {
        match self.token_starts.binary_search(&pos) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// The number of words.
    pub fn token_count(&self) -> usize {
        self.token_starts.len()
    }

    fn clear(&mut self) {
        self.text.clear();
        self.starts.clear();
        self.ends.clear();
        self.tag.clear();
        self.token_starts.clear();
    }

    fn fill(&mut self, units: &[Unit]) {
        self.clear();
        let mut buf = [0u8; 4];
        let mut prev_space = true;
        for u in units {
            let bytes = u.ch.encode_utf8(&mut buf).len();
            if u.ch == ' ' {
                prev_space = true;
            } else if prev_space {
                self.token_starts.push(self.text.len());
                prev_space = false;
            }
            self.text.push(u.ch);
            for _ in 0..bytes {
                self.starts.push(u.start);
                self.ends.push(u.end);
                self.tag.push(u.tag);
            }
        }
    }
}

/// Reusable buffers, so normalizing many texts allocates only when a text is
/// longer than any before it.
#[derive(Debug, Default)]
pub struct Normalizer {
    a: Units,
    b: Units,
}

impl Normalizer {
    /// A normalizer with empty buffers.
    pub fn new() -> Normalizer {
        Normalizer::default()
    }

    /// Normalizes `text` into `out`, reusing this normalizer's buffers.
    pub fn normalize_into(&mut self, text: &str, out: &mut Normalized) {
        let (a, b) = (&mut self.a, &mut self.b);
        fold::fold(text, a);
        hashtag::split(a, b);
        case::lowercase(b, a);
        spaced::join(a, b);
        leet::decode(b, a);
        repeats::collapse(a, b);
        separators::canonicalize(b, a);
        out.fill(a);
    }
}

/// Normalizes one text with fresh buffers (convenient; use [`Normalizer`] in loops).
///
/// ```
/// let n = netral::normalize::normalize("𝑨𝒏𝒊𝒆𝒔 #GanjarMahfud2024 gerindraaaa");
/// assert_eq!(n.as_str(), "anies #ganjar mahfud 2024 gerindra");
/// ```
pub fn normalize(text: &str) -> Normalized {
    let mut out = Normalized::default();
    Normalizer::new().normalize_into(text, &mut out);
    out
}

/// True for letters and digits in any script: the characters words are made of.
pub(crate) fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(original: &str, needle: &str, expect_slice: &str) {
        let n = normalize(original);
        let at = n
            .as_str()
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in {:?}", n.as_str()));
        let (s, e) = n.original_span(at, at + needle.len());
        assert_eq!(
            &original[s..e],
            expect_slice,
            "normalized: {:?}",
            n.as_str()
        );
    }

    #[test]
    fn spans_cover_what_was_written() {
        check("ayo G 3 r i n d r a menang", "gerindra", "G 3 r i n d r a");
        check("P.R.4.B.O.W.O lanjut", "prabowo", "P.R.4.B.O.W.O");
        check("pilih 𝐏𝐫𝐚𝐛𝐨𝐰𝐨 ya", "prabowo", "𝐏𝐫𝐚𝐛𝐨𝐰𝐨");
        check("Han\u{200b}ura no 10", "hanura", "Han\u{200b}ura");
        check("#AMINAjaDulu", "amin aja dulu", "AMINAjaDulu");
        check("gerindraaaa menanggg", "gerindra", "gerindraaaa");
        check("Аniеs-Muhаimin", "anies", "Аniеs");
        check("0️⃣3️⃣ gas", "03", "0️⃣3️⃣");
    }

    #[test]
    fn numbers_stay_numbers() {
        assert_eq!(
            normalize("nomor 3, tahun 2024, 02").as_str(),
            "nomor 3 tahun 2024 02"
        );
    }

    #[test]
    fn tokens_are_counted() {
        let n = normalize("satu  dua, tiga");
        assert_eq!(n.token_count(), 3);
        assert_eq!(n.token_index(n.as_str().find("tiga").unwrap()), 2);
    }

    #[test]
    fn empty_and_odd_inputs_do_not_panic() {
        for t in [
            "",
            " ",
            "\u{200b}",
            "#",
            "@",
            "İ",
            "\u{20e3}",
            "🇮🇩🇮🇩",
            "ﷺ",
            "ß",
        ] {
            let n = normalize(t);
            let len = n.as_str().len();
            let (s, e) = n.original_span(0, len);
            assert!(s <= e && e <= t.len());
        }
    }
}

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
//! 7. [`separators`] — punctuation and whitespace become single spaces
//!    (fused into writing the result).
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
    /// Byte offset of the original text this unit came from. (32 bits keep a
    /// unit at 16 bytes; texts are cut at 4 GiB, far beyond any post.)
    pub start: u32,
    /// Byte offset one past it. `start == end` marks an inserted separator.
    pub end: u32,
    /// True inside a hashtag or mention, where words may run together.
    pub tag: bool,
}

impl Unit {
    /// A unit for `ch` standing for `start..end` of the original.
    pub fn new(ch: char, start: usize, end: usize) -> Unit {
        Unit {
            ch,
            start: start as u32,
            end: end as u32,
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
    starts: Vec<u32>,
    ends: Vec<u32>,
    /// Normalized byte ranges of hashtags and mentions.
    tags: Vec<(usize, usize)>,
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
        (s as usize, e as usize)
    }

    /// True when `start..end` lies inside one hashtag or mention.
    pub fn in_tag(&self, start: usize, end: usize) -> bool {
        start < end && self.tags.iter().any(|&(s, e)| s <= start && end <= e)
    }

    /// Hashtag and mention regions, as normalized byte ranges.
    pub fn tag_regions(&self) -> &[(usize, usize)] {
        &self.tags
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
        self.tags.clear();
        self.token_starts.clear();
    }

    /// Writes the units out, turning every run of separators into one space
    /// (stage 7, [`separators`], fused here to save a pass).
    fn fill(&mut self, units: &[Unit]) {
        self.clear();
        self.text.reserve(units.len());
        let mut pending_space: Option<Unit> = None;
        for u in units {
            if u.ch == ' ' || separators::is_separator(u.ch) {
                if !self.text.is_empty() && pending_space.is_none() {
                    pending_space = Some(Unit { ch: ' ', ..*u });
                }
                continue;
            }
            if let Some(sp) = pending_space.take() {
                self.push(sp);
            }
            if self.text.is_empty() || self.text.ends_with(' ') {
                self.token_starts.push(self.text.len());
            }
            self.push(*u);
        }
    }

    fn push(&mut self, u: Unit) {
        let at = self.text.len();
        let bytes = u.ch.len_utf8();
        self.text.push(u.ch);
        for _ in 0..bytes {
            self.starts.push(u.start);
            self.ends.push(u.end);
        }
        if u.tag {
            match self.tags.last_mut() {
                Some(last) if last.1 >= at.saturating_sub(1) => last.1 = at + bytes,
                _ => self.tags.push((at, at + bytes)),
            }
        }
    }

    /// The fast path for text with nothing to undo (see
    /// [`fold::needs_full_chain`]): ASCII lowercased, emoji kept, invisible
    /// marks joined to the character before, separators collapsed. Gives
    /// exactly what the full chain gives for such text.
    fn fill_simple(&mut self, text: &str) {
        self.clear();
        let b = text.as_bytes();
        self.text.reserve(b.len());
        self.starts.reserve(b.len());
        self.ends.reserve(b.len());
        let mut pending_space: Option<(u32, u32)> = None;
        let mut i = 0;
        while i < b.len() {
            // A run of ASCII letters and digits, copied in bulk.
            if b[i].is_ascii_alphanumeric() {
                let s = i;
                while i < b.len() && b[i].is_ascii_alphanumeric() {
                    i += 1;
                }
                self.open_token(&mut pending_space);
                self.text
                    .extend(b[s..i].iter().map(|c| c.to_ascii_lowercase() as char));
                self.starts.extend(s as u32..i as u32);
                self.ends.extend(s as u32 + 1..i as u32 + 1);
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let (s, e) = (i as u32, (i + c.len_utf8()) as u32);
            i += c.len_utf8();
            match fold::simple(c) {
                Some(fold::Simple::Symbol) => {
                    self.open_token(&mut pending_space);
                    self.text.push(c);
                    for _ in 0..c.len_utf8() {
                        self.starts.push(s);
                        self.ends.push(e);
                    }
                }
                Some(fold::Simple::Invisible) => {
                    // Joins the span of the character before, as folding does.
                    if pending_space.is_none() && self.ends.last() == Some(&s) {
                        let width = self.text.chars().next_back().map_or(0, char::len_utf8);
                        let from = self.ends.len() - width;
                        for x in &mut self.ends[from..] {
                            *x = e;
                        }
                    }
                }
                _ => {
                    if !self.text.is_empty() && pending_space.is_none() {
                        pending_space = Some((s, e));
                    }
                }
            }
        }
    }

    /// Emits the pending space, if any, and notes a token start when the
    /// next character begins a word.
    fn open_token(&mut self, pending_space: &mut Option<(u32, u32)>) {
        if let Some((s, e)) = pending_space.take() {
            self.text.push(' ');
            self.starts.push(s);
            self.ends.push(e);
        }
        if self.text.is_empty() || self.text.ends_with(' ') {
            self.token_starts.push(self.text.len());
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
    ///
    /// Folding also notes which later stages can have anything to do, so a
    /// plain sentence goes through two passes, not seven. Texts longer than
    /// 4 GiB are cut there.
    pub fn normalize_into(&mut self, text: &str, out: &mut Normalized) {
        let text = cut(text, u32::MAX as usize);
        if !fold::needs_full_chain(text) {
            out.fill_simple(text);
            return;
        }
        self.full_chain(text, out);
    }

    /// Every stage, whatever the text needs.
    fn full_chain(&mut self, text: &str, out: &mut Normalized) {
        let (a, b) = (&mut self.a, &mut self.b);
        let mut todo = fold::fold(text, a);
        if todo.hashtag {
            hashtag::split(a, b);
            std::mem::swap(a, b);
        }
        if todo.lowercase_wide {
            case::lowercase(a, b);
            std::mem::swap(a, b);
        } else {
            case::lowercase_ascii(a);
        }
        if todo.spaced {
            spaced::join(a, b);
            // Joining can bring a digit next to letters (`G 3 r i n d r a`).
            todo.leet = true;
            todo.repeats = true;
            std::mem::swap(a, b);
        }
        if todo.leet {
            leet::decode(a, b);
            // Decoding can stretch a letter (`c0bl00os` → `coblooos`).
            todo.repeats = true;
            std::mem::swap(a, b);
        }
        if todo.repeats {
            repeats::collapse(a, b);
            std::mem::swap(a, b);
        }
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

/// `text` cut to at most `max` bytes, on a char boundary.
fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Which stages after folding may change anything (a cheap over-estimate).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Todo {
    /// A `#` or `@` was seen.
    pub hashtag: bool,
    /// A non-ASCII uppercase letter was seen.
    pub lowercase_wide: bool,
    /// Isolated single characters, or letters joined by `-`, `.` or `_`.
    pub spaced: bool,
    /// A digit, `@` or `$` touches a letter.
    pub leet: bool,
    /// Three equal characters in a row.
    pub repeats: bool,
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
    fn fast_path_agrees_with_the_full_chain() {
        for t in [
            "Selamat pagi, rekan2 semua!",
            "  no. 2 ya  ",
            "RAPAT jam 08.00",
            "a",
            "...",
            "Siap ❤\u{fe0f} 🙏🏽 mantap👍 — oke “ya”",
            "\u{fe0f}awal",
        ] {
            assert!(!fold::needs_full_chain(t), "{t}");
            let mut fast = Normalized::default();
            fast.fill_simple(t);
            let mut full = Normalized::default();
            let mut units = Vec::new();
            fold::fold(t, &mut units);
            case::lowercase_ascii(&mut units);
            full.fill(&units);
            assert_eq!(fast.as_str(), full.as_str());
            assert_eq!(fast.starts, full.starts, "{t}");
            assert_eq!(fast.ends, full.ends, "{t}");
            assert_eq!(fast.token_starts, full.token_starts, "{t}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_path_matches_full_chain_on_any_text(t in "[a-zA-Z0-9 .,!?:'_#@&()-]{0,40}|\\PC{0,20}") {
            if !fold::needs_full_chain(&t) {
                let mut fast = Normalized::default();
                fast.fill_simple(&t);
                let mut full = Normalized::default();
                Normalizer::new().full_chain(&t, &mut full);
                proptest::prop_assert_eq!(fast.as_str(), full.as_str());
                proptest::prop_assert_eq!(&fast.starts, &full.starts);
                proptest::prop_assert_eq!(&fast.token_starts, &full.token_starts);
            }
        }
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

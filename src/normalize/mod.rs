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
//! Most of a post has nothing to undo. The writer lowercases and copies a
//! text sixty-four bytes at a time ([`block`]), judging as it goes whether
//! a chunk needs the stages ([`plain`]: a hashtag, `pr4bowo`,
//! `G a n j a r`). Where one does, it stops: the region around that chunk
//! goes through the stages alone, and the writing, judged, goes on after
//! it. Property tests keep the result equal to running every stage over
//! the whole text.
//!
//! ```
//! let n = netral::normalize::normalize("Coblos P.R.4.B.O.W.O!!");
//! assert_eq!(n.as_str(), "coblos prabowo");
//! let at = n.as_str().find("prabowo").unwrap();
//! let (s, e) = n.original_span(at, at + "prabowo".len());
//! assert_eq!(&"Coblos P.R.4.B.O.W.O!!"[s..e], "P.R.4.B.O.W.O");
//! ```

mod ascii;
pub mod block;
pub mod case;
pub mod fold;
pub mod hashtag;
pub mod leet;
mod normalized;
pub mod plain;
mod plain_writer;
pub mod repeats;
pub mod separators;
pub mod spaced;
mod span_map;

pub use normalized::Normalized;
use normalized::Unplain;

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
    /// True inside a hashtag or mention, or a word spelled out a letter at a
    /// time: where words may run together.
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

/// Reusable buffers, so normalizing many texts allocates only when a text is
/// longer than any before it.
#[derive(Debug, Default)]
pub struct Normalizer {
    a: Units,
    b: Units,
    suspects: Vec<u32>,
    regions: Vec<(u32, u32)>,
    /// Scratch for [`spaced`].
    pieces: Vec<(usize, usize)>,
    /// Scratch for planning the stages.
    classes: Vec<u8>,
}

impl Normalizer {
    /// A normalizer with empty buffers.
    pub fn new() -> Normalizer {
        Normalizer::default()
    }

    /// Normalizes `text` into `out`, reusing this normalizer's buffers.
    ///
    /// Only the regions that need it go through the stages (see [`plain`]);
    /// the rest is lowercased and copied. Texts longer than 4 GiB are cut there.
    pub fn normalize_into(&mut self, text: &str, out: &mut Normalized) {
        let text = cut(text, u32::MAX as usize);
        // Most texts are plain: judged as they are written, they need no
        // pass of their own to find what needs the stages.
        out.begin();
        match out.write_judged(text) {
            Ok(()) => out.finish(),
            Err(unplain) => self.regions_in_turn(text, unplain, out),
        }
    }

    /// Goes on from where judging stopped a write: each region found goes
    /// through the stages alone, and the writing, judged, goes on after it.
    #[inline(never)]
    fn regions_in_turn(&mut self, text: &str, mut unplain: Unplain, out: &mut Normalized) {
        let (mut from, mut leet) = (0, LeetSoFar::default());
        loop {
            let ((s, e), _) = plain::region_around(text, unplain.chunk, from);
            // The region may reach back over lone digits already written.
            if unplain.written < s {
                out.write_plain(&text[unplain.written..s], unplain.written);
            } else if s < unplain.written {
                out.rewind(s);
            }
            self.a.clear();
            fold::fold_onto(&text[s..e], s, &mut self.a);
            let todo = fold::todo_with(&self.a, &mut self.classes);
            if !self.stages(todo, &mut leet) {
                // Leet inside a word here says an edge before should have
                // been read as leet too (rare): all regions together.
                self.all_regions(text, out);
                return;
            }
            out.write_units(&self.a);
            from = e;
            match out.write_judged_from(text, from) {
                Ok(()) => break,
                Err(next) => unplain = next,
            }
        }
        out.finish();
    }

    /// [`Normalizer::normalize_into`] with the regions found first, and
    /// put through the stages together: the leet stage then sees them all.
    fn all_regions(&mut self, text: &str, out: &mut Normalized) {
        out.begin();
        plain::regions(text, &mut self.suspects, &mut self.regions);
        // A line break between regions keeps them apart (no stage joins
        // across one).
        self.a.clear();
        for &(s, e) in &self.regions {
            let (s, e) = (s as usize, e as usize);
            fold::fold_onto(&text[s..e], s, &mut self.a);
            self.a.push(Unit::new(REGION_END, e, e));
        }
        let todo = fold::todo_with(&self.a, &mut self.classes);
        // One pass of the stages: nothing before it to disagree with.
        self.stages(todo, &mut LeetSoFar::default());
        let (mut pos, mut next) = (0, 0);
        for &(s, e) in &self.regions {
            let s = s as usize;
            out.write_plain(&text[pos..s], pos);
            let len = self.a[next..]
                .iter()
                .position(|u| u.ch == REGION_END && u.start == u.end)
                .unwrap_or(self.a.len() - next);
            out.write_units(&self.a[next..next + len]);
            next += len + 1;
            pos = e as usize;
        }
        out.write_plain(&text[pos..], pos);
        out.finish();
    }

    /// Every stage over the whole text, whatever it needs: what
    /// [`Normalizer::normalize_into`] must agree with.
    #[cfg(test)]
    fn full_chain(&mut self, text: &str, out: &mut Normalized) {
        out.begin();
        let todo = fold::fold(text, &mut self.a);
        self.stages(todo, &mut LeetSoFar::default());
        out.write_units(&self.a);
        out.finish();
    }

    /// Runs the stages after folding over `self.a`, leaving the result
    /// there, after the parts of the text that `leet` tells of. False when
    /// this part uses leet inside a word and a part before left leet at an
    /// edge undecoded (see [`leet::decode_after`]): the parts must then go
    /// through the stages together.
    fn stages(&mut self, mut todo: Todo, leet: &mut LeetSoFar) -> bool {
        let (a, b) = (&mut self.a, &mut self.b);
        if todo.hashtag {
            hashtag::split(a, b);
            // Splitting can leave single letters (`@a0a0_a` → `a 0 a 0 a`),
            // which the plan, made before it, did not count.
            todo.spaced = true;
            std::mem::swap(a, b);
        }
        if todo.lowercase_wide {
            case::lowercase(a, b);
            std::mem::swap(a, b);
        } else {
            case::lowercase_ascii(a);
        }
        if todo.spaced {
            if spaced::join_with(a, b, &mut self.pieces) {
                // Joining can bring a digit next to letters (`G 3 r i n d r a`).
                todo.leet = true;
                todo.repeats = true;
            }
            std::mem::swap(a, b);
        }
        if todo.leet {
            let found = leet::decode_after(a, leet.inside);
            if found.inside && leet.edges_left {
                return false;
            }
            leet.inside |= found.inside;
            leet.edges_left |= found.edges_left;
            if found.changed {
                // Decoding can stretch a letter (`c0bl00os` → `coblooos`).
                todo.repeats = true;
            }
        }
        if todo.repeats {
            repeats::collapse(a, b);
            std::mem::swap(a, b);
        }
        true
    }
}

/// What the leet stage found in the regions of a text before this one.
#[derive(Debug, Clone, Copy, Default)]
struct LeetSoFar {
    /// Leet inside a word: edges are decoded from here on.
    inside: bool,
    /// Leet at an edge, left as it is.
    edges_left: bool,
}

/// Ends each region in the units the chain runs over (with an empty span,
/// which no folded character has).
const REGION_END: char = '\n';

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
#[inline]
pub(crate) fn is_word(c: char) -> bool {
    // Most units the stages ask about are ASCII: one table lookup.
    if c.is_ascii() {
        return ascii::CLASS[c as usize] & (ascii::ALPHA | ascii::DIGIT) != 0;
    }
    // Emoji are common and never words; skipping their table lookups pays.
    !fold::is_emoji_block(c) && c.is_alphanumeric()
}

/// True for letters in any script ([`is_word`] without the digits).
#[inline]
pub(crate) fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return ascii::CLASS[c as usize] & ascii::ALPHA != 0;
    }
    !fold::is_emoji_block(c) && c.is_alphabetic()
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

    /// `default` cases, or as many as `PROPTEST_CASES` asks for: a config
    /// that sets its own count otherwise ignores the variable.
    fn cases(default: u32) -> u32 {
        std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    }

    /// Normalizes `t` both ways and says where they differ, if they do.
    fn both_ways(t: &str) -> Result<(), String> {
        let mut n = Normalizer::new();
        let (mut fast, mut full) = (Normalized::default(), Normalized::default());
        n.normalize_into(t, &mut fast);
        n.full_chain(t, &mut full);
        // Where a space's span ends says nothing (an invisible mark after it
        // joins it or not): every other end must agree.
        let spans = |n: &Normalized| -> Vec<(u32, u32)> {
            let b = n.as_str().as_bytes();
            n.map
                .expand(b.len())
                .into_iter()
                .zip(b)
                .map(|((s, e), &c)| (s, if c == b' ' { 0 } else { e }))
                .collect()
        };
        let same = fast.as_str() == full.as_str()
            && spans(&fast) == spans(&full)
            && fast.tags == full.tags;
        if same {
            Ok(())
        } else {
            Err(format!(
                "{t:?}: regions give {:?} {:?} {:?}, the full chain {:?} {:?} {:?}",
                fast.as_str(),
                spans(&fast),
                fast.tags,
                full.as_str(),
                spans(&full),
                full.tags
            ))
        }
    }

    #[test]
    fn regions_agree_with_the_full_chain() {
        for t in [
            "Selamat pagi, rekan2 semua!",
            "  no. 2 ya  ",
            "RAPAT jam 08.00",
            "a",
            "...",
            "Siap ❤\u{fe0f} 🙏🏽 mantap👍 — oke “ya”",
            "\u{fe0f}awal",
            "ayo #PrabowoGibran2024 menang!! no 2",
            "P r a b o w o - G i b r a n lanjut",
            "coblos 0 1 A M I N 1 2",
            "a 1 2 3 b",
            "G4nj4r m4hfud, k0s0ng du4 17an",
            "pokoknya 17an #psi15 c0bl0s",
            "gerindraaaa menanggg 🦅🦅🦅 kosong duaaa!!!",
            "ge-rin-dra sat-set ASN-nya se-Kab. P.D.I.P",
            "𝑨𝒏𝒊𝒆𝒔 ok @cak_imin. email@x $uara",
            "a\u{200b}nies 👍🏽mantap",
            // Judging stops after a space was written for the whitespace.
            "Aa \u{200b} _A",
            // Two letters among spaced-out words, and not.
            "c o b l o s  n o  3 ya",
            "kata  n o  3 x",
            "kata n o  k a t a",
            "n o  u r u t  2  ok  a b",
            // Separators written twice.
            "G..a..n..j..a..r ok..ya..gas a..b c--d--e",
            // Roman numerals are no stretched words.
            "nomor urut III, Paslon VIII xiii IIII",
            // A word written downwards, a letter a line.
            "A\nM\nI\nN\n\nperubahan\nx",
            "ok\r\nG\r\nA\r\nN\r\nJ ya",
            "a\nb 1\n2\nc\n\nd\ne",
        ] {
            both_ways(t).unwrap();
        }
    }

    proptest::proptest! {
        #[test]
        fn regions_agree_with_the_full_chain_on_any_text(
            t in "([a-zA-Z0-9]{1,6}|[ .,!?:'_#@$&()-]|\n|\r\n|🔥|✌\u{fe0f}|\u{200b}|𝐏|é){0,30}|\\PC{0,20}"
        ) {
            if let Err(e) = both_ways(&t) {
                proptest::prop_assert!(false, "{}", e);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(cases(2000)))]
        /// Hashtags and mentions written by the plain path
        /// ([`plain::simple_tag`]) come out as the stages make them.
        #[test]
        fn tags_agree_with_the_full_chain(
            t in "([#@][A-Za-z0-9]{1,5}([_.]?[A-Za-z0-9]{1,5}){0,3}[,!).:]{0,2}|[a-zA-Z]{1,5}|[ 1#@_.-]|\\n|🔥|\u{200b}){0,12}"
        ) {
            if let Err(e) = both_ways(&t) {
                proptest::prop_assert!(false, "{}", e);
            }
        }
    }

    proptest::proptest! {
        /// Tags are in order and apart, so the search by halves of
        /// [`Normalized::in_tag`] answers as a look at every tag would.
        #[test]
        fn in_tag_answers_as_a_scan_of_all_tags(
            t in "([#@][A-Za-z0-9_]{1,6}|[a-zA-Z0-9]{1,5}|[ .,_#@-]|🔥|\u{200b}){0,20}"
        ) {
            let n = normalize(&t);
            let tags = n.tag_regions();
            proptest::prop_assert!(tags.windows(2).all(|w| w[0].1 < w[1].0), "{:?}", tags);
            let len = n.as_str().len();
            for s in 0..=len {
                for e in s..=len {
                    let scan = s < e && tags.iter().any(|&(a, b)| a <= s && e <= b);
                    proptest::prop_assert_eq!(n.in_tag(s, e), scan, "{:?} {}..{}", t, s, e);
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn normalized_spans_skip_ahead_to_the_same_answer(
            t in "([a-zA-Z0-9]{1,6}|[ .,!?:'_#@$&()-]|🔥|✌\u{fe0f}|\u{200b}|𝐏|é|3\u{fe0f}\u{20e3}){0,20}"
        ) {
            let n = normalize(&t);
            let bounds: Vec<usize> = t.char_indices().map(|(i, _)| i).chain([t.len()]).collect();
            for (k, &s) in bounds.iter().enumerate() {
                for &e in &bounds[k + 1..] {
                    // The same answer as a scan from the first character.
                    proptest::prop_assert_eq!(
                        n.normalized_span(s, e),
                        n.normalized_span_from(0, s as u32, e as u32),
                        "{:?} {}..{}", t, s, e
                    );
                }
            }
        }
    }

    /// What judging while writing says of `t`: the written prefix and
    /// first complex chunk, or None for plain.
    fn judged(t: &str) -> Option<normalized::Unplain> {
        let mut out = Normalized::default();
        out.begin();
        out.write_judged(t).err()
    }

    /// The regions judging while writing finds in `t`, going on after each
    /// as [`Normalizer::normalize_into`] does.
    fn judged_regions(t: &str) -> Vec<(u32, u32)> {
        let (mut out, mut found, mut from) = (Normalized::default(), Vec::new(), 0);
        out.begin();
        let mut judged = out.write_judged(t);
        while let Err(u) = judged {
            let ((s, e), _) = plain::region_around(t, u.chunk, from);
            assert!(s <= u.chunk.0 && u.chunk.1 <= e, "{t:?}: {u:?} in {s}..{e}");
            found.push((s as u32, e as u32));
            from = e;
            judged = out.write_judged_from(t, from);
        }
        found
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(cases(2000)))]
        /// Judging while writing, going on after each region, finds the
        /// regions [`plain::regions`] finds.
        #[test]
        fn judging_while_writing_agrees_with_the_regions(
            t in "([a-zA-Z0-9]{1,6}|[ .,!?:'_#@$&()-]|🔥|✌\u{fe0f}|\u{200b}|𝐏|é|\\n){0,40}|\\PC{0,20}"
        ) {
            let (mut s, mut all) = (Vec::new(), Vec::new());
            plain::regions(&t, &mut s, &mut all);
            proptest::prop_assert_eq!(judged_regions(&t), all, "{:?}", t);
        }
    }

    #[test]
    fn judging_stops_at_every_complex_chunk() {
        for t in plain::tests::COMPLEX {
            assert!(judged(t).is_some(), "{t:?}");
        }
        for t in [
            "",
            "ok",
            "#AminAja, 🔥🔥 ya",
            "rekan2 08.00 sat-set ASN-nya",
        ] {
            assert_eq!(judged(t), None, "{t:?}");
        }
    }

    #[test]
    fn lone_digits_written_before_a_region_are_taken_back() {
        for t in [
            "ayo 1 🔥 2 a b c".to_string(),
            // The region starts in one span and needs the next.
            format!("{}1 2 b", "kata ".repeat(12)),
            format!("{} 1 2 ✌\u{fe0f} 3 P r a b o w o", "kata ".repeat(14)),
        ] {
            let (mut s, mut r) = (Vec::new(), Vec::new());
            plain::regions(&t, &mut s, &mut r);
            let u = judged(&t).expect("complex");
            // Written past where the first region starts: the writer must rewind.
            assert!(u.written > r[0].0 as usize, "{t:?}: {u:?} {r:?}");
            both_ways(&t).unwrap();
        }
    }

    #[test]
    fn tags_are_split_as_the_stages_split_them() {
        for t in [
            "#PrabowoGibran2024 menang",
            "ayo @kpu_ri, #AMINAjaDulu!",
            "#Ab #Cd",
            "x \u{200b} #GanjarMahfudMD",
            "P r a b o w o #PrabowoGibran",
            "#ASNNetral. @tpn.ganjarmahfud",
            "🔥🔥 #TimnasDay 🔥",
            "#Ab1 c d",
            // The space for a tag's last `_` waits for what follows.
            "@a_ aA",
            "@a_ ..",
            "@a_ , #Ab",
            // ...also when the writer takes back what it wrote after it.
            "@A_\n\u{200b}\naa@a",
            "@ab_ aa@a",
            // Leet the split leaves joined to its letters.
            "#G4nj4rM4hfud2024 #pr4b0w0 #b00mAB",
            "#Pr4bowoGibr4n #PDIP03Menang",
        ] {
            both_ways(t).unwrap();
        }
        let t = "dukung #Pr4b0woGibr4n2024!";
        let n = normalize(t);
        assert_eq!(n.as_str(), "dukung #prabowo gibran 2024");
        let at = n.as_str().find("gibran").unwrap();
        let (s, e) = n.original_span(at, at + 6);
        assert_eq!(&t[s..e], "Gibr4n");
        let n = normalize("dukung #PrabowoGibran2024!");
        assert_eq!(n.as_str(), "dukung #prabowo gibran 2024");
        assert_eq!(n.tag_regions(), &[(7, 27)]);
        let at = n.as_str().find("gibran").unwrap();
        assert_eq!(n.original_span(at, at + 6), (15, 21));
    }

    /// The units after the stages, as planned or with every one run.
    fn staged(t: &str, every: bool) -> Units {
        let mut n = Normalizer::new();
        let planned = fold::fold(t, &mut n.a);
        let all = Todo {
            hashtag: true,
            lowercase_wide: true,
            spaced: true,
            leet: true,
            repeats: true,
        };
        n.stages(if every { all } else { planned }, &mut LeetSoFar::default());
        n.a
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(cases(2000)))]
        /// The plan made after folding leaves out only stages that would
        /// change nothing.
        #[test]
        fn stages_left_out_have_nothing_to_do(
            t in "([a-cA-C0-4]{1,4}|[aA]{2,4}|[ .,!_#@$-]|🔥|Σ|é){0,16}"
        ) {
            proptest::prop_assert_eq!(staged(&t, false), staged(&t, true), "{:?}", t);
        }
    }

    #[test]
    fn leet_at_an_edge_is_read_with_the_whole_text() {
        for (t, expect) in [
            // Leet inside a later region: the edge before is leet too.
            ("du4 kata kata g4nj4r", "dua kata kata ganjar"),
            ("g4nj4r kata kata du4", "ganjar kata kata dua"),
            ("du4 kata n0 kata g4nj4r", "dua kata no kata ganjar"),
            // Without leet inside a word, edges are ordinary writing.
            ("du4 kata kata 3x", "du4 kata kata 3x"),
        ] {
            assert_eq!(normalize(t).as_str(), expect, "{t:?}");
            both_ways(t).unwrap();
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
        // Words split out of a tag, and symbols, are words too.
        let n = normalize("  ayo #AMINAjaDulu 🔥🔥 P.R.4.B.O.W.O!! ");
        assert_eq!(n.as_str(), "ayo #amin aja dulu 🔥🔥 prabowo");
        assert_eq!(n.token_count(), 6);
        assert_eq!(n.token_index(n.as_str().find("dulu").unwrap()), 3);
        assert_eq!(n.token_index(n.as_str().len()), 5);
        assert_eq!(normalize(" .. ").token_count(), 0);
    }

    proptest::proptest! {
        /// Every word of the normalized text is counted once, in order.
        #[test]
        fn tokens_are_the_words_between_spaces(
            t in "([a-zA-Z0-9]{1,6}|[ .,!?:'_#@$&()-]|🔥|\u{200b}|𝐏|é){0,20}"
        ) {
            let n = normalize(&t);
            let words: Vec<&str> = n.as_str().split(' ').filter(|w| !w.is_empty()).collect();
            proptest::prop_assert_eq!(n.token_count(), words.len());
            let mut at = 0;
            for (k, w) in words.iter().enumerate() {
                let start = at + n.as_str()[at..].find(w).unwrap_or(0);
                proptest::prop_assert_eq!(n.token_index(start), k);
                at = start + w.len();
            }
        }
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

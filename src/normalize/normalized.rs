//! The normalized text, its map back to the original, and how both are written.

use super::plain_writer::{add_tag, PlainWriter};
use super::span_map::SpanMap;
use super::{block, fold, plain, separators, Unit};
use std::sync::OnceLock;

/// The result: normalized text plus the map back to the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    text: String,
    /// The text while it is written (bytes, so plain text can be copied
    /// without a branch per byte); checked as UTF-8 once at the end.
    bytes: Vec<u8>,
    /// For each normalized byte, the original range of its character.
    pub(super) map: SpanMap,
    /// Normalized byte ranges of hashtags and mentions.
    pub(super) tags: Vec<(usize, usize)>,
    /// Where words start, found from the spaces the first time a word is
    /// asked for: most texts have no finding and never ask, and keeping
    /// the list while writing took a tenth of the time.
    words: OnceLock<Vec<WordStarts>>,
    /// The last text's list, kept for its allocation.
    spare_words: Vec<WordStarts>,
    /// While writing: the space a run of separators will become, once a
    /// character follows it.
    pending: Option<Unit>,
}

/// Lowercase for ASCII letters and digits; a space for everything else.
static PLAIN: [u8; 128] = {
    let mut t = [b' '; 128];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        if c.is_ascii_alphanumeric() {
            t[i] = c.to_ascii_lowercase();
        }
        i += 1;
    }
    t
};

impl Normalized {
    /// The normalized text: lowercase, single spaces, no obfuscation.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Maps a byte range of the normalized text to a byte range of the
    /// original text. Both ends land on char boundaries of the original.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        if start >= end {
            return (0, 0);
        }
        if end > self.text.len() {
            return (0, 0);
        }
        match (self.map.get(start), self.map.get(end - 1)) {
            (Some((s, _)), Some((_, e))) => (s as usize, e.max(s) as usize),
            _ => (0, 0),
        }
    }

    /// The normalized byte range covering what original bytes `start..end`
    /// became: every normalized character whose original range overlaps
    /// them. None when nothing there was kept (separators, invisible
    /// marks). The inverse of [`Normalized::original_span`] for a range of
    /// whole words.
    ///
    /// ```
    /// let n = netral::normalize::normalize("Coblos Bobby-Surya!");
    /// assert_eq!(n.normalized_span(7, 18), Some((7, 18)));
    /// assert_eq!(&n.as_str()[7..18], "bobby surya");
    /// assert_eq!(n.normalized_span(18, 19), None);
    /// ```
    pub fn normalized_span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if start >= end {
            return None;
        }
        let (start, end) = (start as u32, end as u32);
        // Skip the bytes whose range ends before `start` (a scan from the
        // first byte cost a lookup per character, for every match of an
        // `original` pattern).
        let mut lo = self
            .map
            .partition_point(self.text.len(), |(_, e)| e <= start);
        while lo > 0 && !self.text.is_char_boundary(lo) {
            lo -= 1;
        }
        self.normalized_span_from(lo, start, end)
    }

    /// [`Normalized::normalized_span`] of original `start..end`, looking at
    /// the normalized characters from byte `from` (a char boundary) on.
    pub(super) fn normalized_span_from(
        &self,
        from: usize,
        start: u32,
        end: u32,
    ) -> Option<(usize, usize)> {
        let mut found: Option<(usize, usize)> = None;
        for (k, c) in self.text.get(from..)?.char_indices() {
            let i = from + k;
            let Some((s, e)) = self.map.get(i) else {
                continue;
            };
            if s >= end {
                break;
            }
            if e > start && s < end {
                let stop = i + c.len_utf8();
                found = Some(found.map_or((i, stop), |(a, _)| (a, stop)));
            }
        }
        // A space at either edge stands for a separator around the words.
        let (mut a, mut b) = found?;
        let t = self.text.as_bytes();
        while a < b && t[a] == b' ' {
            a += 1;
        }
        while b > a && t[b - 1] == b' ' {
            b -= 1;
        }
        (a < b).then_some((a, b))
    }

    /// True when `start..end` lies inside one hashtag or mention, or one
    /// run of letters spelled out apart (`P r a b o w o G i b r a n`):
    /// where words may run together.
    ///
    /// ```
    /// let n = netral::normalize::normalize("ayo #AMINAjaDulu ya");
    /// assert_eq!(n.as_str(), "ayo #amin aja dulu ya");
    /// assert!(n.in_tag(5, 13) && !n.in_tag(0, 3) && !n.in_tag(14, 21));
    /// ```
    pub fn in_tag(&self, start: usize, end: usize) -> bool {
        // Tags are written in order and never touch (see `add_tag`): the
        // one that may hold `start` is the last that starts at or before
        // it, found by halves (a scan of all took a line of thousands of
        // tags time by the square).
        let k = self.tags.partition_point(|&(s, _)| s <= start);
        start < end && k > 0 && end <= self.tags[k - 1].1
    }

    /// Hashtag, mention and spelled-out regions (see [`Normalized::in_tag`]),
    /// as normalized byte ranges.
    pub fn tag_regions(&self) -> &[(usize, usize)] {
        &self.tags
    }

    /// The index of the word (space-separated token) that contains byte
    /// `pos`: the word before, at a space; the last word, past the end.
    ///
    /// ```
    /// let n = netral::normalize::normalize("Coblos #PrabowoGibran!");
    /// assert_eq!(n.as_str(), "coblos #prabowo gibran");
    /// assert_eq!(n.token_index(n.as_str().find("gibran").unwrap()), 2);
    /// assert_eq!(n.token_count(), 3);
    /// ```
    ///
    /// The first question finds where the words start, unless
    /// [`Normalized::index_words`] did.
    pub fn token_index(&self, pos: usize) -> usize {
        let words = self.words();
        let Some(last) = words.len().checked_sub(1) else {
            return 0;
        };
        let (k, upto) = match pos / SPAN {
            k if k > last => (last, u64::MAX),
            k => (k, block::low_bits(pos % SPAN + 1)),
        };
        let w = words[k];
        (w.before as usize + (w.starts & upto).count_ones() as usize).saturating_sub(1)
    }

    /// The number of words.
    pub fn token_count(&self) -> usize {
        self.words()
            .last()
            .map_or(0, |w| w.before as usize + w.starts.count_ones() as usize)
    }

    /// Finds where the words start, for [`Normalized::token_index`], in
    /// the list the last text used: a loop over many texts that asks for
    /// words then allocates only for a text longer than any before.
    pub fn index_words(&mut self) {
        if self.words.get().is_none() {
            let list = find_words(self.text.as_bytes(), std::mem::take(&mut self.spare_words));
            // Empty, as checked above: the list goes in.
            let _ = self.words.set(list);
        }
    }

    fn words(&self) -> &[WordStarts] {
        self.words
            .get_or_init(|| find_words(self.text.as_bytes(), Vec::new()))
    }

    /// Empties everything for a new text, keeping the allocations.
    pub(super) fn begin(&mut self) {
        self.bytes = std::mem::take(&mut self.text).into_bytes();
        self.bytes.clear();
        self.map.clear();
        self.tags.clear();
        if let Some(list) = self.words.take() {
            self.spare_words = list;
        }
        self.pending = None;
    }

    /// Makes the written bytes the text. They are UTF-8 by construction (whole
    /// characters and ASCII); were they not, the text would be cut where the
    /// span map ends rather than anything panic.
    pub(super) fn finish(&mut self) {
        let bytes = std::mem::take(&mut self.bytes);
        self.text = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let mut bytes = e.into_bytes();
                bytes.truncate(valid);
                String::from_utf8(bytes).unwrap_or_default()
            }
        };
        self.map.truncate(self.text.len());
    }

    /// Writes units out, turning every run of separators into one space
    /// (stage 7, [`separators`], fused here to save a pass).
    pub(super) fn write_units(&mut self, units: &[Unit]) {
        // Room for the widest characters, so pushes never grow the buffer.
        self.bytes.reserve(units.len() * 4);
        let mut w = self.writer();
        for u in units {
            w.unit(*u);
        }
        self.put_back(w);
    }

    /// Writes plain text (see [`super::plain`]) that starts at byte `base` of
    /// the original: ASCII lowercased, emoji kept, invisible marks joined to
    /// the character before, separators collapsed. Gives exactly what the
    /// stages and [`Normalized::write_units`] give for such text.
    #[inline(never)]
    pub(super) fn write_plain(&mut self, text: &str, base: usize) {
        // Without judging, the write always goes to the end.
        let _ = self.copy_after_pending::<false>(text, base);
    }

    /// Writes a whole text as plain text, judging it as it goes. When part
    /// of it needs the stages (see [`super::plain`]), the writing stops
    /// there and says where ([`Unplain`]). Call it right after
    /// [`Normalized::begin`].
    #[inline(never)]
    pub(super) fn write_judged(&mut self, text: &str) -> Result<(), Unplain> {
        self.copy_plain::<true>(text, 0)
    }

    /// [`Normalized::write_judged`] for `text` from byte `from` on, where
    /// a region ended (the end of a chunk).
    pub(super) fn write_judged_from(&mut self, text: &str, from: usize) -> Result<(), Unplain> {
        // The rest starts at whitespace (or is empty), which is in no
        // class, as the nothing before a text is: it is judged as a text
        // of its own.
        let rest = text.get(from..).unwrap_or_default();
        self.copy_after_pending::<true>(rest, from)
            .map_err(|u| Unplain {
                written: from + u.written,
                chunk: (from + u.chunk.0, from + u.chunk.1),
            })
    }

    /// Drops what was written for the original text from byte `s` on,
    /// where `s` starts a chunk: the space written for the whitespace
    /// before it is left pending, as if the text ended there.
    pub(super) fn rewind(&mut self, s: usize) {
        let s = s as u32;
        let mut n = self
            .map
            .partition_point(self.bytes.len(), |(start, _)| start < s);
        if n == self.bytes.len() {
            // Nothing to take back: a pending space stands for whitespace
            // before `s`.
            return;
        }
        if n > 0 && self.bytes[n - 1] == b' ' {
            n -= 1;
            // A space in a tag stands for the tag's last `_` (`@ab_ aa@a`,
            // where `aa` was written before the `@` was met): pending again,
            // it still joins the tag to what follows.
            let tag = self.in_tag(n, n + 1);
            self.pending = self.map.get(n).map(|(a, e)| Unit {
                tag,
                ..Unit::new(' ', a as usize, e as usize)
            });
        } else {
            self.pending = None;
        }
        self.truncate(n);
    }

    /// Drops the bytes written from `n` on, their marks in the map and
    /// their part of the tags.
    fn truncate(&mut self, n: usize) {
        self.bytes.truncate(n);
        self.map.truncate(n);
        // Tags are in order: those from `n` on are the last ones.
        let keep = self.tags.partition_point(|&(a, _)| a < n);
        self.tags.truncate(keep);
        if let Some(last) = self.tags.last_mut() {
            last.1 = last.1.min(n);
        }
    }

    /// The parts writing changes, taken out (see [`Writer`]).
    fn writer(&mut self) -> Writer {
        Writer {
            bytes: std::mem::take(&mut self.bytes),
            map: std::mem::take(&mut self.map),
            tags: std::mem::take(&mut self.tags),
            pending: self.pending.take(),
        }
    }

    /// Puts back what [`Normalized::writer`] took.
    fn put_back(&mut self, w: Writer) {
        self.bytes = w.bytes;
        self.map = w.map;
        self.tags = w.tags;
        self.pending = w.pending;
    }

    /// [`Normalized::copy_plain`] when units before left a space pending:
    /// it goes out ahead of the next character kept, and if none comes, it
    /// is pending again.
    fn copy_after_pending<const JUDGE: bool>(
        &mut self,
        text: &str,
        base: usize,
    ) -> Result<(), Unplain> {
        let Some(space) = self.pending.take() else {
            return self.copy_plain::<JUDGE>(text, base);
        };
        let n = self.bytes.len();
        self.map.mark(n, space.start, space.end, false);
        self.bytes.push(b' ');
        if space.tag {
            add_tag(&mut self.tags, n, n + 1);
        }
        let result = self.copy_plain::<JUDGE>(text, base);
        if self.bytes.len() == n + 1 {
            self.truncate(n);
            self.pending = Some(space);
        }
        result
    }

    /// The fast part of [`Normalized::write_plain`], a [`block::SPAN`] of
    /// sixty-four bytes at a time. Up to the first character outside ASCII
    /// or `#`/`@`, the span's bytes are letters, digits and separators: a
    /// separator after a separator is dropped, and each run of kept bytes
    /// between the dropped ones is lowered and stored sixteen bytes at a
    /// time, with one mark in the span map. Only those characters take the
    /// slow way, one at a time.
    ///
    /// With `JUDGE`, the text is also judged as it is written, by the tests
    /// of [`plain::span_suspects`], [`plain::Wide`] and [`plain::classify`]:
    /// the write stops at the first chunk that needs the stages and says
    /// where ([`Unplain`]); the caller goes on from there with the regions.
    /// Without it the text must be plain, and it is all written.
    /// What is written, and how, is [`PlainWriter`]'s.
    fn copy_plain<const JUDGE: bool>(&mut self, text: &str, base: usize) -> Result<(), Unplain> {
        const READ: usize = SPAN + block::WIDTH;
        let b = text.as_bytes();
        if b.is_empty() {
            // Nothing to write (the text between two regions, often): not
            // worth making room for.
            return Ok(());
        }
        let n0 = self.bytes.len();
        let kept = self.bytes.last().is_some_and(|&c| c != b' ');
        // See `PlainWriter::bytes` for the room. A short text gets all it
        // needs at once; a long one grows it as it goes, so writing that
        // stops at a region after a few words does not make room for the
        // rest of the text each time (that took time by the square).
        let mut bytes = std::mem::take(&mut self.bytes);
        bytes.resize(n0 + (b.len() + b.len() / 2).min(FIRST_ROOM) + READ, 0);
        let mut out = PlainWriter {
            bytes,
            n: n0,
            map: std::mem::take(&mut self.map),
            tags: std::mem::take(&mut self.tags),
            kept,
        };
        // The last bytes of the text (all of a short one) with zeros after
        // them, made when a span first needs them, so runs can be lowered a
        // block at a time past the end.
        let pad_at = b.len().saturating_sub(READ);
        let mut pad = [0u8; 2 * READ];
        let mut padded = false;
        // Judging: suspects before this are judged (their chunk is plain),
        // and what judging characters outside ASCII remembers.
        let mut judged = 0;
        let mut wide = plain::Wide::default();
        let mut unplain = None;
        let mut i = 0;
        'text: while i < b.len() {
            let at0 = i;
            // What a span writes, with a tag's room made apart.
            out.make_room(2 * SPAN + READ);
            let src: &[u8; READ] = match b.get(i..i + READ).map(<&[u8; READ]>::try_from) {
                Some(Ok(whole)) => whole,
                _ => {
                    if !padded {
                        pad[..b.len() - pad_at].copy_from_slice(&b[pad_at..]);
                        padded = true;
                    }
                    match pad.get(i - pad_at..).and_then(|p| p.first_chunk::<READ>()) {
                        Some(p) => p,
                        None => break,
                    }
                }
            };
            let before = |k: usize| at0.checked_sub(k).map_or(0, |j| b[j]);
            let (word, non_ascii, sigil, suspects) = if JUDGE {
                let k = block::classify_span(b, at0);
                let after = b.get(at0 + SPAN).copied().unwrap_or(0);
                let suspects = plain::span_suspects(&k, before(2), before(1), after);
                (k.alpha | k.digit, k.non_ascii, k.sigil, suspects)
            } else {
                let (w, na, s) = block::plain_span(b, at0);
                (w, na, s, 0)
            };
            // Past the end of the text, as if a character outside ASCII.
            let past = !block::low_bits(b.len() - at0);
            let stop = non_ascii | sigil | past;
            let sep = !word & !stop;
            // The span is written in segments, each up to a character
            // outside ASCII or a tag, which take the slow way.
            loop {
                let off = i - at0;
                let lead = 1u64 << off;
                let from = u64::MAX << off;
                let limit = (stop & from).trailing_zeros() as usize;
                let seg = from & block::low_bits(limit);
                // A separator after a separator (or first, after a space) is
                // dropped. The byte before the segment, when it is in the
                // span, is a character's or a tag's: never a separator.
                let kept_lead = if out.kept { lead } else { 0 };
                let dropped = sep & seg & (((sep << 1) & !lead) | (lead & !kept_lead));
                if JUDGE {
                    let mut s = suspects & seg;
                    while s != 0 {
                        let p = at0 + s.trailing_zeros() as usize;
                        s &= s - 1;
                        if let Some(chunk) = plain::judge_suspect(text, p, &mut judged) {
                            // The segment up to the chunk is written here:
                            // the region most often starts with the chunk.
                            let upto = chunk.0.max(i);
                            let part = seg & block::low_bits(upto - at0);
                            if upto > i && out.runs(src, base + at0, part & !dropped) {
                                out.kept = word & (1 << (upto - at0 - 1)) != 0;
                            }
                            unplain = Some(Unplain {
                                written: upto,
                                chunk,
                            });
                            break 'text;
                        }
                    }
                }
                if !out.runs(src, base + at0, seg & !dropped) {
                    break 'text;
                }
                if limit > off {
                    out.kept = word & (1 << (limit - 1)) != 0;
                }
                i = at0 + limit;
                if limit == SPAN || i >= b.len() {
                    continue 'text;
                }
                let at = (base + i) as u32;
                if sigil & (1 << limit) != 0 {
                    let chunk = &b[i..];
                    let end = chunk.iter().position(|&c| plain::is_chunk_space(c));
                    // Judging, a tag must start its chunk (`ab#cd` is one
                    // chunk, and not plain).
                    let starts_chunk = !JUDGE || i == 0 || plain::is_chunk_space(b[i - 1]);
                    let tag = &chunk[..end.unwrap_or(chunk.len())];
                    out.make_room(tag.len() + tag.len() / 2 + 1 + 2 * SPAN + READ);
                    match starts_chunk.then(|| out.tag(tag, at)).flatten() {
                        Some(len) => i += len,
                        None if JUDGE => {
                            unplain = Some(Unplain {
                                written: i,
                                chunk: plain::chunk_around(b, i),
                            });
                            break 'text;
                        }
                        // Plain text holds no other `#` or `@` (they make
                        // their chunk complex); were one here, it would be
                        // a separator.
                        None => {
                            out.separator(at, at + 1, true);
                            i += 1;
                        }
                    }
                } else {
                    // One character outside ASCII.
                    let Some(ch) = text[i..].chars().next() else {
                        break 'text;
                    };
                    let w = ch.len_utf8();
                    let simple = fold::simple(ch);
                    if JUDGE && wide.suspect(b, i, ch, simple) {
                        if let Some(chunk) = plain::judge_suspect(text, i, &mut judged) {
                            unplain = Some(Unplain { written: i, chunk });
                            break 'text;
                        }
                    }
                    out.wide_char(&b[i..i + w], at, simple);
                    i += w;
                }
                if i >= at0 + SPAN {
                    continue 'text;
                }
            }
        }
        let PlainWriter {
            bytes,
            mut n,
            mut map,
            tags,
            kept,
        } = out;
        self.bytes = bytes;
        // A trailing space waits for a character to follow it (also where
        // judging stopped: the rest is written after it).
        if n > n0 && !kept {
            n -= 1;
            if let Some((s, e)) = map.get(n) {
                self.pending = Some(Unit::new(' ', s as usize, e as usize));
            }
        }
        map.truncate(n);
        self.map = map;
        self.tags = tags;
        self.bytes.truncate(n);
        unplain.map_or(Ok(()), Err)
    }
}

/// Bytes a [`WordStarts`] covers, and the writer reads at a time.
const SPAN: usize = block::SPAN;

/// The most room the plain writer makes at first (see
/// [`Normalized::copy_plain`]): all a post of three hundred bytes needs.
const FIRST_ROOM: usize = 512;

/// Where words start in a span of the normalized text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WordStarts {
    /// Bit `k` for byte `k` of the span: no space, and first in the text
    /// or after a space.
    starts: u64,
    /// How many words start before the span.
    before: u32,
}

/// The [`WordStarts`] of each span of `b`, in `list` (its contents
/// replaced).
fn find_words(b: &[u8], mut list: Vec<WordStarts>) -> Vec<WordStarts> {
    list.clear();
    let (mut before, mut space_before) = (0, 1);
    for at in (0..b.len()).step_by(SPAN) {
        let space = block::byte_span(b, at, b' ');
        let starts = !space & block::low_bits(b.len() - at) & ((space << 1) | space_before);
        space_before = space >> (SPAN - 1);
        list.push(WordStarts { starts, before });
        before += starts.count_ones();
    }
    list
}

/// Where judging stopped a write (see [`Normalized::write_judged`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unplain {
    /// The original bytes before this are written, and nothing after.
    pub(super) written: usize,
    /// The first chunk that needs the stages.
    pub(super) chunk: (usize, usize),
}

/// The parts of [`Normalized`] that writing units changes, held apart from
/// it so a loop over units keeps them in registers.
struct Writer {
    bytes: Vec<u8>,
    map: SpanMap,
    tags: Vec<(usize, usize)>,
    pending: Option<Unit>,
}

impl Writer {
    #[inline(always)]
    fn unit(&mut self, u: Unit) {
        let separator = if u.ch.is_ascii() {
            PLAIN[u.ch as usize] == b' ' && u.ch != '#' && u.ch != '@'
        } else {
            separators::is_separator(u.ch)
        };
        if separator {
            if !self.bytes.is_empty() && self.pending.is_none() {
                self.pending = Some(Unit { ch: ' ', ..u });
            }
            return;
        }
        if let Some(sp) = self.pending.take() {
            self.push(sp);
        }
        self.push(u);
    }

    #[inline(always)]
    fn push(&mut self, u: Unit) {
        let at = self.bytes.len();
        // An ASCII character written for one original byte may go on a run.
        let one_for_one = u.ch.is_ascii() && u.end == u.start.wrapping_add(1);
        self.map.mark(at, u.start, u.end, one_for_one);
        let width = if u.ch.is_ascii() {
            self.bytes.push(u.ch as u8);
            1
        } else {
            let mut buf = [0u8; 4];
            let encoded = u.ch.encode_utf8(&mut buf).as_bytes();
            self.bytes.extend_from_slice(encoded);
            encoded.len()
        };
        if u.tag {
            add_tag(&mut self.tags, at, at + width);
        }
    }
}

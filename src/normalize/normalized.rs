//! The normalized text, its map back to the original, and how both are written.

use super::span_map::SpanMap;
use super::{block, fold, hashtag, plain, separators, Unit};

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
    pub(super) token_starts: Vec<usize>,
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
        // The stages keep characters in order, so the original ranges of
        // normalized bytes only grow: skip, by halves, the bytes whose range
        // ends before `start` (a scan from the first byte cost a lookup per
        // character, for every match of an `original` pattern).
        let (mut lo, mut hi) = (0, self.text.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.map.get(mid) {
                Some((_, e)) if e <= start => lo = mid + 1,
                _ => hi = mid,
            }
        }
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

    /// Empties everything for a new text, keeping the allocations.
    pub(super) fn begin(&mut self) {
        self.bytes = std::mem::take(&mut self.text).into_bytes();
        self.bytes.clear();
        self.map.clear();
        self.tags.clear();
        self.token_starts.clear();
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
    pub(super) fn write_plain(&mut self, text: &str, base: usize) {
        let mut i = 0;
        // A space left pending by units before goes out ahead of the next
        // kept character; separators and invisible marks before that leave
        // it as it is.
        while self.pending.is_some() {
            let Some(c) = text[i..].chars().next() else {
                return;
            };
            match fold::simple(c) {
                Some(fold::Simple::Invisible) => {}
                Some(fold::Simple::Separator) if c != '#' && c != '@' => {}
                _ => {
                    self.flush_pending();
                    break;
                }
            }
            i += c.len_utf8();
        }
        self.copy_plain(&text[i..], base + i);
    }

    /// Writes the pending space, if any, as the next character would.
    fn flush_pending(&mut self) {
        let mut w = self.writer();
        if let Some(space) = w.pending.take() {
            w.push(space);
        }
        self.put_back(w);
    }

    /// The parts writing changes, taken out (see [`Writer`]).
    fn writer(&mut self) -> Writer {
        Writer {
            bytes: std::mem::take(&mut self.bytes),
            map: std::mem::take(&mut self.map),
            tags: std::mem::take(&mut self.tags),
            tokens: std::mem::take(&mut self.token_starts),
            pending: self.pending.take(),
        }
    }

    /// Puts back what [`Normalized::writer`] took.
    fn put_back(&mut self, w: Writer) {
        self.bytes = w.bytes;
        self.map = w.map;
        self.tags = w.tags;
        self.token_starts = w.tokens;
        self.pending = w.pending;
    }

    /// The fast part of [`Normalized::write_plain`]: every byte is written,
    /// and the write position moves on only for a kept byte or the first
    /// separator after one. ASCII goes sixteen bytes at a time (see
    /// [`block`]): a block is written up to its first character outside
    /// ASCII, and a separator after a separator is stepped over, so only
    /// those characters take the byte loop.
    fn copy_plain(&mut self, text: &str, base: usize) {
        let b = text.as_bytes();
        let n0 = self.bytes.len();
        // Whether the last byte written is kept (a word or symbol byte), not
        // the space before what comes next.
        let mut kept = self.bytes.last().is_some_and(|&c| c != b' ');
        // A separator becomes one space and the rest is copied, but for the
        // spaces splitting tags, at most one per two characters. A block
        // more of room, as a block is written whole.
        self.bytes
            .resize(n0 + b.len() + b.len() / 2 + block::WIDTH, 0);
        // A slice and taken vectors, so the loop keeps them in registers.
        // Only the three it needs: taking all of them through `writer()`
        // cost 2 % more instructions on plain texts.
        let mut tokens = std::mem::take(&mut self.token_starts);
        let mut map = std::mem::take(&mut self.map);
        let mut tags = std::mem::take(&mut self.tags);
        let bytes = &mut self.bytes[..];
        let mut n = n0;
        let (mut i, mut tail) = (0, [0; block::WIDTH]);
        while i < b.len() {
            let x = block::window(b, i, &mut tail);
            let Ok(out) = <&mut [u8; block::WIDTH]>::try_from(&mut bytes[n..n + block::WIDTH])
            else {
                break;
            };
            let block::Plain {
                word: w,
                non_ascii,
                sigil,
            } = block::plain(x, out);
            // Past the end of the text, as if a character outside ASCII.
            let past = u16::MAX.checked_shl((b.len() - i) as u32).unwrap_or(0);
            let non_ascii = non_ascii | past;
            let sep = !w & !non_ascii & !sigil;
            let after_sep = (sep << 1) | u16::from(!kept);
            // Bytes before the first that is not written as it is: a
            // non-ASCII character, a separator after a separator, or a tag.
            let stop = non_ascii | (sep & after_sep) | sigil;
            let take = stop.trailing_zeros() as usize;
            if take > 0 {
                let at = (base + i) as u32;
                map.mark(n, at, at + 1, true);
                let taken = u16::MAX >> (block::WIDTH - take);
                let mut first = w & !((w << 1) | u16::from(kept)) & taken;
                while first != 0 {
                    tokens.push(n + first.trailing_zeros() as usize);
                    first &= first - 1;
                }
                kept = w & (1 << (take - 1)) != 0;
                n += take;
                i += take;
            }
            if take == block::WIDTH || i >= b.len() {
                continue;
            }
            if sigil & (1 << take) != 0 {
                let chunk = &b[i..];
                let end = chunk.iter().position(|&c| plain::is_chunk_space(c));
                if let Some(len) = plain::simple_tag(&chunk[..end.unwrap_or(chunk.len())]) {
                    if !kept {
                        tokens.push(n);
                    }
                    let start = n;
                    n = write_tag(
                        &chunk[..len],
                        (base + i) as u32,
                        bytes,
                        n,
                        &mut map,
                        &mut tokens,
                    );
                    add_tag(&mut tags, start, n);
                    kept = true;
                    i += len;
                    continue;
                }
                // Plain text holds no other `#` or `@` (they make their
                // chunk complex); were one here, it would be a separator.
                bytes[n] = b' ';
                let at = (base + i) as u32;
                map.mark(n, at, at + 1, true);
                n += kept as usize;
                kept = false;
                i += 1;
                continue;
            }
            if sep & (1 << take) != 0 {
                // Separators after a separator: the space is written already.
                i += (!(sep >> take)).trailing_zeros() as usize;
                continue;
            }
            // One character outside ASCII.
            let Some(ch) = text[i..].chars().next() else {
                break;
            };
            let at = (base + i) as u32;
            let w = ch.len_utf8();
            let end = at + w as u32;
            match fold::simple(ch) {
                Some(fold::Simple::Invisible) => {
                    // Joins the span of the character before, as folding does.
                    if n > 0 && map.get(n - 1).is_some_and(|(_, e)| e == at) {
                        let mut from = n - 1;
                        while from > 0 && bytes[from] & 0xC0 == 0x80 {
                            from -= 1;
                        }
                        map.extend(from, n, end);
                    }
                }
                Some(fold::Simple::Separator) => {
                    bytes[n] = b' ';
                    map.mark(n, at, end, false);
                    n += kept as usize;
                    kept = false;
                }
                // A symbol (plain text holds nothing else) is kept whole.
                _ => {
                    if !kept {
                        tokens.push(n);
                    }
                    bytes[n..n + w].copy_from_slice(&b[i..i + w]);
                    map.mark(n, at, end, false);
                    n += w;
                    kept = true;
                }
            }
            i += w;
        }
        // A trailing space waits for a character to follow it.
        if n > n0 && !kept {
            n -= 1;
            if let Some((s, e)) = map.get(n) {
                self.pending = Some(Unit::new(' ', s as usize, e as usize));
            }
        }
        map.truncate(n);
        self.map = map;
        self.token_starts = tokens;
        self.tags = tags;
        self.bytes.truncate(n);
    }
}

/// Writes `tag`, a [`plain::simple_tag`] that starts at original byte `at`,
/// at `bytes[n..]` as the hashtag stage and [`Normalized::write_units`]
/// would: lowercased, a space for each `_` or `.`, and an inserted space
/// (standing for no original byte) where words meet (`AMINAja`). Returns
/// where the writing ended.
fn write_tag(
    tag: &[u8],
    at: u32,
    bytes: &mut [u8],
    mut n: usize,
    map: &mut SpanMap,
    tokens: &mut Vec<usize>,
) -> usize {
    let mut prev = b' ';
    for (k, &c) in tag.iter().enumerate() {
        let p = at + k as u32;
        let next = tag.get(k + 1).copied().unwrap_or(b' ');
        if c == b'_' || c == b'.' {
            bytes[n] = b' ';
            map.mark(n, p, p + 1, true);
            n += 1;
            tokens.push(n);
        } else {
            if k > 1 && prev.is_ascii_alphanumeric() && hashtag::boundary_ascii(prev, c, next) {
                bytes[n] = b' ';
                map.mark(n, p, p, false);
                n += 1;
                tokens.push(n);
            }
            bytes[n] = c.to_ascii_lowercase();
            map.mark(n, p, p + 1, true);
            n += 1;
        }
        prev = c;
    }
    n
}

/// Marks normalized bytes `start..end` as part of a tag: the last tag grows
/// when it ends at most a space before.
fn add_tag(tags: &mut Vec<(usize, usize)>, start: usize, end: usize) {
    match tags.last_mut() {
        Some(last) if last.1 >= start.saturating_sub(1) => last.1 = end,
        _ => tags.push((start, end)),
    }
}

/// The parts of [`Normalized`] that writing units changes, held apart from
/// it so a loop over units keeps them in registers.
struct Writer {
    bytes: Vec<u8>,
    map: SpanMap,
    tags: Vec<(usize, usize)>,
    tokens: Vec<usize>,
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
        if self.bytes.last().is_none_or(|&b| b == b' ') {
            self.tokens.push(self.bytes.len());
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

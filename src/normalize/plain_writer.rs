//! Writing plain text: the bytes, span-map marks, word starts and tags that
//! [`super::Normalized`] keeps, for text the stages would leave as it is.
//!
//! The loop that reads a text a span at a time and judges it lives in
//! [`super::Normalized`]; this holds what it writes, and how each kind of
//! piece (a run of ASCII, a tag, a character outside ASCII) is written.

use super::block;
use super::fold::Simple;
use super::plain::{self, TagPart, TagShape};
use super::span_map::SpanMap;

/// What the plain writer has written so far, taken out of
/// [`super::Normalized`] so its loop keeps them in registers.
pub(super) struct PlainWriter {
    /// The bytes written, then room: the writer makes it before each span
    /// and tag ([`PlainWriter::make_room`]), as a separator becomes one
    /// space and the rest is copied, but for the spaces splitting tags (at
    /// most one per two characters), and runs are stored a block at a time.
    pub(super) bytes: Vec<u8>,
    /// Where the next byte goes.
    pub(super) n: usize,
    pub(super) map: SpanMap,
    pub(super) tags: Vec<(usize, usize)>,
    /// Whether the last byte written is kept (a word or symbol byte), not
    /// the space before what comes next.
    pub(super) kept: bool,
}

impl PlainWriter {
    /// Makes `room` bytes of room after those written, doubling what there
    /// is when it grows: a long text pays for its room once, however many
    /// times the writing stops and goes on.
    pub(super) fn make_room(&mut self, room: usize) {
        let need = self.n + room;
        if self.bytes.len() < need {
            let len = need.max(self.bytes.len() * 2);
            self.bytes.resize(len, 0);
        }
    }

    /// Writes the bytes of `src` (read at original byte `at`) whose bits
    /// are set in `keep`, lowered, a run of neighbours at a time: a run is
    /// one span-map mark and a store per sixteen bytes. False when the
    /// room ran out (it cannot: see `bytes`).
    #[inline]
    pub(super) fn runs(&mut self, src: &[u8], at: usize, mut keep: u64) -> bool {
        while keep != 0 {
            let a = keep.trailing_zeros() as usize;
            let len = (!(keep >> a)).trailing_zeros() as usize;
            let run = block::low_bits(len) << a;
            let p = (at + a) as u32;
            self.map.mark(self.n, p, p + 1, true);
            let mut k = 0;
            while k < len {
                let to = self
                    .bytes
                    .get_mut(self.n + k..)
                    .and_then(|s| s.first_chunk_mut::<{ block::WIDTH }>());
                let from = src
                    .get(a + k..)
                    .and_then(|s| s.first_chunk::<{ block::WIDTH }>());
                let (Some(to), Some(from)) = (to, from) else {
                    return false;
                };
                block::lower(from, to);
                k += block::WIDTH;
            }
            self.n += len;
            keep &= !run;
        }
        true
    }

    /// Writes the tag that starts `chunk` (from its `#` or `@` to the
    /// chunk's end, at original byte `at`) when it is a
    /// [`plain::simple_tag`], as the hashtag stage and
    /// [`super::Normalized::write_units`] would: lowercased, a space for
    /// each `_` or `.`, and an inserted space (standing for no original
    /// byte) where words meet (`AMINAja`). Returns the tag's length; None,
    /// with nothing written, when it is not simple.
    pub(super) fn tag(&mut self, chunk: &[u8], at: u32) -> Option<usize> {
        // At most a space for every two characters is inserted.
        if self.bytes.len() < self.n + chunk.len() + chunk.len() / 2 + 1 {
            return None;
        }
        match plain::tag_shape(chunk) {
            Some(shape) => shape.map(|shape| self.shaped_tag(chunk, at, shape)),
            None => self.walked_tag(chunk, at),
        }
    }

    /// [`PlainWriter::tag`] for a tag whose shape is known: the body is
    /// lowered a block at a time, and copied in pieces between the splits.
    fn shaped_tag(&mut self, chunk: &[u8], at: u32, shape: TagShape) -> usize {
        let start = self.n;
        // The body lowered, `_` and `.` as spaces (as `block::lower` writes
        // every byte but letters and digits).
        let mut low = [b' '; 64 + block::WIDTH];
        let mut tail = [0; block::WIDTH];
        for j in (0..shape.body).step_by(block::WIDTH) {
            if let Some(to) = low.get_mut(j..).and_then(|s| s.first_chunk_mut()) {
                block::lower(block::window(chunk, 1 + j, &mut tail), to);
            }
        }
        let mut n = start;
        self.map.mark(n, at, at + 1, true);
        self.bytes[n] = chunk[0];
        n += 1;
        // Body bytes before `from` are written.
        let mut from = 0;
        let mut cuts = shape.splits | shape.joiners;
        while cuts != 0 {
            let k = cuts.trailing_zeros() as usize;
            cuts &= cuts - 1;
            if shape.joiners & (1 << k) != 0 {
                // The run of the map goes on over it: a space for a byte.
                continue;
            }
            let len = k - from;
            self.bytes[n..n + len].copy_from_slice(&low[from..k]);
            n += len;
            let p = at + 1 + k as u32;
            self.bytes[n] = b' ';
            self.map.mark(n, p, p, false);
            n += 1;
            self.map.mark(n, p, p + 1, true);
            from = k;
        }
        let len = shape.body - from;
        self.bytes[n..n + len].copy_from_slice(&low[from..shape.body]);
        n += len;
        add_tag(&mut self.tags, start, n);
        self.n = n;
        self.kept = true;
        1 + shape.body
    }

    /// [`PlainWriter::tag`] a byte at a time, for bodies too long for
    /// [`plain::tag_shape`].
    fn walked_tag(&mut self, chunk: &[u8], at: u32) -> Option<usize> {
        let start = self.n;
        let (bytes, map) = (&mut self.bytes[..], &mut self.map);
        let mut n = start;
        let len = plain::walk_tag(chunk, |part| match part {
            TagPart::Sigil(c) => {
                // The map goes on a byte for a byte from here.
                map.mark(n, at, at + 1, true);
                bytes[n] = c;
                n += 1;
            }
            TagPart::Byte(c) => {
                bytes[n] = c.to_ascii_lowercase();
                n += 1;
            }
            TagPart::Joiner(k) => {
                let p = at + k as u32;
                bytes[n] = b' ';
                map.mark(n, p, p + 1, true);
                n += 1;
            }
            TagPart::Split(k) => {
                let p = at + k as u32;
                bytes[n] = b' ';
                map.mark(n, p, p, false);
                n += 1;
                map.mark(n, p, p + 1, true);
            }
        });
        let Some(len) = len else {
            // Not a simple tag: what was written of it goes.
            self.map.truncate(start);
            return None;
        };
        add_tag(&mut self.tags, start, n);
        self.n = n;
        self.kept = true;
        Some(len)
    }

    /// Writes a separator standing for original bytes `at..end`: a space
    /// after a kept byte, nothing after a space.
    pub(super) fn separator(&mut self, at: u32, end: u32, run: bool) {
        if let Some(slot) = self.bytes.get_mut(self.n) {
            *slot = b' ';
            self.map.mark(self.n, at, end, run);
            self.n += self.kept as usize;
            self.kept = false;
        }
    }

    /// Writes a character outside ASCII, `encoded`, at original byte `at`,
    /// as [`super::fold`] and the writer of units would: an invisible mark
    /// joins the span of the character before, a separator becomes a
    /// space, a symbol is copied whole.
    pub(super) fn wide_char(&mut self, encoded: &[u8], at: u32, simple: Option<Simple>) {
        let w = encoded.len();
        let end = at + w as u32;
        let n = self.n;
        match simple {
            Some(Simple::Invisible) => {
                if n > 0 && self.map.get(n - 1).is_some_and(|(_, e)| e == at) {
                    let mut from = n - 1;
                    while from > 0 && self.bytes[from] & 0xC0 == 0x80 {
                        from -= 1;
                    }
                    self.map.extend(from, n, end);
                }
            }
            Some(Simple::Separator) => self.separator(at, end, false),
            // A symbol (plain text holds nothing else) is kept whole.
            _ => {
                let Some(to) = self.bytes.get_mut(n..n + w) else {
                    return;
                };
                to.copy_from_slice(encoded);
                self.map.mark(n, at, end, false);
                self.n += w;
                self.kept = true;
            }
        }
    }
}

/// Marks normalized bytes `start..end` as part of a tag: the last tag grows
/// when it ends at most a space before.
pub(super) fn add_tag(tags: &mut Vec<(usize, usize)>, start: usize, end: usize) {
    match tags.last_mut() {
        Some(last) if last.1 >= start.saturating_sub(1) => last.1 = end,
        _ => tags.push((start, end)),
    }
}

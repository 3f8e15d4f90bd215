//! The map from normalized bytes back to the original text, kept as pieces.
//!
//! Most normalized text is original ASCII copied a byte for a byte, so the
//! map stores runs: from normalized byte `at` on, byte `at + k` stands for
//! original byte `start + k`. What the stages made (a folded letter, a
//! collapsed stretch, an inserted space, an emoji) is a piece of its own,
//! whose bytes all stand for one original range. Writing plain text then
//! costs a check per sixteen bytes instead of two stores per byte, and a
//! lookup is a binary search.

/// Normalized bytes from `at` up to the next piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    at: u32,
    /// The original range of the piece's first byte (a run) or of all of
    /// its bytes (one character).
    start: u32,
    end: u32,
    /// Byte `at + k` stands for `start + k..start + k + 1`.
    run: bool,
}

/// Where each normalized byte came from.
#[derive(Debug, Clone, Default)]
pub(super) struct SpanMap {
    pieces: Vec<Piece>,
}

impl SpanMap {
    /// Empties the map, keeping its allocation.
    pub(super) fn clear(&mut self) {
        self.pieces.clear();
    }

    /// Records that normalized byte `n` stands for `start..end`, and with
    /// `run` that the bytes after it go on one for one (until the next
    /// mark). Marks come in order of `n`; marking the same `n` again
    /// replaces the last mark, as its byte was written over.
    #[inline]
    pub(super) fn mark(&mut self, n: usize, start: u32, end: u32, run: bool) {
        let n = n as u32;
        if self.pieces.last().is_some_and(|p| p.at == n) {
            self.pieces.pop();
        }
        if run {
            if let Some(last) = self.pieces.last() {
                if last.run && last.start.wrapping_add(n - last.at) == start {
                    return;
                }
            }
        }
        self.pieces.push(Piece {
            at: n,
            start,
            end,
            run,
        });
    }

    /// The original range of normalized byte `i`.
    #[inline]
    pub(super) fn get(&self, i: usize) -> Option<(u32, u32)> {
        let k = self.pieces.partition_point(|p| p.at as usize <= i);
        let p = self.pieces.get(k.checked_sub(1)?)?;
        Some(if p.run {
            let s = p.start + (i as u32 - p.at);
            (s, s + 1)
        } else {
            (p.start, p.end)
        })
    }

    /// The first of normalized bytes `0..len` whose original range fails
    /// `before` (`len` when none does). The stages keep characters in
    /// order, so original ranges only grow along the normalized text and
    /// the bytes that pass come first: found by halves.
    pub(super) fn partition_point(&self, len: usize, before: impl Fn((u32, u32)) -> bool) -> usize {
        let (mut lo, mut hi) = (0, len);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.get(mid) {
                Some(range) if before(range) => lo = mid + 1,
                _ => hi = mid,
            }
        }
        lo
    }

    /// Makes the character at normalized bytes `from..n` stand for an
    /// original range that ends at `end` (an invisible mark after it joins
    /// it). Marks at `n` and after are dropped: those bytes are not written yet.
    pub(super) fn extend(&mut self, from: usize, n: usize, end: u32) {
        self.truncate(n);
        let Some((start, _)) = self.get(from) else {
            return;
        };
        self.mark(from, start, end, false);
    }

    /// Drops the marks of bytes from `len` on.
    pub(super) fn truncate(&mut self, len: usize) {
        while self.pieces.last().is_some_and(|p| p.at as usize >= len) {
            self.pieces.pop();
        }
    }

    /// Every byte's original range, for tests that compare maps.
    #[cfg(test)]
    pub(super) fn expand(&self, len: usize) -> Vec<(u32, u32)> {
        (0..len).filter_map(|i| self.get(i)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_go_on_until_a_gap() {
        let mut m = SpanMap::default();
        m.mark(0, 10, 11, true);
        m.mark(3, 13, 14, true); // goes on
        m.mark(5, 20, 21, true); // a gap: "a, b" lost a byte
        assert_eq!(m.pieces.len(), 2);
        assert_eq!(m.get(4), Some((14, 15)));
        assert_eq!(m.get(6), Some((21, 22)));
    }

    #[test]
    fn characters_stand_for_their_whole_range() {
        let mut m = SpanMap::default();
        m.mark(0, 0, 4, false); // an emoji of four bytes, written whole
        m.mark(4, 4, 5, true);
        assert_eq!(
            m.expand(5),
            vec![(0, 4); 4]
                .into_iter()
                .chain([(4, 5)])
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_byte_written_over_takes_its_new_mark() {
        let mut m = SpanMap::default();
        m.mark(0, 0, 1, true);
        m.mark(1, 5, 6, true);
        m.mark(1, 1, 2, true); // the same byte again: goes on from byte 0
        assert_eq!(m.pieces.len(), 1);
        assert_eq!(m.get(1), Some((1, 2)));
    }

    #[test]
    fn extending_splits_a_run() {
        let mut m = SpanMap::default();
        m.mark(0, 0, 1, true);
        m.mark(3, 3, 4, true); // written, not yet kept
        m.extend(2, 3, 9);
        assert_eq!(m.expand(3), vec![(0, 1), (1, 2), (2, 9)]);
    }

    #[test]
    fn lookups_outside_the_map_are_none() {
        let m = SpanMap::default();
        assert_eq!(m.get(0), None);
    }
}

//! Sixteen bytes at a time, one bit per byte, for the plain-text paths: a
//! branch per byte costs more than the work it guards.
//!
//! Bit `k` of every mask says something of byte `k` of the block, so
//! `mask << 1` moves a test one byte later, as in simdjson. On x86-64 the
//! masks come from SSE2, which every x86-64 CPU has; elsewhere a portable
//! loop gives the same masks (a test compares the two on every byte value).
//!
//! ```
//! use netral::normalize::block::{classify, window};
//! let mut tail = [0; 16];
//! let k = classify(window(b"ab3 Z-9!", 0, &mut tail), b' ');
//! assert_eq!(k.digit, 0b0100_0100);
//! assert_eq!(k.alpha, 0b0001_0011);
//! ```

/// Bytes in a block.
pub const WIDTH: usize = 16;

/// What the bytes of one block are, one bit per byte.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Classes {
    /// ASCII letters.
    pub alpha: u16,
    /// ASCII digits.
    pub digit: u16,
    /// The digit `2`, which leet never reads as a letter (`rekan2`).
    pub two: u16,
    /// `#`, `@` and `$`: tags and leet symbols.
    pub special: u16,
    /// `-`, `.` and `_`, which join syllables.
    pub joiner: u16,
    /// Bytes of characters outside ASCII.
    pub non_ascii: u16,
    /// Bytes equal to the byte before once both are ORed with `0x20`, which
    /// for two letters means "the same letter, whatever the case". Byte 0 is
    /// compared with the `prev` given to [`classify`].
    pub same: u16,
}

/// Sixteen bytes of `b` from `at`: in place when `b` has them, else copied
/// into `tail` with zeros past its end (zero is in no class).
///
/// In place matters: a block copied to the stack and read back as a vector
/// waits on a store-forwarding stall, which cost more than classifying it.
#[inline]
pub fn window<'a>(b: &'a [u8], at: usize, tail: &'a mut [u8; WIDTH]) -> &'a [u8; WIDTH] {
    match b
        .get(at..at.saturating_add(WIDTH))
        .map(<&[u8; WIDTH]>::try_from)
    {
        Some(Ok(whole)) => whole,
        _ => {
            *tail = load_tail(b, at);
            tail
        }
    }
}

/// The bytes of `b` from `at`, fewer than sixteen, then zeros.
#[inline(never)]
fn load_tail(b: &[u8], at: usize) -> [u8; WIDTH] {
    match b.len().checked_sub(WIDTH) {
        // The last sixteen bytes, shifted down over the ones before `at`.
        Some(last) if at < b.len() => {
            let mut x = [0; WIDTH];
            x.copy_from_slice(&b[last..]);
            (u128::from_le_bytes(x) >> (8 * (at - last))).to_le_bytes()
        }
        // A text shorter than a block: copy what there is.
        _ => {
            let mut x = [0; WIDTH];
            let rest = b.get(at..).unwrap_or_default();
            let n = rest.len().min(WIDTH);
            x[..n].copy_from_slice(&rest[..n]);
            x
        }
    }
}

/// The classes of the bytes of `x`, where `prev` is the byte before it.
#[inline]
pub fn classify(x: &[u8; WIDTH], prev: u8) -> Classes {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: the build targets SSE2 (checked by the `cfg` above), so
        // every CPU this code runs on has it; the function reads nothing but
        // its arguments.
        #[allow(unsafe_code)]
        unsafe {
            sse2::classify(x, prev)
        }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    portable::classify(x, prev)
}

/// What [`plain`] says of a block, one bit per byte.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Plain {
    /// ASCII letters and digits.
    pub word: u16,
    /// Bytes of characters outside ASCII.
    pub non_ascii: u16,
    /// `#` and `@`, which may start a tag.
    pub sigil: u16,
}

/// Plain text's bytes for `x`, written to `out`: ASCII letters lowercased,
/// digits kept, every other ASCII byte a space (bytes outside ASCII are
/// undefined).
#[inline]
pub fn plain(x: &[u8; WIDTH], out: &mut [u8; WIDTH]) -> Plain {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    {
        // SAFETY: as in `classify`.
        #[allow(unsafe_code)]
        unsafe {
            sse2::plain(x, out)
        }
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    {
        let (bytes, masks) = portable::plain(*x);
        *out = bytes;
        masks
    }
}

/// The definition the vector code must agree with, and the code used where
/// there is no vector unit to ask.
mod portable {
    use super::{Classes, Plain, WIDTH};

    #[allow(dead_code)]
    pub fn classify(x: &[u8; WIDTH], prev: u8) -> Classes {
        let mut k = Classes::default();
        let mut before = prev | 0x20;
        for (i, &c) in x.iter().enumerate() {
            let bit = 1u16 << i;
            let low = c | 0x20;
            let set = |mask: &mut u16, test: bool| *mask |= bit * u16::from(test);
            set(&mut k.alpha, low.is_ascii_lowercase());
            set(&mut k.digit, c.is_ascii_digit());
            set(&mut k.two, c == b'2');
            set(&mut k.special, matches!(c, b'#' | b'@' | b'$'));
            set(&mut k.joiner, matches!(c, b'-' | b'.' | b'_'));
            set(&mut k.non_ascii, !c.is_ascii());
            set(&mut k.same, low == before);
            before = low;
        }
        k
    }

    #[allow(dead_code)]
    pub fn plain(x: [u8; WIDTH]) -> ([u8; WIDTH], Plain) {
        let (mut out, mut m) = ([b' '; WIDTH], Plain::default());
        for (i, &c) in x.iter().enumerate() {
            if c.is_ascii_alphanumeric() {
                out[i] = c.to_ascii_lowercase();
                m.word |= 1 << i;
            }
            m.non_ascii |= u16::from(!c.is_ascii()) << i;
            m.sigil |= u16::from(c == b'#' || c == b'@') << i;
        }
        (out, m)
    }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use super::{Classes, Plain, WIDTH};
    use std::arch::x86_64::{
        __m128i, _mm_add_epi8, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_cmplt_epi8,
        _mm_cvtsi32_si128, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
        _mm_slli_si128, _mm_storeu_si128,
    };

    #[target_feature(enable = "sse2")]
    fn vector(x: &[u8; WIDTH]) -> __m128i {
        // SAFETY: `x` is sixteen readable bytes, and this load takes any alignment.
        #[allow(unsafe_code)]
        unsafe {
            _mm_loadu_si128(x.as_ptr().cast())
        }
    }

    #[target_feature(enable = "sse2")]
    fn store(v: __m128i, out: &mut [u8; WIDTH]) {
        // SAFETY: `out` is sixteen writable bytes, and this store takes any alignment.
        #[allow(unsafe_code)]
        unsafe {
            _mm_storeu_si128(out.as_mut_ptr().cast(), v)
        }
    }

    #[target_feature(enable = "sse2")]
    fn mask(v: __m128i) -> u16 {
        _mm_movemask_epi8(v) as u16
    }

    #[target_feature(enable = "sse2")]
    fn splat(c: u8) -> __m128i {
        _mm_set1_epi8(c as i8)
    }

    /// Lanes holding a byte in `lo..=hi`: adding `0x80 - lo` moves that range
    /// to the bottom of the signed order, where one signed compare finds it.
    #[target_feature(enable = "sse2")]
    fn in_range(v: __m128i, lo: u8, hi: u8) -> __m128i {
        let moved = _mm_add_epi8(v, splat(0x80u8.wrapping_sub(lo)));
        _mm_cmplt_epi8(moved, splat(0x80u8.wrapping_add(hi - lo + 1)))
    }

    #[target_feature(enable = "sse2")]
    fn eq(v: __m128i, c: u8) -> __m128i {
        _mm_cmpeq_epi8(v, splat(c))
    }

    #[target_feature(enable = "sse2")]
    pub fn classify(x: &[u8; WIDTH], prev: u8) -> Classes {
        let v = vector(x);
        let low = _mm_or_si128(v, splat(0x20));
        let before = _mm_or_si128(
            _mm_slli_si128::<1>(low),
            _mm_cvtsi32_si128(i32::from(prev | 0x20)),
        );
        Classes {
            alpha: mask(in_range(low, b'a', b'z')),
            digit: mask(in_range(v, b'0', b'9')),
            two: mask(eq(v, b'2')),
            special: mask(_mm_or_si128(
                _mm_or_si128(eq(v, b'#'), eq(v, b'@')),
                eq(v, b'$'),
            )),
            joiner: mask(_mm_or_si128(
                _mm_or_si128(eq(v, b'-'), eq(v, b'.')),
                eq(v, b'_'),
            )),
            non_ascii: mask(v),
            same: mask(_mm_cmpeq_epi8(low, before)),
        }
    }

    #[target_feature(enable = "sse2")]
    pub fn plain(x: &[u8; WIDTH], out: &mut [u8; WIDTH]) -> Plain {
        let v = vector(x);
        let alpha = in_range(_mm_or_si128(v, splat(0x20)), b'a', b'z');
        let word = _mm_or_si128(alpha, in_range(v, b'0', b'9'));
        let lower = _mm_or_si128(v, _mm_and_si128(alpha, splat(0x20)));
        let bytes = _mm_or_si128(
            _mm_and_si128(word, lower),
            _mm_andnot_si128(word, splat(b' ')),
        );
        store(bytes, out);
        Plain {
            word: mask(word),
            non_ascii: mask(v),
            sigil: mask(_mm_or_si128(eq(v, b'#'), eq(v, b'@'))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Blocks that put every byte value in every lane, next to every kind of neighbour.
    fn blocks() -> impl Iterator<Item = ([u8; WIDTH], u8)> {
        (0..=255u8).flat_map(|c| {
            let around = *b"aA2#-. z\x80\xff9@_$Zq";
            (0..WIDTH).map(move |lane| {
                let mut x = around;
                x[lane] = c;
                (x, c.rotate_left(lane as u32))
            })
        })
    }

    #[test]
    fn the_masks_follow_their_definitions() {
        let k = classify(b"aB2#-._@$9\xc3\xa9 xX\x00", b'A');
        assert_eq!(k.alpha, 0b0110_0000_0000_0011);
        assert_eq!(k.digit, 0b0000_0010_0000_0100);
        assert_eq!(k.two, 0b0000_0000_0000_0100);
        assert_eq!(k.special, 0b0000_0001_1000_1000);
        assert_eq!(k.joiner, 0b0000_0000_0111_0000);
        assert_eq!(k.non_ascii, 0b0000_1100_0000_0000);
        // `a` after `A`, and `X` after `x`.
        assert_eq!(k.same, 0b0100_0000_0000_0001);
    }

    #[test]
    fn classify_agrees_with_the_portable_definition_on_every_byte() {
        for (x, prev) in blocks() {
            assert_eq!(
                classify(&x, prev),
                portable::classify(&x, prev),
                "{x:?} {prev}"
            );
        }
    }

    #[test]
    fn plain_agrees_with_the_portable_definition_on_every_ascii_byte() {
        for (x, _) in blocks() {
            let mut fast = [0; WIDTH];
            let masks = plain(&x, &mut fast);
            let (slow, masks2) = portable::plain(x);
            assert_eq!(masks, masks2, "{x:?}");
            for i in (0..WIDTH).filter(|&i| x[i].is_ascii()) {
                assert_eq!(fast[i], slow[i], "{x:?} lane {i}");
            }
        }
    }

    #[test]
    fn windows_pad_with_zeros() {
        let load = |b: &[u8], at| *window(b, at, &mut [0; WIDTH]);
        assert_eq!(&load(b"abc", 1)[..3], b"bc\0");
        assert_eq!(load(b"abc", 7), [0; WIDTH]);
        let long = b"0123456789abcdefghij";
        for at in 0..=long.len() + 1 {
            let expect: [u8; WIDTH] =
                std::array::from_fn(|k| long.get(at + k).copied().unwrap_or(0));
            assert_eq!(load(long, at), expect, "at {at}");
        }
    }
}

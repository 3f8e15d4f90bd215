//! Sixteen bytes at a time, one bit per byte, for the plain-text paths: a
//! branch per byte costs more than the work it guards.
//!
//! Bit `k` of every mask says something of byte `k` of the block, so
//! `mask << 1` moves a test one byte later, as in simdjson. On x86-64 the
//! masks come from SSE2, which every x86-64 CPU has; elsewhere a portable
//! loop gives the same masks (a test compares the two on every byte value).
//! The spans of sixty-four bytes the writer judges are classified thirty-two
//! bytes at a time where the CPU has AVX2, asked at run time (tests hold
//! those spans to the blocks).
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
    /// `#` and `@`, which start tags.
    pub sigil: u16,
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

/// `$sse2` (a call into [`sse2`]) where the build targets SSE2, else
/// `$portable`: every block function chooses so, and only here.
macro_rules! sse2_or_portable {
    ($sse2:expr, $portable:expr) => {{
        #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
        // SAFETY: the build targets SSE2 (checked by the `cfg` above), so
        // every CPU this code runs on has it; the functions of `sse2` read
        // and write nothing but their arguments.
        #[allow(unsafe_code)]
        let result = unsafe { $sse2 };
        #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
        let result = $portable;
        result
    }};
}

/// `$avx2` (a call into [`avx2`], None when it cannot do the span) where
/// the CPU has AVX2, asked at run time; else, or on None, `$blocks`.
macro_rules! avx2_or_blocks {
    ($avx2:expr, $blocks:expr) => {{
        #[cfg(target_arch = "x86_64")]
        // SAFETY: the CPU has AVX2, as just asked.
        #[allow(unsafe_code)]
        let fast = if avx2::available() {
            unsafe { $avx2 }
        } else {
            None
        };
        #[cfg(not(target_arch = "x86_64"))]
        let fast = None;
        fast.unwrap_or_else(|| $blocks)
    }};
}

/// The classes of the bytes of `x`, where `prev` is the byte before it.
#[inline]
pub fn classify(x: &[u8; WIDTH], prev: u8) -> Classes {
    sse2_or_portable!(sse2::classify(x, prev), portable::classify(x, prev))
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
    sse2_or_portable!(sse2::plain(x, out), {
        let (bytes, masks) = portable::plain(*x);
        *out = bytes;
        masks
    })
}

/// [`plain`]'s masks alone, for judging bytes before any is written.
///
/// ```
/// use netral::normalize::block::plain_masks;
/// let m = plain_masks(b"Ab #1 \xc3\xa9        ");
/// assert_eq!((m.word, m.sigil, m.non_ascii), (0b1_0011, 0b1000, 0b1100_0000));
/// ```
#[inline]
pub fn plain_masks(x: &[u8; WIDTH]) -> Plain {
    sse2_or_portable!(sse2::plain_masks(x), portable::plain(*x).1)
}

/// [`plain`]'s bytes alone.
///
/// ```
/// use netral::normalize::block::lower;
/// let mut out = [0; 16];
/// lower(b"Coblos, NO 2 ya!", &mut out);
/// assert_eq!(&out, b"coblos  no 2 ya ");
/// ```
#[inline]
pub fn lower(x: &[u8; WIDTH], out: &mut [u8; WIDTH]) {
    sse2_or_portable!(sse2::lower(x, out), *out = portable::plain(*x).0)
}

/// Bytes in a span: four blocks, whose masks side by side fill a `u64`.
pub const SPAN: usize = 4 * WIDTH;

/// [`Classes`] of the four blocks of a span, bit `k` for byte `k`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Classes64 {
    /// ASCII letters.
    pub alpha: u64,
    /// ASCII digits.
    pub digit: u64,
    /// The digit `2`.
    pub two: u64,
    /// `#`, `@` and `$`.
    pub special: u64,
    /// `#` and `@`.
    pub sigil: u64,
    /// `-`, `.` and `_`.
    pub joiner: u64,
    /// Bytes of characters outside ASCII.
    pub non_ascii: u64,
    /// Bytes equal to the byte before, both ORed with `0x20`.
    pub same: u64,
}

/// The classes of the span of `b` from `at`, as [`classify`] gives them a
/// block at a time (bytes past the end are in no class).
///
/// ```
/// use netral::normalize::block::classify_span;
/// let k = classify_span(b"#a 2", 0);
/// assert_eq!((k.sigil, k.alpha, k.digit), (0b0001, 0b0010, 0b1000));
/// let text = [b"x".repeat(63).as_slice(), b"9"].concat();
/// assert_eq!(classify_span(&text, 0).digit, 1 << 63);
/// ```
#[inline]
pub fn classify_span(b: &[u8], at: usize) -> Classes64 {
    avx2_or_blocks!(avx2::classify_span(b, at), classify_span_blocks(b, at))
}

/// [`classify_span`] a block at a time.
#[inline]
fn classify_span_blocks(b: &[u8], at: usize) -> Classes64 {
    let mut k = Classes64::default();
    span_blocks(b, at, |at, x, p| {
        let c = classify(x, p.checked_sub(1).map_or(0, |q| b[q]));
        k.alpha |= u64::from(c.alpha) << at;
        k.digit |= u64::from(c.digit) << at;
        k.two |= u64::from(c.two) << at;
        k.special |= u64::from(c.special) << at;
        k.sigil |= u64::from(c.sigil) << at;
        k.joiner |= u64::from(c.joiner) << at;
        k.non_ascii |= u64::from(c.non_ascii) << at;
        k.same |= u64::from(c.same) << at;
    });
    k.same &= within(b, at);
    k
}

/// Bit `k` set for the bytes of the span of `b` from `at` that are in the
/// text: zeros past its end compare equal to each other, but are no bytes.
#[inline]
fn within(b: &[u8], at: usize) -> u64 {
    low_bits(b.len().saturating_sub(at))
}

/// The lowest `n` bits set (all of them from 64 on): the mask of the first
/// `n` bytes of a span.
///
/// ```
/// use netral::normalize::block::low_bits;
/// assert_eq!((low_bits(0), low_bits(3), low_bits(64), low_bits(99)), (0, 0b111, u64::MAX, u64::MAX));
/// ```
#[inline]
pub fn low_bits(n: usize) -> u64 {
    u32::try_from(n)
        .ok()
        .and_then(|n| u64::MAX.checked_shl(n))
        .map_or(u64::MAX, |m| !m)
}

/// [`Plain`] masks of the span of `b` from `at`, bit `k` for byte `k`:
/// `(word, non_ascii, sigil)`.
///
/// ```
/// use netral::normalize::block::plain_span;
/// let text = [b"a".repeat(40).as_slice(), b" #x"].concat();
/// let (word, _, sigil) = plain_span(&text, 30);
/// assert_eq!(word, 0b1_0011_1111_1111);
/// assert_eq!(sigil, 1 << 11);
/// ```
#[inline]
pub fn plain_span(b: &[u8], at: usize) -> (u64, u64, u64) {
    avx2_or_blocks!(avx2::plain_span(b, at), plain_span_blocks(b, at))
}

/// [`plain_span`] a block at a time.
#[inline]
fn plain_span_blocks(b: &[u8], at: usize) -> (u64, u64, u64) {
    let (mut word, mut non_ascii, mut sigil) = (0, 0, 0);
    span_blocks(b, at, |at, x, _| {
        let m = plain_masks(x);
        word |= u64::from(m.word) << at;
        non_ascii |= u64::from(m.non_ascii) << at;
        sigil |= u64::from(m.sigil) << at;
    });
    (word, non_ascii, sigil)
}

/// What the bytes of a hashtag's body are, one bit per byte (see
/// [`tag_span`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TagClasses {
    /// ASCII uppercase letters.
    pub upper: u64,
    /// ASCII lowercase letters.
    pub lower: u64,
    /// ASCII digits.
    pub digit: u64,
    /// `_` and `.`, which part the words of a handle.
    pub joiner: u64,
    /// Bytes equal to the byte before, both ORed with `0x20`, as in
    /// [`Classes::same`] (byte 0 is compared with the byte before `at`).
    pub same: u64,
}

/// Bit `k` set where byte `at + k` of `b` is `c`, for the span of `b`
/// from `at` (no bit past the end).
///
/// ```
/// use netral::normalize::block::byte_span;
/// assert_eq!(byte_span(b"ab cd e", 1, b' '), 0b1_0010);
/// assert_eq!(byte_span(b"ab", 0, 0), 0);
/// ```
#[inline]
pub fn byte_span(b: &[u8], at: usize, c: u8) -> u64 {
    let mut found = 0;
    span_blocks(b, at, |shift, x, _| {
        found |= u64::from(byte_mask(x, c)) << shift;
    });
    found & within(b, at)
}

/// Bit `k` set where byte `k` of the block is `c`.
#[inline]
fn byte_mask(x: &[u8; WIDTH], c: u8) -> u16 {
    sse2_or_portable!(sse2::byte_mask(x, c), portable::byte_mask(x, c))
}

/// The [`TagClasses`] of the span of `b` from `at` (bytes past the end are
/// in no class): what a tag's body needs to be judged and split a span at
/// a time rather than a byte at a time.
///
/// ```
/// use netral::normalize::block::tag_span;
/// let k = tag_span(b"#AMINaja_2", 1);
/// assert_eq!((k.upper, k.lower, k.digit, k.joiner), (0b1111, 0b111_0000, 1 << 8, 1 << 7));
/// ```
#[inline]
pub fn tag_span(b: &[u8], at: usize) -> TagClasses {
    let mut k = TagClasses::default();
    span_blocks(b, at, |at, x, p| {
        let prev = p.checked_sub(1).map_or(0, |q| b[q]);
        let [upper, lower, digit, joiner, same] = tag_classes(x, prev);
        k.upper |= u64::from(upper) << at;
        k.lower |= u64::from(lower) << at;
        k.digit |= u64::from(digit) << at;
        k.joiner |= u64::from(joiner) << at;
        k.same |= u64::from(same) << at;
    });
    k
}

/// [`TagClasses`] of one block: upper, lower, digit, joiner, same.
#[inline]
fn tag_classes(x: &[u8; WIDTH], prev: u8) -> [u16; 5] {
    sse2_or_portable!(sse2::tag_classes(x, prev), portable::tag_classes(x, prev))
}

/// Calls `f(shift, block, p)` for each block of the span of `b` from `at`
/// that holds any of the text: `shift` is where its bits go in the span's
/// masks, `p` where it starts in `b`. Blocks past the end are skipped:
/// their masks are all zeros.
#[inline(always)]
fn span_blocks(b: &[u8], at: usize, mut f: impl FnMut(u32, &[u8; WIDTH], usize)) {
    let mut tail = [0; WIDTH];
    for j in 0..SPAN / WIDTH {
        let p = at + WIDTH * j;
        if p >= b.len() {
            break;
        }
        f((WIDTH * j) as u32, window(b, p, &mut tail), p);
    }
}

/// The definition the vector code must agree with, and the code used where
/// there is no vector unit to ask.
mod portable {
    use super::{Classes, Plain, WIDTH};

    #[allow(dead_code)]
    pub fn byte_mask(x: &[u8; WIDTH], c: u8) -> u16 {
        x.iter()
            .enumerate()
            .fold(0, |m, (i, &b)| m | (u16::from(b == c) << i))
    }

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
            set(&mut k.sigil, matches!(c, b'#' | b'@'));
            set(&mut k.joiner, matches!(c, b'-' | b'.' | b'_'));
            set(&mut k.non_ascii, !c.is_ascii());
            set(&mut k.same, low == before);
            before = low;
        }
        k
    }

    #[allow(dead_code)]
    pub fn tag_classes(x: &[u8; WIDTH], prev: u8) -> [u16; 5] {
        let mut k = [0u16; 5];
        let mut before = prev | 0x20;
        for (i, &c) in x.iter().enumerate() {
            let low = c | 0x20;
            let tests = [
                c.is_ascii_uppercase(),
                c.is_ascii_lowercase(),
                c.is_ascii_digit(),
                c == b'_' || c == b'.',
                low == before,
            ];
            for (mask, test) in k.iter_mut().zip(tests) {
                *mask |= u16::from(test) << i;
            }
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
        let sigil = _mm_or_si128(eq(v, b'#'), eq(v, b'@'));
        Classes {
            alpha: mask(in_range(low, b'a', b'z')),
            digit: mask(in_range(v, b'0', b'9')),
            two: mask(eq(v, b'2')),
            special: mask(_mm_or_si128(sigil, eq(v, b'$'))),
            sigil: mask(sigil),
            joiner: mask(_mm_or_si128(
                _mm_or_si128(eq(v, b'-'), eq(v, b'.')),
                eq(v, b'_'),
            )),
            non_ascii: mask(v),
            same: mask(_mm_cmpeq_epi8(low, before)),
        }
    }

    #[target_feature(enable = "sse2")]
    pub fn tag_classes(x: &[u8; WIDTH], prev: u8) -> [u16; 5] {
        let v = vector(x);
        let low = _mm_or_si128(v, splat(0x20));
        let before = _mm_or_si128(
            _mm_slli_si128::<1>(low),
            _mm_cvtsi32_si128(i32::from(prev | 0x20)),
        );
        [
            mask(in_range(v, b'A', b'Z')),
            mask(in_range(v, b'a', b'z')),
            mask(in_range(v, b'0', b'9')),
            mask(_mm_or_si128(eq(v, b'_'), eq(v, b'.'))),
            mask(_mm_cmpeq_epi8(low, before)),
        ]
    }

    /// The word lanes of `v`, and `v` lowercased with a space for every other byte.
    #[target_feature(enable = "sse2")]
    fn lowered(v: __m128i) -> (__m128i, __m128i) {
        let alpha = in_range(_mm_or_si128(v, splat(0x20)), b'a', b'z');
        let word = _mm_or_si128(alpha, in_range(v, b'0', b'9'));
        let lower = _mm_or_si128(v, _mm_and_si128(alpha, splat(0x20)));
        let bytes = _mm_or_si128(
            _mm_and_si128(word, lower),
            _mm_andnot_si128(word, splat(b' ')),
        );
        (word, bytes)
    }

    #[target_feature(enable = "sse2")]
    fn masks(v: __m128i, word: __m128i) -> Plain {
        Plain {
            word: mask(word),
            non_ascii: mask(v),
            sigil: mask(_mm_or_si128(eq(v, b'#'), eq(v, b'@'))),
        }
    }

    #[target_feature(enable = "sse2")]
    pub fn plain(x: &[u8; WIDTH], out: &mut [u8; WIDTH]) -> Plain {
        let v = vector(x);
        let (word, bytes) = lowered(v);
        store(bytes, out);
        masks(v, word)
    }

    #[target_feature(enable = "sse2")]
    pub fn plain_masks(x: &[u8; WIDTH]) -> Plain {
        let v = vector(x);
        let alpha = in_range(_mm_or_si128(v, splat(0x20)), b'a', b'z');
        masks(v, _mm_or_si128(alpha, in_range(v, b'0', b'9')))
    }

    #[target_feature(enable = "sse2")]
    pub fn lower(x: &[u8; WIDTH], out: &mut [u8; WIDTH]) {
        store(lowered(vector(x)).1, out);
    }

    #[target_feature(enable = "sse2")]
    pub fn byte_mask(x: &[u8; WIDTH], c: u8) -> u16 {
        mask(_mm_cmpeq_epi8(vector(x), splat(c)))
    }
}

/// Spans two halves at a time where the CPU has AVX2 (asked at run time,
/// as `memchr` does): classifying is a fifth of writing plain text, and
/// halves cost what blocks cost.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{Classes64, SPAN};
    use std::arch::x86_64::{
        __m256i, _mm256_add_epi8, _mm256_alignr_epi8, _mm256_cmpeq_epi8, _mm256_cmpgt_epi8,
        _mm256_loadu_si256, _mm256_movemask_epi8, _mm256_or_si256, _mm256_permute2x128_si256,
        _mm256_set1_epi8, _mm256_set_epi64x,
    };

    /// Bytes in a half span.
    const HALF: usize = SPAN / 2;

    /// Whether this CPU has AVX2 (the answer is cached by `std`).
    #[inline]
    pub fn available() -> bool {
        std::arch::is_x86_feature_detected!("avx2")
    }

    /// The half span of `b` from `p` as a vector, with the byte before it
    /// and how far its masks must shift down: the last thirty-two bytes of
    /// the text when fewer are left from `p` (read in place, so no copy
    /// waits on a store). None when no byte is left, or the text is shorter
    /// than a half.
    #[target_feature(enable = "avx2")]
    fn half(b: &[u8], p: usize) -> Option<(__m256i, u8, u32)> {
        if p >= b.len() {
            return None;
        }
        let q = p.min(b.len().checked_sub(HALF)?);
        let x: &[u8; HALF] = b.get(q..q + HALF)?.try_into().ok()?;
        let prev = q.checked_sub(1).map_or(0, |j| b[j]);
        // SAFETY: `x` is thirty-two readable bytes; the load takes any alignment.
        #[allow(unsafe_code)]
        let v = unsafe { _mm256_loadu_si256(x.as_ptr().cast()) };
        Some((v, prev, (p - q) as u32))
    }

    /// `v` a byte later, `prev` in front: each byte's neighbour before it.
    #[target_feature(enable = "avx2")]
    fn before(v: __m256i, prev: u8) -> __m256i {
        // The low lane moved to the high one, zeros below, lets the
        // in-lane shift carry a byte across the lanes.
        let carry = _mm256_permute2x128_si256::<0x08>(v, v);
        let shifted = _mm256_alignr_epi8::<15>(v, carry);
        _mm256_or_si256(shifted, _mm256_set_epi64x(0, 0, 0, i64::from(prev)))
    }

    #[target_feature(enable = "avx2")]
    fn splat(c: u8) -> __m256i {
        _mm256_set1_epi8(c as i8)
    }

    #[target_feature(enable = "avx2")]
    fn mask(v: __m256i) -> u32 {
        _mm256_movemask_epi8(v) as u32
    }

    /// Lanes holding a byte in `lo..=hi` (as the SSE2 `in_range`).
    #[target_feature(enable = "avx2")]
    fn in_range(v: __m256i, lo: u8, hi: u8) -> __m256i {
        let moved = _mm256_add_epi8(v, splat(0x80u8.wrapping_sub(lo)));
        _mm256_cmpgt_epi8(splat(0x80u8.wrapping_add(hi - lo + 1)), moved)
    }

    #[target_feature(enable = "avx2")]
    fn eq(v: __m256i, c: u8) -> __m256i {
        _mm256_cmpeq_epi8(v, splat(c))
    }

    /// The masks of both halves of the span from `at`, side by side:
    /// `masks` makes them for one half.
    #[target_feature(enable = "avx2")]
    fn span<const N: usize>(
        b: &[u8],
        at: usize,
        masks: impl Fn(__m256i, u8) -> [u32; N],
    ) -> [u64; N] {
        let mut out = [0u64; N];
        for (j, shift_up) in [(0, 0), (HALF, 32)] {
            if let Some((v, prev, down)) = half(b, at + j) {
                for (o, m) in out.iter_mut().zip(masks(v, prev)) {
                    *o |= u64::from(m >> down) << shift_up;
                }
            }
        }
        out
    }

    /// [`super::classify_span`]; None for a text shorter than a half.
    #[target_feature(enable = "avx2")]
    pub fn classify_span(b: &[u8], at: usize) -> Option<Classes64> {
        if b.len() < HALF {
            return None;
        }
        let [alpha, digit, two, special, sigil, joiner, non_ascii, same] =
            span(b, at, |v, prev| {
                let low = _mm256_or_si256(v, splat(0x20));
                let sigil = _mm256_or_si256(eq(v, b'#'), eq(v, b'@'));
                [
                    mask(in_range(low, b'a', b'z')),
                    mask(in_range(v, b'0', b'9')),
                    mask(eq(v, b'2')),
                    mask(_mm256_or_si256(sigil, eq(v, b'$'))),
                    mask(sigil),
                    mask(_mm256_or_si256(
                        _mm256_or_si256(eq(v, b'-'), eq(v, b'.')),
                        eq(v, b'_'),
                    )),
                    mask(v),
                    mask(_mm256_cmpeq_epi8(
                        low,
                        _mm256_or_si256(before(v, prev), splat(0x20)),
                    )),
                ]
            });
        Some(Classes64 {
            alpha,
            digit,
            two,
            special,
            sigil,
            joiner,
            non_ascii,
            same,
        })
    }

    /// [`super::plain_span`]; None for a text shorter than a half.
    #[target_feature(enable = "avx2")]
    pub fn plain_span(b: &[u8], at: usize) -> Option<(u64, u64, u64)> {
        if b.len() < HALF {
            return None;
        }
        let [word, non_ascii, sigil] = span(b, at, |v, _| {
            let alpha = in_range(_mm256_or_si256(v, splat(0x20)), b'a', b'z');
            let word = _mm256_or_si256(alpha, in_range(v, b'0', b'9'));
            [
                mask(word),
                mask(v),
                mask(_mm256_or_si256(eq(v, b'#'), eq(v, b'@'))),
            ]
        });
        Some((word, non_ascii, sigil))
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
    fn byte_masks_follow_their_definition() {
        for (x, c) in blocks() {
            assert_eq!(byte_mask(&x, c), portable::byte_mask(&x, c), "{x:?} {c}");
            assert_eq!(byte_mask(&x, c) & 1, u16::from(x[0] == c));
        }
        let text = [b"a b".repeat(30), b"  ".to_vec()].concat();
        for at in 0..text.len() {
            let slow = (at..text.len().min(at + SPAN))
                .filter(|&i| text[i] == b' ')
                .fold(0u64, |m, i| m | 1 << (i - at));
            assert_eq!(byte_span(&text, at, b' '), slow, "{at}");
        }
    }

    #[test]
    fn the_masks_follow_their_definitions() {
        let k = classify(b"aB2#-._@$9\xc3\xa9 xX\x00", b'A');
        assert_eq!(k.alpha, 0b0110_0000_0000_0011);
        assert_eq!(k.digit, 0b0000_0010_0000_0100);
        assert_eq!(k.two, 0b0000_0000_0000_0100);
        assert_eq!(k.special, 0b0000_0001_1000_1000);
        assert_eq!(k.sigil, 0b0000_0000_1000_1000);
        assert_eq!(k.joiner, 0b0000_0000_0111_0000);
        assert_eq!(k.non_ascii, 0b0000_1100_0000_0000);
        // `a` after `A`, and `X` after `x`.
        assert_eq!(k.same, 0b0100_0000_0000_0001);
    }

    #[test]
    fn classes_agree_with_the_portable_definitions_on_every_byte() {
        for (x, prev) in blocks() {
            let (fast, slow) = (classify(&x, prev), portable::classify(&x, prev));
            assert_eq!(fast, slow, "classify {x:?} {prev}");
            let (fast, slow) = (tag_classes(&x, prev), portable::tag_classes(&x, prev));
            assert_eq!(fast, slow, "tag_classes {x:?} {prev}");
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
    fn spans_are_four_blocks_side_by_side() {
        let text: Vec<u8> = (0..150u8)
            .map(|k| b"aB2#-. z\xc3\xa9@_$Zq9"[k as usize % 16].wrapping_add(k / 16))
            .collect();
        for at in [0, 1, 17, 64, 100, 140, 149] {
            let k = classify_span(&text, at);
            let (word, non_ascii, sigil) = plain_span(&text, at);
            for j in 0..SPAN / WIDTH {
                let p = at + WIDTH * j;
                let mut tail = [0; WIDTH];
                let x = window(&text, p, &mut tail);
                let c = if p < text.len() {
                    classify(x, p.checked_sub(1).map_or(0, |q| text[q]))
                } else {
                    Classes::default()
                };
                let m = if p < text.len() {
                    plain_masks(x)
                } else {
                    Plain::default()
                };
                let part = |mask: u64| (mask >> (WIDTH * j)) as u16;
                assert_eq!(part(k.alpha), c.alpha, "at {at} block {j}");
                assert_eq!(part(k.digit), c.digit);
                assert_eq!(part(k.two), c.two);
                assert_eq!(part(k.special), c.special);
                assert_eq!(part(k.sigil), c.sigil);
                assert_eq!(part(k.joiner), c.joiner);
                assert_eq!(part(k.non_ascii), c.non_ascii);
                assert_eq!(part(k.same), c.same & part(within(&text, at)));
                assert_eq!(part(word), m.word);
                assert_eq!(part(non_ascii), m.non_ascii);
                assert_eq!(part(sigil), m.sigil);
            }
        }
    }

    /// Wherever a CPU with AVX2 classifies a span, it agrees with the
    /// blocks (on one without, both are the blocks).
    #[test]
    fn spans_of_halves_agree_with_spans_of_blocks() {
        let bytes = b"aB2#-. z\xc3\xa9@_$Zq9\x00\x7f\xffAa";
        for len in [0, 1, 31, 32, 33, 63, 64, 65, 95, 96, 97, 130] {
            let text: Vec<u8> = (0..len)
                .map(|k| bytes[(k * 7 + k / 3) % bytes.len()])
                .collect();
            for at in (0..len + 2).chain([len + 64]) {
                let ctx = format!("len {len} at {at}");
                assert_eq!(
                    classify_span(&text, at),
                    classify_span_blocks(&text, at),
                    "{ctx}"
                );
                assert_eq!(plain_span(&text, at), plain_span_blocks(&text, at), "{ctx}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn spans_of_halves_agree_on_any_bytes(
            text in proptest::collection::vec(proptest::sample::select(
                b"aAzZ09 2#@$-._\x00\x80\xff`{/:".to_vec()), 0..150),
            at in 0usize..160,
        ) {
            proptest::prop_assert_eq!(classify_span(&text, at), classify_span_blocks(&text, at));
            proptest::prop_assert_eq!(plain_span(&text, at), plain_span_blocks(&text, at));
        }
    }

    #[test]
    fn lower_writes_what_plain_writes() {
        for (x, _) in blocks() {
            let (mut a, mut b) = ([0; WIDTH], [0; WIDTH]);
            let m = plain(&x, &mut a);
            lower(&x, &mut b);
            assert_eq!(a, b, "{x:?}");
            assert_eq!(plain_masks(&x), m, "{x:?}");
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

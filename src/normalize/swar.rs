//! Eight bytes at a time in a `u64` ("SIMD within a register"), for the
//! plain-text paths: a branch per byte costs more than the work it guards.
//!
//! Byte `k` of a slice is lane `k` (little-endian). Masks have `0x80` in each
//! lane where a test holds, so `mask << 8` moves a test one byte later.
//!
//! ```
//! use netral::normalize::swar::{in_range, load, lane_set};
//! let x = load(b"ab3 Z-9!", 0);
//! let digits = in_range(x, b'0', b'9');
//! assert!(lane_set(digits, 2) && lane_set(digits, 6) && !lane_set(digits, 0));
//! ```

/// `0x01` in every lane.
pub const LANES: u64 = 0x0101_0101_0101_0101;
/// `0x80` in every lane.
pub const HIGH: u64 = 0x8080_8080_8080_8080;

/// Eight bytes from `b[at..]`, or zeros (all tests false) past the end.
pub fn load(b: &[u8], at: usize) -> u64 {
    match b.get(at..at.saturating_add(8)) {
        Some(s) => {
            let mut a = [0u8; 8];
            a.copy_from_slice(s);
            u64::from_le_bytes(a)
        }
        None => 0,
    }
}

/// Lanes holding an ASCII byte in `lo..=hi` (`hi` at most `0x7F`).
pub fn in_range(x: u64, lo: u8, hi: u8) -> u64 {
    let low7 = x & !HIGH;
    // Each sum stays below 0x100, so no carry crosses into the next lane.
    let ge = low7.wrapping_add(LANES * (0x80 - lo as u64));
    let le = !low7.wrapping_add(LANES * (0x7F - hi as u64));
    ge & le & !x & HIGH
}

/// Lanes holding the ASCII byte `c`.
pub fn eq(x: u64, c: u8) -> u64 {
    in_range(x, c, c)
}

/// Lanes holding an ASCII letter.
pub fn alpha(x: u64) -> u64 {
    // `| 0x20` folds capitals onto small letters and nothing else onto them.
    in_range(x | (LANES * 0x20), b'a', b'z')
}

/// Lanes holding a byte of 0x80 or above (part of a non-ASCII character).
pub fn non_ascii(x: u64) -> u64 {
    x & HIGH
}

/// Lanes whose 7-bit values in `a` and `b` are equal.
pub fn same(a: u64, b: u64) -> u64 {
    let v = (a ^ b) & !HIGH;
    !v.wrapping_add(LANES * 0x7F) & HIGH
}

/// Every bit of a lane set where `mask` has its `0x80`.
pub fn widen(mask: u64) -> u64 {
    (mask >> 7) * 0xFF
}

/// True when `mask` holds lane `k`.
pub fn lane_set(mask: u64, k: usize) -> bool {
    k < 8 && mask & (0x80 << (8 * k)) != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lanes(mask: u64) -> Vec<usize> {
        (0..8).filter(|&k| lane_set(mask, k)).collect()
    }

    #[test]
    fn classes_match_the_scalar_tests_for_every_byte() {
        for c in 0..=255u8 {
            let x = load(&[c, b'a', c, 0xF0, c, b' ', c, b'Z'], 0);
            let at = |m: u64| lanes(m).contains(&0);
            assert_eq!(at(alpha(x)), c.is_ascii_alphabetic(), "{c}");
            assert_eq!(at(in_range(x, b'0', b'9')), c.is_ascii_digit(), "{c}");
            assert_eq!(at(eq(x, b'#')), c == b'#', "{c}");
            assert_eq!(at(non_ascii(x)), c >= 0x80, "{c}");
            // Neighbours stay what they are, whatever `c` is.
            assert!(lane_set(alpha(x), 1) && lane_set(alpha(x), 7));
            assert!(!lane_set(alpha(x), 3) && !lane_set(alpha(x), 5));
        }
    }

    #[test]
    fn same_compares_lanes() {
        let a = load(b"aabbccdd", 0);
        assert_eq!(lanes(same(a, a << 8)), vec![1, 3, 5, 7]);
    }

    #[test]
    fn widen_and_load_past_the_end() {
        assert_eq!(widen(0x80), 0xFF);
        assert_eq!(load(b"abc", 0), 0);
    }
}

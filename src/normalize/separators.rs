//! Stage 7: punctuation and whitespace become single spaces.
//!
//! What is left is words, `#` and `@` (so rules can ask for a hashtag), and
//! emoji and other symbols (so rules can name ✌ or 🐂). The collapsing itself
//! is fused into writing the result (it saves a pass); this module decides
//! what a separator is. Separators never start or end a match, so they cannot
//! stretch a span.
//!
//! ```
//! let n = netral::normalize::normalize("  no. 2,  ya!! ✌ ");
//! assert_eq!(n.as_str(), "no 2 ya ✌");
//! ```

use super::is_word;

/// True for characters that only separate words.
pub fn is_separator(c: char) -> bool {
    if c.is_ascii() {
        // Every ASCII character but letters and digits is punctuation,
        // whitespace or a control.
        return !c.is_ascii_alphanumeric() && c != '#' && c != '@';
    }
    if is_word(c) {
        return false;
    }
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || c.is_control()
        || matches!(c as u32,
            0x2010..=0x205E      // general punctuation: dashes, quotes, bullets
            | 0x3000..=0x303F    // CJK punctuation
            | 0xFE30..=0xFE4F    // CJK compatibility forms
            | 0x00A1..=0x00BF    // Latin-1 punctuation and signs
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_emoji_and_tags() {
        assert!(!is_separator('#'));
        assert!(!is_separator('@'));
        assert!(!is_separator('✌'));
        assert!(!is_separator('🔥'));
        assert_eq!(
            crate::normalize::normalize("#amin, ✌ 🔥!").as_str(),
            "#amin ✌ 🔥"
        );
    }

    #[test]
    fn apostrophes_and_quotes_separate() {
        assert!(is_separator('\''));
        assert!(is_separator('\u{2019}'));
        assert!(is_separator('¡'));
        assert!(!is_separator('é'));
    }
}

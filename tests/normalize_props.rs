//! Property tests for normalization: obfuscated terms are found, spans slice
//! to exactly what was written, and nothing panics on any input.

use netral::normalize::normalize;
use netral::{Ruleset, Screener};
use once_cell::sync::Lazy;
use proptest::prelude::*;

static SCREENER: Lazy<Screener> = Lazy::new(Screener::default_rules);

/// (rule id, term) for every literal term of every rule that counts without
/// context and reads every field.
static TERMS: Lazy<Vec<(String, String)>> = Lazy::new(|| {
    Ruleset::embedded()
        .rules()
        .into_iter()
        .filter(|r| r.needs.is_empty() && r.fields.is_empty())
        .flat_map(|r| {
            r.terms
                .iter()
                .map(|t| (r.id.clone(), t.value.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
});

/// Neutral filler of two or more letters (single letters would be joined
/// with a spaced-out term, as they should be) that forms no longer term with
/// any rule term: within a rule the longest match wins, by design.
const FILLER: &[&str] = &[
    "rapat", "kantor", "keluarga", "teman", "minggu", "depan", "laporan2", "kopi", "😊", "🙏",
    "...", "!!", "(", ")",
];

/// A tiny deterministic generator so one seed drives every per-character choice.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
}

/// `default` cases, or as many as `PROPTEST_CASES` asks for: a config that
/// sets its own count otherwise ignores the variable.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn leet(c: char) -> Option<char> {
    Some(match c.to_ascii_lowercase() {
        'a' => '4',
        'e' => '3',
        'i' => '1',
        'o' => '0',
        's' => '5',
        't' => '7',
        _ => return None,
    })
}

fn bold(c: char) -> char {
    let (base, off) = if c.is_ascii_lowercase() {
        (0x1D41A, c as u32 - 'a' as u32)
    } else if c.is_ascii_uppercase() {
        (0x1D400, c as u32 - 'A' as u32)
    } else {
        return c;
    };
    char::from_u32(base + off).unwrap_or(c)
}

/// Obfuscates `term` in one of several ways people use; returns None when the
/// chosen way does not apply to this term.
fn obfuscate(term: &str, how: u8, rng: &mut Lcg) -> Option<String> {
    let letters_only = term.chars().all(|c| c.is_ascii_alphabetic() || c == ' ');
    let tag = term.starts_with('#') || term.starts_with('@');
    match how % 7 {
        // Random case (whole-word case for tags: their casing splits words).
        0 => Some(if tag {
            if rng.chance(50) {
                term.to_uppercase()
            } else {
                term.to_lowercase()
            }
        } else {
            term.chars()
                .map(|c| {
                    if rng.chance(50) {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect()
        }),
        // Leet inside words only (an edge digit could be a real number);
        // in a tag, only between lowercase letters (a capital after it
        // starts a word of its own: `Anies4Presiden`) and at most three
        // letters into a run of them or from its end (between two words of
        // four letters or more, a digit is a number: `jokowi3periode`).
        1 if letters_only || tag => {
            let mut out = String::new();
            for w in term.split(' ') {
                if !out.is_empty() {
                    out.push(' ');
                }
                let cs: Vec<char> = w.chars().collect();
                let mut run = 0;
                for (i, &c) in cs.iter().enumerate() {
                    let inside = i > 0 && i + 1 < cs.len();
                    // Nor in a run of letters next to a digit of the term:
                    // `#s4l4m4j4ri` for `#salam4jari` reads as four leet
                    // letters to anyone.
                    let near_edge = |i: usize| {
                        let lower = |j: &usize| cs[*j].is_ascii_lowercase();
                        let from_start = (0..i).rev().take_while(lower).count();
                        let to_end = (i + 1..cs.len()).take_while(lower).count();
                        let digit_at = |j: Option<usize>| {
                            j.and_then(|j| cs.get(j))
                                .is_some_and(|c| c.is_ascii_digit())
                        };
                        let by_digit = digit_at(i.checked_sub(from_start + 1))
                            || digit_at(Some(i + to_end + 1));
                        (from_start <= 2 || to_end <= 2) && !by_digit
                    };
                    let inside = inside
                        && (!tag
                            || (cs[i - 1].is_ascii_lowercase()
                                && cs[i + 1].is_ascii_lowercase()
                                && near_edge(i)));
                    match leet(c).filter(|_| inside && run < 2 && rng.chance(50)) {
                        Some(d) => {
                            out.push(d);
                            run += 1;
                        }
                        None => {
                            out.push(c);
                            run = 0;
                        }
                    }
                }
            }
            Some(out)
        }
        // Letters spaced or dotted out.
        2 if letters_only && !term.contains(' ') && term.len() >= 3 => {
            let seps = [
                " ",
                ".",
                "_",
                "-",
                "🔥",
                " 🔥 ",
                " ✌\u{fe0f} ",
                "..",
                "--",
                "\n",
            ];
            let sep = seps[(rng.next() % seps.len() as u64) as usize];
            let cs: Vec<String> = term.chars().map(String::from).collect();
            Some(cs.join(sep))
        }
        // Words spelled out a letter a space, one or two spaces between
        // words (`k o s o n g  d u a`, `p r a b o w o g i b r a n`).
        2 if letters_only => Some(
            term.split(' ')
                .map(|w| w.chars().map(String::from).collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join(if rng.chance(50) { " " } else { "  " }),
        ),
        // One letter stretched (not one that is doubled in the term, nor a
        // consonant starting a word: `PPP` is an acronym, not a stretch).
        3 if letters_only => {
            let cs: Vec<char> = term.chars().collect();
            let vowel = |c: char| "aeiouAEIOU".contains(c);
            let ok: Vec<usize> = (0..cs.len())
                .filter(|&i| {
                    cs[i].is_ascii_alphabetic()
                        && (vowel(cs[i]) || (i > 0 && cs[i - 1] != ' '))
                        && (i == 0 || cs[i - 1] != cs[i])
                        && (i + 1 == cs.len() || cs[i + 1] != cs[i])
                })
                .collect();
            let &pick = ok.get((rng.next() as usize) % ok.len().max(1))?;
            let n = 3 + (rng.next() % 4) as usize;
            Some(
                cs.iter()
                    .enumerate()
                    .map(|(i, &c)| {
                        if i == pick {
                            c.to_string().repeat(n)
                        } else {
                            c.to_string()
                        }
                    })
                    .collect(),
            )
        }
        // Zero-width characters between letters.
        4 if !tag => {
            let zw = [
                '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{ad}',
            ];
            let mut out = String::new();
            let cs: Vec<char> = term.chars().collect();
            for (i, &c) in cs.iter().enumerate() {
                out.push(c);
                if i + 1 < cs.len()
                    && c.is_alphanumeric()
                    && cs[i + 1].is_alphanumeric()
                    && rng.chance(40)
                {
                    out.push(zw[(rng.next() % zw.len() as u64) as usize]);
                }
            }
            Some(out)
        }
        // Mathematical bold letters.
        5 if !tag => Some(term.chars().map(bold).collect()),
        // A word cut in two by a hyphen (`Gan-jar`).
        6 if letters_only && !term.contains(' ') && term.len() >= 4 => {
            let cut = 2 + (rng.next() as usize) % (term.len() - 3);
            Some(format!("{}-{}", &term[..cut], &term[cut..]))
        }
        _ => Some(term.to_string()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(2000)))]

    #[test]
    fn obfuscated_terms_are_found_with_exact_spans(
        pick in any::<prop::sample::Index>(),
        how in 0u8..7,
        seed in any::<u64>(),
        before in prop::collection::vec(0usize..FILLER.len(), 0..4),
        after in prop::collection::vec(0usize..FILLER.len(), 0..4),
    ) {
        let (rule, term) = pick.get(&TERMS).clone();
        let mut rng = Lcg(seed);
        let Some(obf) = obfuscate(&term, how, &mut rng) else { return Ok(()) };
        let pre: Vec<&str> = before.iter().map(|&i| FILLER[i]).collect();
        let post: Vec<&str> = after.iter().map(|&i| FILLER[i]).collect();
        let prefix = if pre.is_empty() { String::new() } else { format!("{} ", pre.join(" ")) };
        let suffix = if post.is_empty() { String::new() } else { format!(" {}", post.join(" ")) };
        let text = format!("{prefix}{obf}{suffix}");
        let at = prefix.len();
        let found = SCREENER.matches(&text);
        prop_assert!(
            found.iter().any(|(id, s, e)| id == &rule && (*s, *e) == (at, at + obf.len())),
            "rule {rule} term {term:?} as {obf:?} in {text:?}: normalized {:?}, found {:?}",
            normalize(&text).as_str(), found
        );
    }

    #[test]
    fn normalization_never_panics_and_spans_are_char_boundaries(text in any::<String>()) {
        let n = normalize(&text);
        let len = n.as_str().len();
        for (i, _) in n.as_str().char_indices() {
            for end in [i + 1, len] {
                if end <= len && n.as_str().is_char_boundary(end) {
                    let (s, e) = n.original_span(i, end);
                    prop_assert!(s <= e && e <= text.len());
                    prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
                }
            }
        }
    }

    #[test]
    fn screening_never_panics_on_any_text(text in "\\PC{0,80}") {
        let r = SCREENER.screen(&netral::Activity::post("p", text.clone()));
        for f in &r.findings {
            prop_assert_eq!(text.get(f.start..f.end), Some(f.text.as_str()));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(500)))]

    /// Any activity shape (every kind, odd fields, media tags) screens
    /// without panicking, and every finding slices its own field.
    #[test]
    fn any_activity_screens_with_valid_spans(
        kind in 0usize..5,
        text in proptest::option::of("\\PC{0,60}"),
        author in proptest::option::of("[@#a-zA-Z_. 0-9]{0,20}"),
        target_text in proptest::option::of("\\PC{0,60}"),
        tags in prop::collection::vec("[a-z_:]{0,20}", 0..3),
        ocr in proptest::option::of("\\PC{0,40}"),
        date in proptest::option::of("[0-9T:+-]{0,25}"),
    ) {
        let kinds = ["post", "comment", "share", "like", "follow"];
        let v = serde_json::json!({
            "id": "p", "kind": kinds[kind], "text": text, "created_at": date,
            "target": {"author": author, "text": target_text},
            "media": [{"ocr_text": ocr, "tags": tags}],
        });
        let a = netral::parse_line(&v.to_string()).expect("valid activity JSON");
        let r = SCREENER.screen(&a);
        prop_assert!(r.score.is_some_and(|s| (0.0..=1.0).contains(&s)));
        for f in &r.findings {
            let field = a.fields().find(|x| x.name == f.field).map(|x| x.text).unwrap_or("");
            prop_assert_eq!(field.get(f.start..f.end), Some(f.text.as_str()));
        }
    }
}

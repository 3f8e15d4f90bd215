//! The Indonesian default ruleset, compiled in from `rules/`.

use super::Ruleset;
use once_cell::sync::Lazy;

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

static EMBEDDED: Lazy<Ruleset> = Lazy::new(|| {
    let mut r = Ruleset::new();
    // The embedded files are checked by the test suite on every change, so a
    // failure here is a build defect; an empty ruleset keeps callers alive.
    if let Err(e) = r.add_files(FILES) {
        eprintln!("netral: the embedded ruleset is broken:\n{e}");
    }
    r
});

pub(crate) fn ruleset() -> Ruleset {
    EMBEDDED.clone()
}

//! The quality gate: `cargo test` fails when the screener gets worse on the
//! project's labelled corpus, or when neutral news about neutrality is flagged.

use netral::eval::{evaluate, Counts, Evaluation, Labelled};
use netral::{Activity, Level, Screener};
use std::path::Path;

fn load(name: &str) -> Vec<Labelled> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| Labelled::parse(l).unwrap_or_else(|e| panic!("{name}:{}: {e}", i + 1)))
        .collect()
}

fn misses(ev: &Evaluation) -> String {
    ev.misses
        .iter()
        .map(|m| {
            format!(
                "  {} [{}] label={} level={}: {}",
                m.record.activity.id,
                m.record.stratum,
                if m.record.partisan {
                    "partisan"
                } else {
                    "neutral"
                },
                m.report.level_or_none(),
                m.record.activity.text.as_deref().unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn stratum<'a>(ev: &'a Evaluation, name: &str) -> &'a Counts {
    ev.strata
        .get(name)
        .unwrap_or_else(|| panic!("no stratum {name}"))
}

/// Targets from the "Context-aware scoring" issue, on the development set.
#[test]
fn dev_set_meets_targets() {
    let ev = evaluate(&Screener::default_rules(), &load("dev.jsonl"));
    let why = misses(&ev);
    assert!(
        ev.overall.f1() >= 0.95,
        "F1 {:.3} < 0.95\n{why}",
        ev.overall.f1()
    );
    let trap = stratum(&ev, "trap");
    assert!(
        trap.false_positive_rate() <= 0.03,
        "trap FPR {:.3}\n{why}",
        trap.false_positive_rate()
    );
    for s in ["interaction", "obfuscated"] {
        let r = stratum(&ev, s).recall();
        assert!(r >= 0.9, "{s} recall {r:.3} < 0.9\n{why}");
    }
    assert!(
        ev.overall.false_positive_rate() <= 0.10,
        "neutral FPR {:.3}\n{why}",
        ev.overall.false_positive_rate()
    );
}

/// Our own cases, written apart from the dev set: new regions, regional
/// languages, nicknames, obfuscations and traps. The gap to the dev set is
/// what tells whether rules generalize.
#[test]
fn fresh_cases_meet_targets() {
    let ev = evaluate(&Screener::default_rules(), &load("extra.jsonl"));
    let why = misses(&ev);
    assert!(
        ev.overall.f1() >= 0.95,
        "F1 {:.3} < 0.95\n{why}",
        ev.overall.f1()
    );
    assert!(
        stratum(&ev, "trap").false_positive_rate() <= 0.03,
        "trap FPR too high\n{why}"
    );
}

/// Every partisan signal type in the dev set has at least one correctly
/// flagged record.
#[test]
fn every_partisan_category_is_caught_somewhere() {
    let s = Screener::default_rules();
    let data = load("dev.jsonl");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dev.jsonl");
    let raw = std::fs::read_to_string(path).expect("dev.jsonl");
    let mut caught = std::collections::BTreeMap::<String, usize>::new();
    let mut seen = std::collections::BTreeSet::<String>::new();
    for (rec, line) in data.iter().zip(raw.lines()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json");
        let signals: Vec<String> = v["signals"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        let flagged = s.screen(&rec.activity).level_or_none().is_flagged();
        for sig in signals {
            seen.insert(sig.clone());
            if rec.partisan && flagged {
                *caught.entry(sig).or_default() += 1;
            }
        }
    }
    for sig in seen {
        assert!(
            caught.get(&sig).copied().unwrap_or(0) > 0,
            "no {sig} record flagged"
        );
    }
}

/// The five news articles the project started from are neutral reporting on
/// neutrality: they name parties and officials but must not be flagged.
#[test]
fn seed_news_articles_are_not_flagged() {
    let s = Screener::default_rules();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/seeds");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("seeds dir") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("seed text");
        let r = s.screen(&Activity::post(path.display().to_string(), text));
        assert!(
            r.level_or_none() <= Level::Low,
            "{} is {:?}: {:?}",
            path.display(),
            r.level,
            r.reasons
        );
        n += 1;
    }
    assert_eq!(n, 5);
}

/// Findings of every flagged record slice to the words that caused them.
#[test]
fn flagged_findings_slice_to_their_text() {
    let s = Screener::default_rules();
    for rec in load("dev.jsonl").into_iter().chain(load("extra.jsonl")) {
        let r = s.screen(&rec.activity);
        for f in &r.findings {
            let field = field_text(&rec.activity, &f.field);
            assert_eq!(
                field.get(f.start..f.end),
                Some(f.text.as_str()),
                "{} {}",
                rec.activity.id,
                f.rule
            );
            assert!(
                !f.text.trim().is_empty(),
                "{} {} has an empty span",
                rec.activity.id,
                f.rule
            );
        }
        if r.level_or_none().is_flagged() {
            assert!(
                !r.reasons.is_empty(),
                "{} flagged without reasons",
                rec.activity.id
            );
        }
    }
}

fn field_text<'a>(a: &'a Activity, name: &str) -> &'a str {
    a.fields()
        .find(|f| f.name == name)
        .map(|f| f.text)
        .unwrap_or_else(|| panic!("no field {name}"))
}

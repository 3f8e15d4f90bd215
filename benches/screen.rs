//! `Screener::screen` over the dev activities, end to end (normalize, match,
//! score). Asserts the flagged count inside the loop so a broken screener
//! cannot look fast.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use netral::{Activity, Screener};

fn activities() -> Vec<Activity> {
    include_str!("../tests/data/dev.jsonl")
        .lines()
        .filter_map(|l| netral::parse_line(l).ok())
        .collect()
}

fn bench(c: &mut Criterion) {
    let acts = activities();
    let s = Screener::default_rules();
    let bytes: usize = acts
        .iter()
        .flat_map(|a| a.fields().map(|f| f.text.len()))
        .sum();
    let expected = acts
        .iter()
        .filter(|a| s.screen(a).level_or_none().is_flagged())
        .count();
    assert!(
        expected > 50,
        "the dev set should have many flagged records"
    );

    let mut g = c.benchmark_group("screen");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("dev_activities", |b| {
        b.iter(|| {
            let flagged = acts
                .iter()
                .filter(|a| s.screen(black_box(a)).level_or_none().is_flagged())
                .count();
            assert_eq!(flagged, expected);
        })
    });
    g.finish();

    let mut g = c.benchmark_group("build");
    g.bench_function("default_ruleset", |b| {
        let rules = netral::Ruleset::embedded();
        b.iter(|| Screener::new(black_box(&rules)).map(|s| s.rule_count()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Normalization alone over the dev texts (all text fields of every record).
//! Reports bytes per second; the goal is at least 200 MB/s single-threaded.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use netral::normalize::{Normalized, Normalizer};

fn texts() -> Vec<String> {
    let raw = include_str!("../tests/data/dev.jsonl");
    let mut out = Vec::new();
    for line in raw.lines() {
        let Ok(a) = netral::parse_line(line) else {
            continue;
        };
        out.extend(a.fields().map(|f| f.text.to_string()));
    }
    out
}

fn bench(c: &mut Criterion) {
    let texts = texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("dev_texts", |b| {
        let mut n = Normalizer::new();
        let mut out = Normalized::default();
        b.iter(|| {
            let mut total = 0;
            for t in &texts {
                n.normalize_into(black_box(t), &mut out);
                total += out.as_str().len();
            }
            // The pipeline must still do its work: the dev texts shrink only a little.
            assert!(total > bytes / 2);
            total
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! Normalization alone over the dev texts (all text fields of every record).
//! Reports bytes per second; the goal is at least 200 MB/s single-threaded
//! over the dev texts replicated to 100 MB (`dev_texts_100mb`), which
//! reads them from memory rather than cache. `dev_texts` goes over the
//! 41 kB of them again and again: quicker to run, and it has read the
//! same within the noise.

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

/// The texts repeated, each its own allocation, until they hold `bytes`.
fn replicated(texts: &[String], bytes: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut held = 0;
    while held < bytes && !texts.is_empty() {
        for t in texts {
            held += t.len();
            out.push(t.clone());
        }
    }
    out
}

/// Normalizes every text and returns the bytes written, checking that the
/// pipeline still does its work: the dev texts shrink only a little.
fn normalize_all(texts: &[String], n: &mut Normalizer, out: &mut Normalized) -> usize {
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut total = 0;
    for t in texts {
        n.normalize_into(black_box(t), out);
        total += out.as_str().len();
    }
    assert!(total > bytes / 2);
    total
}

fn bench(c: &mut Criterion) {
    let texts = texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut g = c.benchmark_group("normalize");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("dev_texts", |b| {
        let (mut n, mut out) = (Normalizer::new(), Normalized::default());
        b.iter(|| normalize_all(&texts, &mut n, &mut out))
    });
    let big = replicated(&texts, 100_000_000);
    let big_bytes: usize = big.iter().map(String::len).sum();
    // Under a second an iteration: ten samples are enough.
    g.sample_size(10);
    g.measurement_time(std::time::Duration::from_secs(10));
    g.throughput(Throughput::Bytes(big_bytes as u64));
    g.bench_function("dev_texts_100mb", |b| {
        let (mut n, mut out) = (Normalizer::new(), Normalized::default());
        b.iter(|| normalize_all(&big, &mut n, &mut out))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! A report as one line of JSON, byte for byte what `serde_json::to_writer`
//! writes (a test holds them equal), without serde's per-field and
//! per-character machinery: serializing was a sixth of a scan.

use netral::{Finding, Report};

/// Appends `r` as JSON (no newline) to `out`.
pub fn report(out: &mut Vec<u8>, r: &Report) {
    out.extend_from_slice(b"{\"id\":");
    string(out, &r.id);
    if let Some(l) = r.level {
        out.extend_from_slice(b",\"level\":\"");
        out.extend_from_slice(l.as_str().as_bytes());
        out.push(b'"');
    }
    if let Some(s) = r.score {
        out.extend_from_slice(b",\"score\":");
        float(out, s);
    }
    out.extend_from_slice(b",\"findings\":");
    array(out, &r.findings, finding);
    if !r.reasons.is_empty() {
        out.extend_from_slice(b",\"reasons\":");
        array(out, &r.reasons, |out, s| string(out, s));
    }
    if let Some(e) = &r.error {
        out.extend_from_slice(b",\"error\":");
        string(out, e);
    }
    if let Some(l) = r.line {
        out.extend_from_slice(b",\"line\":");
        int(out, l);
    }
    out.push(b'}');
}

fn finding(out: &mut Vec<u8>, f: &Finding) {
    out.extend_from_slice(b"{\"rule\":");
    string(out, &f.rule);
    out.extend_from_slice(b",\"category\":");
    string(out, &f.category);
    out.extend_from_slice(b",\"field\":");
    string(out, &f.field);
    out.extend_from_slice(b",\"start\":");
    int(out, f.start as u64);
    out.extend_from_slice(b",\"end\":");
    int(out, f.end as u64);
    out.extend_from_slice(b",\"text\":");
    string(out, &f.text);
    out.extend_from_slice(b",\"score\":");
    float(out, f.score);
    if !f.context.is_empty() {
        out.extend_from_slice(b",\"context\":");
        array(out, &f.context, |out, c| {
            out.extend_from_slice(b"{\"rule\":");
            string(out, &c.rule);
            out.extend_from_slice(b",\"delta\":");
            float(out, c.delta);
            if !c.text.is_empty() {
                out.extend_from_slice(b",\"text\":");
                string(out, &c.text);
            }
            out.push(b'}');
        });
    }
    out.push(b'}');
}

/// A JSON array of `items`, each written by `each`.
fn array<T>(out: &mut Vec<u8>, items: &[T], mut each: impl FnMut(&mut Vec<u8>, &T)) {
    out.push(b'[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        each(out, x);
    }
    out.push(b']');
}

/// A JSON string: quotes, backslashes and control characters escaped as
/// serde_json escapes them; everything else, UTF-8 included, as it is.
fn string(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.push(b'"');
    // A fold, not `any`: without an early exit the check vectorizes.
    let plain = b
        .iter()
        .fold(true, |ok, &c| ok & (c >= 0x20) & (c != b'"') & (c != b'\\'));
    if plain {
        out.extend_from_slice(b);
        out.push(b'"');
        return;
    }
    let mut from = 0;
    for (i, &c) in b.iter().enumerate() {
        let short: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            c if c < 0x20 => b"",
            _ => continue,
        };
        out.extend_from_slice(&b[from..i]);
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[(c >> 4) as usize]);
            out.push(HEX[(c & 0xF) as usize]);
        } else {
            out.extend_from_slice(short);
        }
        from = i + 1;
    }
    out.extend_from_slice(&b[from..]);
    out.push(b'"');
}

fn int(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Reports hold scores to three decimals; those are written directly (the
/// shortest form that reads back as the same f32, as serde_json writes it).
/// Anything else goes through serde_json itself.
fn float(out: &mut Vec<u8>, x: f32) {
    let k = (x * 1000.0).round();
    if x.is_finite() && k.abs() < 1e6 && k / 1000.0 == x {
        let k = k as i64;
        if k < 0 || x.is_sign_negative() {
            out.push(b'-');
        }
        let k = k.unsigned_abs();
        int(out, k / 1000);
        out.push(b'.');
        let mut frac = k % 1000;
        if frac == 0 {
            out.push(b'0');
            return;
        }
        let mut digits = 3;
        while frac.is_multiple_of(10) {
            frac /= 10;
            digits -= 1;
        }
        let mut buf = [b'0'; 3];
        for d in buf[..digits].iter_mut().rev() {
            *d = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
        out.extend_from_slice(&buf[..digits]);
        return;
    }
    // Writing a float into memory cannot fail.
    let _ = serde_json::to_writer(&mut *out, &x);
}

#[cfg(test)]
mod tests {
    use super::*;
    use netral::{Activity, ContextNote, Level, Screener};
    use std::borrow::Cow;

    fn same(r: &Report) {
        let mut ours = Vec::new();
        report(&mut ours, r);
        let theirs = serde_json::to_vec(r).unwrap();
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs)
        );
    }

    #[test]
    fn reports_of_the_dev_and_extra_sets_match_serde_json() {
        let s = Screener::default_rules();
        for file in [
            include_str!("../../../tests/data/dev.jsonl"),
            include_str!("../../../tests/data/extra.jsonl"),
        ] {
            for (i, line) in file.lines().enumerate() {
                let mut r = match netral::parse_line(line) {
                    Ok(a) => s.explain(&a).report,
                    Err(e) => Report::error("", i as u64 + 1, e.to_string()),
                };
                r.line = Some(i as u64 + 1);
                same(&r);
            }
        }
    }

    #[test]
    fn floats_match_serde_json() {
        let mut values: Vec<f32> = (-3000..=3000).map(|k| k as f32 / 1000.0).collect();
        values.extend([
            0.0,
            -0.0,
            0.1 + 0.2,
            1e-7,
            123456.79,
            f32::NAN,
            f32::INFINITY,
            0.999_9,
        ]);
        values.extend((0..2000).map(|k| (k as f32 * 0.37).sin()));
        for x in values {
            let mut ours = Vec::new();
            float(&mut ours, x);
            let theirs = serde_json::to_vec(&x).unwrap();
            assert_eq!(
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&theirs),
                "{x:?}"
            );
        }
    }

    #[test]
    fn odd_strings_and_fields_match_serde_json() {
        let s = Screener::default_rules();
        let text = "Coblos \"Gerindra\" \\ no 2\n\t\u{1}\u{1f}\u{7f} 🙏 \u{8}\u{c}\r";
        let mut r = s.explain(&Activity::post("id \"q\" \u{0}", text)).report;
        r.findings.push(Finding {
            rule: "x\\y".into(),
            category: Cow::Borrowed("party"),
            field: Cow::Owned("media[0].ocr_text".into()),
            start: 0,
            end: 0,
            text: String::new(),
            score: 0.1 + 0.2,
            context: vec![ContextNote {
                rule: "outside-period:p".into(),
                delta: -0.12,
                text: String::new(),
            }],
        });
        r.level = Some(Level::Medium);
        same(&r);
        same(&Report::error("", 3, "line 3 is not valid UTF-8 (byte 7)"));
        same(&Report::error("a\"b", u64::MAX, ""));
    }
}

//! Writing reports: JSONL, CSV or a summary; to stdout or atomically to a file.

use netral::{Level, Report};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    /// One JSON report per line, in input order.
    Jsonl,
    /// One CSV row per report: id, line, level, score, rules, matched, error.
    Csv,
    /// Counts by level, category, rule and agency, and the top partisan terms.
    Summary,
}

/// Where output goes. A file is written to a temporary name beside it and
/// renamed at the end, so a crashed job never leaves a file that looks whole.
pub struct Sink {
    out: BufWriter<Box<dyn Write>>,
    temp: Option<(PathBuf, PathBuf)>,
}

impl Sink {
    pub fn open(path: Option<&Path>) -> io::Result<Sink> {
        match path {
            None => Ok(Sink {
                out: BufWriter::with_capacity(1 << 16, Box::new(io::stdout())),
                temp: None,
            }),
            Some(p) => {
                let dir = p
                    .parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .unwrap_or(Path::new("."));
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
                let f = File::create(&tmp).map_err(|e| {
                    io::Error::new(e.kind(), format!("cannot create {}: {e}", tmp.display()))
                })?;
                Ok(Sink {
                    out: BufWriter::with_capacity(1 << 16, Box::new(f)),
                    temp: Some((tmp, p.to_path_buf())),
                })
            }
        }
    }

    pub fn writer(&mut self) -> &mut dyn Write {
        &mut self.out
    }

    /// Flushes, and for a file moves the temporary into place.
    pub fn finish(mut self) -> io::Result<()> {
        self.out.flush()?;
        if let Some((tmp, dest)) = self.temp.take() {
            std::fs::rename(&tmp, &dest).map_err(|e| {
                io::Error::new(
                    e.kind(),
                    format!("cannot move output into {}: {e}", dest.display()),
                )
            })?;
        }
        Ok(())
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if let Some((tmp, _)) = self.temp.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

pub fn csv_header(w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "id,line,level,score,rules,matched,error")
}

pub fn csv_row(w: &mut dyn Write, r: &Report) -> io::Result<()> {
    let mut rules: Vec<&str> = r.findings.iter().map(|f| f.rule.as_str()).collect();
    rules.dedup();
    let matched: Vec<&str> = r.findings.iter().map(|f| f.text.as_str()).collect();
    let fields = [
        r.id.clone(),
        r.line.map(|l| l.to_string()).unwrap_or_default(),
        r.level.map(|l| l.as_str().to_string()).unwrap_or_default(),
        r.score.map(|s| format!("{s:.3}")).unwrap_or_default(),
        rules.join(";"),
        matched.join(";"),
        r.error.clone().unwrap_or_default(),
    ];
    let escaped: Vec<String> = fields.iter().map(|f| csv_escape(f)).collect();
    writeln!(w, "{}", escaped.join(","))
}

fn csv_escape(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Counts for `--format summary`.
#[derive(Default)]
pub struct Summary {
    pub total: u64,
    pub errors: u64,
    pub by_level: BTreeMap<Level, u64>,
    pub by_category: BTreeMap<String, u64>,
    pub by_rule: BTreeMap<String, u64>,
    pub by_agency: BTreeMap<String, (u64, u64)>,
    pub terms: BTreeMap<String, u64>,
}

impl Summary {
    /// Counts one report; `agency` is the actor's agency, if any.
    pub fn add(&mut self, r: &Report, agency: Option<&str>) {
        self.total += 1;
        if r.error.is_some() {
            self.errors += 1;
            return;
        }
        let level = r.level_or_none();
        *self.by_level.entry(level).or_default() += 1;
        let flagged = level.is_flagged();
        let a = self
            .by_agency
            .entry(agency.unwrap_or("(unknown)").to_string())
            .or_default();
        a.0 += 1;
        if flagged {
            a.1 += 1;
            for f in &r.findings {
                if f.category.starts_with("context") || f.category == "approval" {
                    continue;
                }
                *self.by_category.entry(f.category.to_string()).or_default() += 1;
                *self.by_rule.entry(f.rule.clone()).or_default() += 1;
                *self.terms.entry(f.text.to_lowercase()).or_default() += 1;
            }
        }
    }

    pub fn write(&self, w: &mut dyn Write) -> io::Result<()> {
        writeln!(w, "netral summary")?;
        writeln!(
            w,
            "  reports: {}  (unreadable lines: {})",
            self.total, self.errors
        )?;
        writeln!(w, "\nby level")?;
        for l in [Level::High, Level::Medium, Level::Low, Level::None] {
            writeln!(
                w,
                "  {:<8} {}",
                l.as_str(),
                self.by_level.get(&l).copied().unwrap_or(0)
            )?;
        }
        top(
            w,
            "findings in flagged reports, by category",
            &self.by_category,
            20,
        )?;
        top(w, "findings in flagged reports, by rule", &self.by_rule, 20)?;
        writeln!(w, "\nby agency (reports, flagged)")?;
        let mut agencies: Vec<(&String, &(u64, u64))> = self.by_agency.iter().collect();
        agencies.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(b.1 .0.cmp(&a.1 .0)));
        for (a, (n, f)) in agencies.into_iter().take(30) {
            writeln!(w, "  {n:>8} {f:>8}  {a}")?;
        }
        top(w, "most frequent partisan terms", &self.terms, 20)
    }
}

fn top(w: &mut dyn Write, title: &str, m: &BTreeMap<String, u64>, n: usize) -> io::Result<()> {
    writeln!(w, "\n{title}")?;
    let mut v: Vec<(&String, &u64)> = m.iter().collect();
    v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (k, c) in v.into_iter().take(n) {
        writeln!(w, "  {c:>8}  {k}")?;
    }
    Ok(())
}

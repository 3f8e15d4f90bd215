//! The subcommands. Each returns an exit code (see `exit` in main.rs).

use crate::exit;
use crate::input::{self, Format, Item};
use crate::json;
use crate::output::{self, OutFormat, Sink, Summary};
use crate::RuleOpts;
use netral::eval::{evaluate, Labelled};
use netral::{Activity, Kind, Level, Report, Ruleset, Screener};
use rayon::prelude::*;
use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Loads and compiles the rules, printing every problem on failure.
fn screener(opts: &RuleOpts, check_examples: bool) -> Result<Screener, u8> {
    let mut rules = if opts.no_default_rules {
        Ruleset::new()
    } else {
        Ruleset::embedded()
    };
    for dir in &opts.rules {
        if let Err(e) = rules.add_dir(dir) {
            eprintln!("{e}");
            return Err(exit::USAGE);
        }
    }
    let s = match Screener::new(&rules) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return Err(exit::USAGE);
        }
    };
    if check_examples && !opts.rules.is_empty() {
        if let Err(e) = s.check_examples() {
            eprintln!("{e}");
            return Err(exit::USAGE);
        }
    }
    Ok(s)
}

fn io_fail(e: &io::Error) -> u8 {
    if e.kind() == io::ErrorKind::BrokenPipe {
        // `netral scan big.jsonl | head`: the reader is gone; stop quietly.
        return exit::OK;
    }
    eprintln!("netral: {e}");
    exit::IO
}

#[derive(clap::Args)]
pub struct ScanArgs {
    /// Input files; `-` or nothing reads stdin. Gzip is detected by content.
    #[arg(value_name = "FILE")]
    files: Vec<String>,
    #[command(flatten)]
    rules: RuleOpts,
    /// Input format.
    #[arg(long, value_enum, default_value = "auto")]
    input_format: Format,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: OutFormat,
    /// Keep only reports at or above this level (none, low, medium, high).
    /// Error reports are always kept.
    #[arg(long, value_name = "LEVEL")]
    min_level: Option<Level>,
    /// Write to FILE (atomically: a temporary file renamed when complete).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Stop with exit code 4 at the first unreadable line.
    #[arg(long)]
    strict: bool,
    /// Longest accepted input line, in bytes; longer lines become error reports.
    #[arg(long, default_value_t = 1 << 20, value_name = "BYTES")]
    max_line_bytes: usize,
    /// No progress bar and no closing count on stderr.
    #[arg(long, short)]
    quiet: bool,
}

const BATCH: usize = 4096;
/// Records one worker screens and writes out at a time.
const CHUNK: usize = 128;

pub fn scan(a: ScanArgs) -> u8 {
    let s = match screener(&a.rules, true) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(a.threads.unwrap_or(0))
        .build()
    {
        Ok(p) => p,
        Err(e) => {
            eprintln!("netral: cannot start worker threads: {e}");
            return exit::USAGE;
        }
    };
    let mut sink = match Sink::open(a.output.as_deref()) {
        Ok(s) => s,
        Err(e) => return io_fail(&e),
    };
    let files = if a.files.is_empty() {
        vec!["-".to_string()]
    } else {
        a.files.clone()
    };
    if files.iter().any(|f| f == "-") && io::stdin().is_terminal() && !a.quiet {
        eprintln!(
            "netral: reading activities from the terminal (one JSON object per line; Ctrl-D ends)"
        );
    }
    let show_progress = !a.quiet && io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    let mut summary = Summary::default();
    let (mut total, mut bad, mut flagged) = (0u64, 0u64, 0u64);
    if a.format == OutFormat::Csv {
        if let Err(e) = output::csv_header(sink.writer()) {
            return io_fail(&e);
        }
    }
    for path in &files {
        let inp = match input::open(path, a.input_format) {
            Ok(i) => i,
            Err(e) => return io_fail(&e),
        };
        let bar = show_progress.then(|| progress(inp.size, &inp.name));
        let mut records = input::Records::new(inp, a.max_line_bytes);
        let mut next = records.next_batch(BATCH, input::Batch::default());
        // The batch before last, whose buffers the next read reuses.
        let mut spare = input::Batch::default();
        loop {
            let batch = match next {
                Ok(b) => b,
                Err(e) => return io_fail(&e),
            };
            if batch.is_empty() {
                break;
            }
            // Workers parse, screen and write output for runs of records
            // while the next batch is read; this thread only writes bytes,
            // in input order.
            let (chunks, following) = pool.install(|| {
                rayon::join(
                    || {
                        batch
                            .items
                            .par_chunks(CHUNK)
                            .map(|items| Chunk::new(&s, &batch.text, items, a.format, a.min_level))
                            .collect::<Vec<Chunk>>()
                    },
                    || records.next_batch(BATCH, std::mem::take(&mut spare)),
                )
            });
            next = following;
            spare = batch;
            for c in chunks {
                total += c.total;
                flagged += c.flagged;
                bad += c.bad;
                if a.strict {
                    if let Some((msg, at)) = &c.first_error {
                        let out = sink.writer();
                        let _ = out.write_all(&c.bytes[..*at]).and_then(|_| out.flush());
                        eprintln!("netral: {}: {msg}", path);
                        return exit::STRICT;
                    }
                }
                for (r, agency) in &c.reports {
                    summary.add(r, agency.as_deref());
                }
                if let Err(e) = sink.writer().write_all(&c.bytes) {
                    return io_fail(&e);
                }
            }
            if let Some(b) = &bar {
                b.set_position(if records.bytes_read > 0 {
                    records.bytes_read
                } else {
                    total
                });
                b.set_message(format!("{total} lines, {flagged} flagged"));
            }
        }
        if let Some(b) = bar {
            b.finish_and_clear();
        }
    }
    if a.format == OutFormat::Summary {
        if let Err(e) = summary.write(sink.writer()) {
            return io_fail(&e);
        }
    }
    if let Err(e) = sink.finish() {
        return io_fail(&e);
    }
    if !a.quiet {
        eprintln!(
            "netral: {total} reports, {flagged} flagged (medium or high), {bad} unreadable lines"
        );
    }
    exit::OK
}

/// What a worker hands back for a run of consecutive input records: their
/// output, ready to write (JSONL or CSV), or the reports themselves for the
/// summary, and the counts.
struct Chunk {
    bytes: Vec<u8>,
    reports: Vec<(Report, Option<String>)>,
    total: u64,
    flagged: u64,
    bad: u64,
    /// The first unreadable record: its message, and where its report
    /// starts in `bytes` (what `--strict` writes before it stops).
    first_error: Option<(String, usize)>,
}

impl Chunk {
    fn new(
        s: &Screener,
        lines: &str,
        items: &[Item],
        format: OutFormat,
        min_level: Option<Level>,
    ) -> Chunk {
        let mut c = Chunk {
            bytes: Vec::new(),
            reports: Vec::new(),
            total: 0,
            flagged: 0,
            bad: 0,
            first_error: None,
        };
        for item in items {
            let (r, agency) = match item {
                Item::Line(at, line) => {
                    match netral::parse_line(lines.get(at.clone()).unwrap_or("")) {
                        Ok(act) => {
                            let mut r = s.screen(&act);
                            r.line = Some(*line);
                            (r, act.actor.and_then(|x| x.agency))
                        }
                        Err(e) => (
                            Report::error(
                                input::id_of(lines.get(at.clone()).unwrap_or("")),
                                *line,
                                format!("line {line}: {e}"),
                            ),
                            None,
                        ),
                    }
                }
                Item::Activity(act, line) => {
                    let mut r = s.screen(act);
                    r.line = Some(*line);
                    (r, act.actor.as_ref().and_then(|x| x.agency.clone()))
                }
                Item::Bad(line, id, msg) => (Report::error(id.clone(), *line, msg.clone()), None),
            };
            c.total += 1;
            let level = r.level_or_none();
            if let Some(e) = &r.error {
                c.bad += 1;
                if c.first_error.is_none() {
                    c.first_error = Some((e.clone(), c.bytes.len()));
                }
            } else if min_level.is_some_and(|m| level < m) {
                c.flagged += u64::from(level.is_flagged());
                continue;
            }
            c.flagged += u64::from(level.is_flagged());
            // Writing our own types into memory cannot fail.
            match format {
                OutFormat::Jsonl => {
                    json::report(&mut c.bytes, &r);
                    c.bytes.push(b'\n');
                }
                OutFormat::Csv => {
                    let _ = output::csv_row(&mut c.bytes, &r);
                }
                OutFormat::Summary => c.reports.push((r, agency)),
            }
        }
        c
    }
}

fn progress(size: Option<u64>, name: &str) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    // Created with its target so nothing is drawn anywhere else first.
    let bar = ProgressBar::with_draw_target(size, ProgressDrawTarget::stderr_with_hz(4));
    let style = match size {
        Some(_) => ProgressStyle::with_template(
            "{prefix} {bar:30} {bytes}/{total_bytes} {bytes_per_sec} eta {eta} {msg}",
        ),
        None => ProgressStyle::with_template("{prefix} {spinner} {elapsed} {msg}"),
    };
    bar.set_style(style.unwrap_or_else(|_| ProgressStyle::default_bar()));
    bar.set_prefix(name.to_string());
    bar
}

#[derive(clap::Args)]
pub struct EvalArgs {
    /// Labelled JSONL: activities plus `label` (partisan|neutral) and `stratum`.
    file: PathBuf,
    #[command(flatten)]
    rules: RuleOpts,
    /// Fail (exit 1) when overall F1 is below this.
    #[arg(long, value_name = "F1")]
    min_f1: Option<f64>,
    /// Fail when overall recall is below this.
    #[arg(long, value_name = "R")]
    min_recall: Option<f64>,
    /// Fail when the false-positive rate of any stratum is above this.
    #[arg(long, value_name = "FPR")]
    max_fpr: Option<f64>,
    /// Do not list the misclassified records.
    #[arg(long)]
    no_misses: bool,
}

pub fn eval(a: EvalArgs) -> u8 {
    let s = match screener(&a.rules, false) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let text = match std::fs::read_to_string(&a.file) {
        Ok(t) => t,
        Err(e) => {
            return io_fail(&io::Error::new(
                e.kind(),
                format!("cannot read {}: {e}", a.file.display()),
            ))
        }
    };
    let mut data = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match Labelled::parse(line) {
            Ok(l) => data.push(l),
            Err(e) => {
                eprintln!("{}:{}: {e}", a.file.display(), i + 1);
                return exit::USAGE;
            }
        }
    }
    let ev = evaluate(&s, &data);
    let mut out = io::stdout().lock();
    let row = |name: &str, c: &netral::eval::Counts| {
        format!(
            "{name:<14} {:>5} {:>9.3} {:>7.3} {:>7.3} {:>7.3}   tp {:<4} fp {:<4} tn {:<4} fn {}",
            c.total(),
            c.precision(),
            c.recall(),
            c.f1(),
            c.false_positive_rate(),
            c.tp,
            c.fp,
            c.tn,
            c.fn_
        )
    };
    let _ = writeln!(
        out,
        "{:<14} {:>5} {:>9} {:>7} {:>7} {:>7}",
        "stratum", "n", "precision", "recall", "f1", "fpr"
    );
    let _ = writeln!(out, "{}", row("overall", &ev.overall));
    for (name, c) in &ev.strata {
        let _ = writeln!(
            out,
            "{}",
            row(if name.is_empty() { "(none)" } else { name }, c)
        );
    }
    if !a.no_misses && !ev.misses.is_empty() {
        let _ = writeln!(out, "\nmisclassified ({}):", ev.misses.len());
        for m in &ev.misses {
            let kind = if m.record.partisan {
                "missed   "
            } else {
                "false pos"
            };
            let _ = writeln!(
                out,
                "  {kind} {} [{}] level={} score={:.2}: {}",
                m.record.activity.id,
                m.record.stratum,
                m.report.level_or_none(),
                m.report.score.unwrap_or(0.0),
                short(m.record.activity.text.as_deref().unwrap_or(""), 100)
            );
            for f in &m.report.findings {
                let _ = writeln!(
                    out,
                    "        {} {} `{}` {:.2}",
                    f.field, f.rule, f.text, f.score
                );
            }
        }
    }
    let mut failed = Vec::new();
    if let Some(t) = a.min_f1 {
        if ev.overall.f1() < t {
            failed.push(format!("F1 {:.3} < {t}", ev.overall.f1()));
        }
    }
    if let Some(t) = a.min_recall {
        if ev.overall.recall() < t {
            failed.push(format!("recall {:.3} < {t}", ev.overall.recall()));
        }
    }
    if let Some(t) = a.max_fpr {
        for (name, c) in &ev.strata {
            if c.false_positive_rate() > t {
                failed.push(format!(
                    "stratum {name} FPR {:.3} > {t}",
                    c.false_positive_rate()
                ));
            }
        }
    }
    if failed.is_empty() {
        exit::OK
    } else {
        eprintln!("netral eval: below thresholds: {}", failed.join("; "));
        exit::CHECK_FAILED
    }
}

fn short(s: &str, n: usize) -> String {
    let t: String = s.chars().take(n).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
}

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// The text to explain (a post). With --json, an activity as one JSON line.
    /// `-` reads stdin.
    text: String,
    /// Treat the argument as a JSON activity instead of post text.
    #[arg(long)]
    json: bool,
    /// Print the explanation as JSON.
    #[arg(long)]
    json_output: bool,
    #[command(flatten)]
    rules: RuleOpts,
}

pub fn explain(a: ExplainArgs) -> u8 {
    let s = match screener(&a.rules, false) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let raw = if a.text == "-" {
        let mut t = String::new();
        for line in io::stdin().lock().lines().map_while(Result::ok) {
            t.push_str(&line);
            t.push('\n');
        }
        t.trim_end().to_string()
    } else {
        a.text.clone()
    };
    let act = if a.json {
        match netral::parse_line(raw.trim()) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("netral explain: {e}");
                return exit::USAGE;
            }
        }
    } else {
        Activity::post("explain", raw)
    };
    let e = s.explain(&act);
    let mut out = io::stdout().lock();
    if a.json_output {
        // A typed struct keeps scores as f32 ("0.65"); json! would widen them.
        #[derive(serde::Serialize)]
        struct Field<'a> {
            name: &'a str,
            original: &'a str,
            normalized: &'a str,
        }
        #[derive(serde::Serialize)]
        struct Dropped<'a> {
            rule: &'a str,
            field: &'a str,
            text: &'a str,
            why: &'a str,
        }
        #[derive(serde::Serialize)]
        struct Lent<'a> {
            rule: &'a str,
            field: &'a str,
            text: &'a str,
            by: &'a str,
        }
        #[derive(serde::Serialize)]
        struct Out<'a> {
            report: &'a Report,
            fields: Vec<Field<'a>>,
            suppressed: Vec<Dropped<'a>>,
            lent: Vec<Lent<'a>>,
        }
        let out_value = Out {
            report: &e.report,
            fields: e
                .fields
                .iter()
                .map(|f| Field {
                    name: &f.name,
                    original: &f.original,
                    normalized: &f.normalized,
                })
                .collect(),
            suppressed: e
                .suppressed
                .iter()
                .map(|x| Dropped {
                    rule: &x.rule,
                    field: &x.field,
                    text: &x.text,
                    why: &x.why,
                })
                .collect(),
            lent: e
                .lent
                .iter()
                .map(|x| Lent {
                    rule: &x.rule,
                    field: &x.field,
                    text: &x.text,
                    by: &x.by,
                })
                .collect(),
        };
        match serde_json::to_string(&out_value) {
            Ok(j) => {
                let _ = writeln!(out, "{j}");
            }
            Err(err) => {
                eprintln!("netral explain: {err}");
                return exit::IO;
            }
        }
        return exit::OK;
    }
    let r = &e.report;
    let _ = writeln!(
        out,
        "level: {}   score: {:.3}   kind: {}",
        r.level_or_none(),
        r.score.unwrap_or(0.0),
        act.kind.as_str()
    );
    for f in &e.fields {
        let _ = writeln!(
            out,
            "\n[{}]\n  original:   {}\n  normalized: {}",
            f.name, f.original, f.normalized
        );
    }
    let _ = writeln!(out, "\nfindings:");
    if r.findings.is_empty() {
        let _ = writeln!(out, "  (none)");
    }
    for f in &r.findings {
        let _ = writeln!(
            out,
            "  {:<14} {:<28} {}[{}..{}] `{}` score {:.2}",
            f.category, f.rule, f.field, f.start, f.end, f.text, f.score
        );
        for c in &f.context {
            let _ = writeln!(out, "      {:+.2} by {} `{}`", c.delta, c.rule, c.text);
        }
    }
    if !e.lent.is_empty() {
        let _ = writeln!(out, "\ncounted through another field's words:");
        for x in &e.lent {
            let _ = writeln!(
                out,
                "  {:<28} {} `{}`: its needs met in {}",
                x.rule, x.field, x.text, x.by
            );
        }
    }
    if !e.suppressed.is_empty() {
        let _ = writeln!(out, "\nmatched but not counted:");
        for x in &e.suppressed {
            let _ = writeln!(out, "  {:<28} {} `{}`: {}", x.rule, x.field, x.text, x.why);
        }
    }
    if !r.reasons.is_empty() {
        let _ = writeln!(out, "\nwhy:");
        for x in &r.reasons {
            let _ = writeln!(out, "  {x}");
        }
    }
    if act.kind != Kind::Post {
        let rule = match act.kind {
            Kind::Comment => "a comment counts the target's score only when it approves (approval, call or praise)",
            Kind::Share => "a share counts the target's score, lowered by neutral context in the caption",
            _ => "a like or follow counts the target's score",
        };
        let _ = writeln!(out, "\n(kind `{}`: {rule})", act.kind.as_str());
    }
    exit::OK
}

#[derive(clap::Subcommand)]
pub enum RulesCommand {
    /// Validate rule files and print every problem with file:line:column,
    /// rule id and a hint, then warnings about the rules in DIR (no
    /// examples, an `unless` that never applies, a term in two rules, a
    /// pattern that runs on every text). Without DIR, checks the built-in rules.
    Check(CheckArgs),
    /// Run every rule's examples and print the ones that fail, and why.
    Test(RulesArgs),
    /// List rules: id, category, terms, patterns, reference, file.
    List(RulesArgs),
}

#[derive(clap::Args)]
pub struct RulesArgs {
    /// Rule directories, layered on the built-in rules in order.
    #[arg(value_name = "DIR")]
    dirs: Vec<PathBuf>,
    /// Only the given directories, without the built-in rules.
    #[arg(long)]
    no_default_rules: bool,
}

#[derive(clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    rules: RulesArgs,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    strict: bool,
}

fn load_for_rules(a: &RulesArgs) -> Result<Ruleset, u8> {
    let mut rules = if a.no_default_rules {
        Ruleset::new()
    } else {
        Ruleset::embedded()
    };
    let mut problems = 0;
    for d in &a.dirs {
        if let Err(e) = rules.add_dir(d) {
            println!("{e}");
            problems += e.errors().len();
        }
    }
    if problems > 0 {
        println!("\n{problems} problem(s)");
        return Err(exit::CHECK_FAILED);
    }
    Ok(rules)
}

pub fn rules(c: RulesCommand) -> u8 {
    match c {
        RulesCommand::Check(a) => {
            let rules = match load_for_rules(&a.rules) {
                Ok(r) => r,
                Err(c) => return c,
            };
            match Screener::new(&rules) {
                Ok(s) => {
                    // Warnings about the rules being checked: a team's
                    // directories, or the built-in rules when none is given.
                    let ours = |file: &str| {
                        a.rules.dirs.is_empty()
                            || a.rules.dirs.iter().any(|d| Path::new(file).starts_with(d))
                    };
                    let mut warnings = s.warnings(&rules);
                    warnings.retain(|w| ours(&w.at.file));
                    for w in &warnings {
                        println!("{w}");
                    }
                    if !warnings.is_empty() {
                        println!();
                    }
                    match s.check_examples() {
                        Ok(()) => {
                            println!(
                                "ok: {} rules, all examples pass, {} warning(s)",
                                s.rule_count(),
                                warnings.len()
                            );
                            if a.strict && !warnings.is_empty() {
                                exit::CHECK_FAILED
                            } else {
                                exit::OK
                            }
                        }
                        Err(e) => {
                            println!("{e}\n\n{} problem(s)", e.errors().len());
                            exit::CHECK_FAILED
                        }
                    }
                }
                Err(e) => {
                    println!("{e}\n\n{} problem(s)", e.errors().len());
                    exit::CHECK_FAILED
                }
            }
        }
        RulesCommand::Test(a) => {
            let rules = match load_for_rules(&a) {
                Ok(r) => r,
                Err(c) => return c,
            };
            let s = match Screener::new(&rules) {
                Ok(s) => s,
                Err(e) => {
                    println!("{e}");
                    return exit::CHECK_FAILED;
                }
            };
            let total: usize = rules
                .rules()
                .iter()
                .map(|r| r.examples_match.len() + r.examples_no_match.len())
                .sum();
            let failures = s.test_examples();
            for f in &failures {
                println!(
                    "FAIL {} [{}] {:?} should {}match: {}",
                    f.at,
                    f.rule,
                    f.text,
                    if f.expected_match { "" } else { "not " },
                    f.detail
                );
            }
            println!(
                "{} passed, {} failed",
                total - failures.len(),
                failures.len()
            );
            if failures.is_empty() {
                exit::OK
            } else {
                exit::CHECK_FAILED
            }
        }
        RulesCommand::List(a) => {
            let rules = match load_for_rules(&a) {
                Ok(r) => r,
                Err(c) => return c,
            };
            let mut out = io::stdout().lock();
            let _ = writeln!(
                out,
                "{:<32} {:<16} {:>5} {:>8}  {:<26} source",
                "id", "category", "terms", "patterns", "reference"
            );
            for r in rules.rules() {
                let res = writeln!(
                    out,
                    "{:<32} {:<16} {:>5} {:>8}  {:<26} {}",
                    r.id,
                    r.category.as_str(),
                    r.terms.len(),
                    r.patterns.len(),
                    r.reference,
                    r.at
                );
                if let Err(e) = res {
                    return io_fail(&e);
                }
            }
            exit::OK
        }
    }
}

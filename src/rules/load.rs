//! Parsing rule files into a layer, and the checks across layers.

use super::error::Locator;
use super::file::{FileDef, RuleDef};
use super::{
    is_date, Category, Election, ErrorCode, Layer, Located, Location, Need, Rule, RuleError,
    RuleErrors, RuleExample, Ruleset,
};
use crate::normalize::normalize;
use crate::{Activity, Kind};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use toml::Spanned;

struct Ctx<'a> {
    file: &'a str,
    loc: Locator,
    errors: Vec<RuleError>,
}

impl<'a> Ctx<'a> {
    fn at(&self, offset: usize) -> Location {
        let (line, column) = self.loc.locate(offset);
        Location {
            file: self.file.to_string(),
            line,
            column,
        }
    }

    fn located(&self, s: &Spanned<String>) -> Located {
        Located {
            value: s.get_ref().clone(),
            at: self.at(s.span().start),
        }
    }

    fn err(&mut self, code: ErrorCode, offset: usize, rule: Option<&str>, msg: String, hint: &str) {
        let (line, column) = self.loc.locate(offset);
        self.errors.push(RuleError {
            code,
            file: self.file.to_string(),
            line,
            column,
            rule_id: rule.map(str::to_string),
            message: msg,
            hint: (!hint.is_empty()).then(|| hint.to_string()),
        });
    }
}

/// Reads every `*.toml` below `dir`, sorted by path.
pub(crate) fn read_dir(dir: &Path) -> Result<Vec<(String, String)>, RuleErrors> {
    let mut paths = Vec::new();
    let mut errors = Vec::new();
    collect(dir, &mut paths, &mut errors);
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        match std::fs::read_to_string(&p) {
            Ok(t) => out.push((p.display().to_string(), t)),
            Err(e) => errors.push(io_error(&p.display().to_string(), &e.to_string())),
        }
    }
    if out.is_empty() && errors.is_empty() {
        errors.push(io_error(
            &dir.display().to_string(),
            "no .toml rule files found in this directory",
        ));
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(RuleErrors(errors))
    }
}

fn io_error(file: &str, msg: &str) -> RuleError {
    RuleError {
        code: ErrorCode::Io,
        file: file.to_string(),
        line: 0,
        column: 0,
        rule_id: None,
        message: format!("cannot read: {msg}"),
        hint: Some("check the path and that the files are readable UTF-8".into()),
    }
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>, errors: &mut Vec<RuleError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errors.push(io_error(&dir.display().to_string(), &e.to_string()));
            return;
        }
    };
    for entry in entries.flatten() {
        let p = entry.path();
        if p.is_dir() {
            collect(&p, out, errors);
        } else if p.extension().is_some_and(|e| e == "toml") {
            out.push(p);
        }
    }
}

/// Parses files into one layer; ids must be unique across them.
pub(crate) fn parse_layer(files: &[(&str, &str)]) -> Result<Layer, RuleErrors> {
    let mut layer = Layer::default();
    let mut errors = Vec::new();
    let mut seen: BTreeMap<String, Location> = BTreeMap::new();
    for (name, text) in files {
        let mut ctx = Ctx {
            file: name,
            loc: Locator::new(text),
            errors: Vec::new(),
        };
        match toml::from_str::<FileDef>(text) {
            Ok(def) => parse_file(&mut ctx, def, &mut layer, &mut seen),
            Err(e) => {
                let off = e.span().map(|s| s.start).unwrap_or(0);
                let msg = e.message().to_string();
                ctx.err(
                    ErrorCode::Syntax,
                    off,
                    None,
                    msg,
                    "see rules/README.md for the file format",
                );
            }
        }
        errors.extend(ctx.errors);
    }
    if errors.is_empty() {
        Ok(layer)
    } else {
        Err(RuleErrors(errors))
    }
}

fn parse_file(
    ctx: &mut Ctx<'_>,
    def: FileDef,
    layer: &mut Layer,
    seen: &mut BTreeMap<String, Location>,
) {
    for e in def.elections {
        let at = ctx.at(e.id.span().start);
        for d in [&e.start, &e.end] {
            if !is_date(d.get_ref()) {
                ctx.err(
                    ErrorCode::InvalidValue,
                    d.span().start,
                    None,
                    format!("`{}` is not a date", d.get_ref()),
                    "write dates as YYYY-MM-DD",
                );
            }
        }
        layer.elections.push((
            Election {
                id: e.id.into_inner(),
                name: e.name,
                start: e.start.into_inner(),
                end: e.end.into_inner(),
                off_period_factor: e.off_period_factor.unwrap_or(0.6).clamp(0.0, 1.0),
            },
            at,
        ));
    }
    for r in def.references {
        layer.references.push((r.id.into_inner(), r.title));
    }
    for (n, words) in def.numbers {
        match n.parse::<u32>() {
            Ok(v) => {
                for w in &words {
                    layer.numbers.push((v, ctx.located(w)));
                }
            }
            Err(_) => {
                let off = words.first().map(|w| w.span().start).unwrap_or(0);
                ctx.err(
                    ErrorCode::InvalidValue,
                    off,
                    None,
                    format!("number key `{n}` is not a whole number"),
                    "write number words as \"2\" = [\"dua\", \"loro\"]",
                );
            }
        }
    }
    for (k, v) in def.macros {
        let alts = v.iter().map(|s| ctx.located(s)).collect();
        layer.macros.push((k, alts));
    }
    if let Some(s) = def.scoring {
        layer.scoring = Some((s.high, s.medium, s.low, s.reach));
    }
    for d in &def.disable {
        layer.disabled.push(ctx.located(d));
    }
    let file_election = def.election.as_ref().map(|e| e.get_ref().clone());
    for r in def.rules {
        let off = r.get_ref().id.span().start;
        if let Some(rule) = parse_rule(ctx, r.into_inner(), file_election.clone()) {
            if let Some(prev) = seen.get(&rule.id) {
                ctx.err(
                    ErrorCode::DuplicateId,
                    off,
                    Some(&rule.id),
                    format!("the id is already used at {prev}"),
                    "give each rule its own id; to replace a default rule, put yours in a separate --rules directory",
                );
                continue;
            }
            seen.insert(rule.id.clone(), rule.at.clone());
            layer.rules.push(rule);
        }
    }
}

fn parse_rule(ctx: &mut Ctx<'_>, r: RuleDef, file_election: Option<String>) -> Option<Rule> {
    let id = r.id.get_ref().trim().to_string();
    let id_off = r.id.span().start;
    let before = ctx.errors.len();
    if id.is_empty() || id.chars().any(|c| c.is_whitespace()) {
        ctx.err(
            ErrorCode::InvalidValue,
            id_off,
            None,
            format!("rule id `{}` is empty or has spaces", r.id.get_ref()),
            "use ids like `party.gerindra` or `call.coblos`",
        );
    }
    let category = Category::parse(r.category.get_ref().trim());
    if category.is_none() {
        let names: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
        ctx.err(
            ErrorCode::UnknownCategory,
            r.category.span().start,
            Some(&id),
            format!("unknown category `{}`", r.category.get_ref()),
            &format!("use one of: {}", names.join(", ")),
        );
    }
    if r.description.get_ref().trim().is_empty() {
        ctx.err(
            ErrorCode::InvalidValue,
            r.description.span().start,
            Some(&id),
            "the description is empty".into(),
            "say in a sentence what the rule recognizes and why",
        );
    }
    let is_context = category.is_some_and(|c| c.is_context());
    if r.terms.is_empty() && r.patterns.is_empty() && r.original.is_empty() {
        ctx.err(
            ErrorCode::InvalidValue,
            id_off,
            Some(&id),
            "the rule has neither terms nor patterns".into(),
            "add terms = [\"...\"] or patterns = [\"...\"]",
        );
    }
    for t in r.terms.iter().chain(r.unless.iter()) {
        check_term(ctx, t, &id);
    }
    for p in r
        .patterns
        .iter()
        .chain(r.unless_patterns.iter())
        .chain(r.original.iter())
    {
        if p.get_ref().trim().is_empty() {
            ctx.err(
                ErrorCode::EmptyTerm,
                p.span().start,
                Some(&id),
                "empty pattern".into(),
                "remove it or write a regex",
            );
        }
    }
    let needs = parse_needs(ctx, &r.needs, &id, "needs");
    let needs_also = parse_needs(ctx, &r.needs_also, &id, "needs_also");
    let mut applies_to = Vec::new();
    for a in &r.applies_to {
        match Category::parse(a.get_ref().trim()) {
            Some(c) => applies_to.push(c),
            None => ctx.err(
                ErrorCode::UnknownCategory,
                a.span().start,
                Some(&id),
                format!("`applies_to` names unknown category `{}`", a.get_ref()),
                "use category names such as party, candidate, number",
            ),
        }
    }
    for f in &r.fields {
        let v = f.get_ref().trim();
        let known = ["text", "target", "target.author", "target.text", "media"];
        if !known.contains(&v) {
            ctx.err(
                ErrorCode::InvalidValue,
                f.span().start,
                Some(&id),
                format!("unknown field `{v}` in `fields`"),
                "use text, target, target.author, target.text or media",
            );
        }
    }
    let mut kinds = Vec::new();
    for k in &r.kinds {
        let v = k.get_ref().trim();
        // Written as in the input's JSON: lowercase.
        match Kind::parse(v).filter(|kind| kind.as_str() == v) {
            Some(kind) => kinds.push(kind),
            None => ctx.err(
                ErrorCode::InvalidValue,
                k.span().start,
                Some(&id),
                format!("unknown activity kind `{v}` in `kinds`"),
                "use post, comment, share, like or follow",
            ),
        }
    }
    let score = match &r.score {
        Some(s) if !(0.0..=1.0).contains(s.get_ref()) => {
            ctx.err(
                ErrorCode::InvalidValue,
                s.span().start,
                Some(&id),
                format!("score {} is outside 0.0..=1.0", s.get_ref()),
                "scores are between 0.0 and 1.0",
            );
            0.0
        }
        Some(s) => *s.get_ref(),
        None => category.map(|c| c.default_score()).unwrap_or(0.0),
    };
    let effect = match &r.effect {
        Some(e) if !(-1.0..=1.0).contains(e.get_ref()) => {
            ctx.err(
                ErrorCode::InvalidValue,
                e.span().start,
                Some(&id),
                format!("effect {} is outside -1.0..=1.0", e.get_ref()),
                "effects are between -1.0 (lowers) and 1.0 (raises)",
            );
            0.0
        }
        Some(e) => *e.get_ref(),
        None => match category {
            Some(Category::ContextNeutral) => -0.25,
            Some(Category::ContextPartisan) => 0.15,
            _ => 0.0,
        },
    };
    if r.effect.is_some() && !is_context {
        ctx.err(
            ErrorCode::InvalidValue,
            r.effect.as_ref().map(|e| e.span().start).unwrap_or(id_off),
            Some(&id),
            "`effect` is only for context_neutral and context_partisan rules".into(),
            "use `score` for other categories",
        );
    }
    if ctx.errors.len() > before {
        return None;
    }
    let category = category?;
    let election = r
        .election
        .as_ref()
        .map(|e| e.get_ref().clone())
        .or(file_election);
    let examples_match = examples(ctx, &r.examples.matches, &id);
    let examples_no_match = examples(ctx, &r.examples.no_match, &id);
    Some(Rule {
        at: ctx.at(id_off),
        id,
        category,
        description: r.description.into_inner(),
        reference: r.reference.get_ref().trim().to_string(),
        terms: r.terms.iter().map(|t| ctx.located(t)).collect(),
        patterns: r.patterns.iter().map(|t| ctx.located(t)).collect(),
        original: r.original.iter().map(|t| ctx.located(t)).collect(),
        unless: r.unless.iter().map(|t| ctx.located(t)).collect(),
        unless_patterns: r.unless_patterns.iter().map(|t| ctx.located(t)).collect(),
        needs,
        needs_also,
        needs_window: r.needs_window.unwrap_or(8),
        entity: r.entity,
        camp: r.camp,
        number: r.number,
        score,
        reach: r.reach,
        effect,
        window: r.window.unwrap_or(12),
        applies_to,
        election,
        fields: r
            .fields
            .iter()
            .map(|f| f.get_ref().trim().to_string())
            .collect(),
        kinds,
        false_positives: r.false_positives,
        examples_match,
        examples_no_match,
    })
}

/// A `needs` or `needs_also` list: `@category` entries and phrases.
fn parse_needs(ctx: &mut Ctx<'_>, list: &[Spanned<String>], id: &str, field: &str) -> Vec<Need> {
    let mut needs = Vec::new();
    for n in list {
        let v = n.get_ref().trim();
        if let Some(cat) = v.strip_prefix('@') {
            match Category::parse(cat) {
                Some(c) => needs.push(Need::Category(c)),
                None => ctx.err(
                    ErrorCode::UnknownCategory,
                    n.span().start,
                    Some(id),
                    format!("`{field}` names unknown category `{v}`"),
                    "write @party, @candidate, @pair, @number, @campaign_call, ... or a plain phrase",
                ),
            }
        } else {
            let norm = normalize(v);
            if norm.as_str().is_empty() {
                check_term(ctx, n, id);
            } else {
                needs.push(Need::Phrase(norm.as_str().to_string()));
            }
        }
    }
    needs
}

/// The examples of rule `id`, each a string (a post's text) or a table (an
/// activity); a table that is not an activity is reported and left out.
fn examples(ctx: &mut Ctx<'_>, list: &[Spanned<toml::Value>], id: &str) -> Vec<RuleExample> {
    let mut out = Vec::new();
    for v in list {
        let at = v.span().start;
        match example_activity(v.get_ref()) {
            Ok(activity) => out.push(RuleExample {
                activity,
                at: ctx.at(at),
            }),
            Err(msg) => ctx.err(
                ErrorCode::InvalidValue,
                at,
                Some(id),
                msg,
                "write a post's text as a string, or an activity as a table: \
                 { kind = \"follow\", target = { author = \"@x\", text = \"bio\" } }",
            ),
        }
    }
    out
}

/// The activity an example stands for, or what is wrong with it.
fn example_activity(v: &toml::Value) -> Result<Activity, String> {
    const TOP: [&str; 6] = ["kind", "text", "target", "media", "created_at", "platform"];
    const TARGET: [&str; 2] = ["author", "text"];
    const MEDIA: [&str; 3] = ["alt_text", "ocr_text", "tags"];
    let table = match v {
        toml::Value::String(s) => return Ok(Activity::post("example", s.clone())),
        toml::Value::Table(t) => t,
        other => {
            let what = other.type_str();
            let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            return Err(format!(
                "an example is a string or a table, not {article} {what}"
            ));
        }
    };
    let unknown = |t: &toml::Table, known: &[&str], place: &str| -> Result<(), String> {
        match t.keys().find(|k| !known.contains(&k.as_str())) {
            Some(k) => Err(format!(
                "unknown field `{k}` in {place}; expected one of {}",
                known.join(", ")
            )),
            None => Ok(()),
        }
    };
    unknown(table, &TOP, "an example")?;
    if let Some(toml::Value::Table(t)) = table.get("target") {
        unknown(t, &TARGET, "an example's target")?;
    }
    if let Some(toml::Value::Array(media)) = table.get("media") {
        for m in media {
            if let toml::Value::Table(t) = m {
                unknown(t, &MEDIA, "an example's media")?;
            }
        }
    }
    let mut with_id = table.clone();
    with_id.insert("id".into(), toml::Value::String("example".into()));
    toml::Value::Table(with_id)
        .try_into::<Activity>()
        .map_err(|e| format!("the example is not an activity: {}", e.message().trim_end()))
}

fn check_term(ctx: &mut Ctx<'_>, t: &Spanned<String>, id: &str) {
    if t.get_ref().trim().is_empty() {
        ctx.err(
            ErrorCode::EmptyTerm,
            t.span().start,
            Some(id),
            "empty or whitespace-only term".into(),
            "remove it, or write the word the rule should find",
        );
    } else if normalize(t.get_ref()).as_str().is_empty() {
        ctx.err(
            ErrorCode::EmptyTerm,
            t.span().start,
            Some(id),
            format!("term `{}` normalizes to nothing", t.get_ref()),
            "terms need at least one letter, digit, emoji or symbol; punctuation alone is removed",
        );
    }
}

/// Checks across all layers: references, elections, disables.
pub(crate) fn validate(rules: &Ruleset) -> Result<(), RuleErrors> {
    let refs = rules.references();
    let elections = rules.elections();
    let mut errors = Vec::new();
    let err = |code, at: &Location, id: Option<&str>, msg: String, hint: &str| RuleError {
        code,
        file: at.file.clone(),
        line: at.line,
        column: at.column,
        rule_id: id.map(str::to_string),
        message: msg,
        hint: Some(hint.to_string()),
    };
    let mut defined: BTreeSet<&str> = BTreeSet::new();
    for layer in &rules.layers {
        for d in &layer.disabled {
            if !defined.contains(d.value.as_str()) {
                errors.push(err(
                    ErrorCode::UnknownRule,
                    &d.at,
                    Some(&d.value),
                    format!(
                        "`disable` names `{}`, which no earlier layer defines",
                        d.value
                    ),
                    "run `netral rules list` to see the ids of the loaded rules",
                ));
            }
        }
        for r in &layer.rules {
            defined.insert(&r.id);
        }
    }
    for r in rules.rules() {
        if !refs.contains_key(&r.reference) {
            errors.push(err(
                ErrorCode::UnknownReference,
                &r.at,
                Some(&r.id),
                format!("unknown reference `{}`", r.reference),
                "use an id from rules/references.toml (e.g. ASN-E2-SOCMED-CAMPAIGN), or declare it in a [[references]] table",
            ));
        }
        if let Some(e) = &r.election {
            if !elections.contains_key(e) {
                errors.push(err(
                    ErrorCode::UnknownElection,
                    &r.at,
                    Some(&r.id),
                    format!("unknown election `{e}`"),
                    "declare it in an [[elections]] table with id, name, start and end",
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(RuleErrors(errors))
    }
}

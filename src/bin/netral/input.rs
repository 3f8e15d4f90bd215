//! Reading activities: JSONL or CSV, plain or gzip, from files or stdin.
//!
//! Every input record becomes exactly one [`Item`]: an activity, or the
//! error that stopped it from being one (with its line number).

use flate2::read::MultiGzDecoder;
use netral::{Activity, Actor, Kind, Media, Target};
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// One input record.
pub enum Item {
    /// A readable activity and its 1-based line.
    Activity(Box<Activity>, u64),
    /// A JSONL line not parsed yet (parsing happens on the worker threads):
    /// its place in the batch's text, and its line number.
    Line(std::ops::Range<usize>, u64),
    /// An unreadable record: line, id if known, what was wrong.
    Bad(u64, String, String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Decide from the file name (.csv, .csv.gz) or the first line.
    Auto,
    /// One JSON object per line (the DESIGN.md contract).
    Jsonl,
    /// CSV with a header row.
    Csv,
}

/// An open input, already unzipped.
pub struct Input {
    pub name: String,
    pub size: Option<u64>,
    reader: Box<dyn BufRead + Send>,
    csv: bool,
}

/// Opens `path` (`-` is stdin), detecting gzip by its magic bytes.
pub fn open(path: &str, format: Format) -> io::Result<Input> {
    let (raw, size): (Box<dyn Read + Send>, Option<u64>) = if path == "-" {
        (Box::new(io::stdin()), None)
    } else {
        let f = File::open(path)
            .map_err(|e| io::Error::new(e.kind(), format!("cannot open {path}: {e}")))?;
        let size = f.metadata().ok().map(|m| m.len());
        (Box::new(f), size)
    };
    let mut buf = BufReader::with_capacity(1 << 16, raw);
    let gz = buf.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    let mut reader: Box<dyn BufRead + Send> = if gz {
        Box::new(BufReader::with_capacity(1 << 16, MultiGzDecoder::new(buf)))
    } else {
        Box::new(buf)
    };
    let stem = path.trim_end_matches(".gz").trim_end_matches(".gzip");
    let csv = match format {
        Format::Csv => true,
        Format::Jsonl => false,
        Format::Auto => {
            if Path::new(stem)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
            {
                true
            } else if stem.ends_with(".jsonl")
                || stem.ends_with(".json")
                || stem.ends_with(".ndjson")
            {
                false
            } else {
                let head = reader.fill_buf()?;
                let first = head
                    .iter()
                    .position(|&b| b == b'\n')
                    .map(|i| &head[..i])
                    .unwrap_or(head);
                let first = String::from_utf8_lossy(first);
                let t = first.trim_start_matches('\u{feff}').trim_start();
                !t.is_empty()
                    && !t.starts_with('{')
                    && t.contains(',')
                    && t.to_ascii_lowercase().contains("id")
            }
        }
    };
    Ok(Input {
        name: path.to_string(),
        size: if gz { None } else { size },
        reader,
        csv,
    })
}

/// Reads records in batches so memory stays flat whatever the input size.
pub struct Records {
    inner: Inner,
    pub bytes_read: u64,
}

enum Inner {
    Jsonl {
        reader: Box<dyn BufRead + Send>,
        line: u64,
        max: usize,
        buf: Vec<u8>,
    },
    Csv {
        reader: Box<csv::Reader<Box<dyn BufRead + Send>>>,
        columns: Columns,
        record: csv::StringRecord,
        header_error: Option<String>,
        done: bool,
    },
}

impl Records {
    pub fn new(input: Input, max_line: usize) -> Records {
        let inner = if input.csv {
            let mut reader = csv::ReaderBuilder::new()
                .flexible(true)
                .has_headers(true)
                .from_reader(input.reader);
            let (columns, header_error) = match reader.headers() {
                Ok(h) => Columns::from_header(h),
                Err(e) => (
                    Columns::default(),
                    Some(format!("cannot read the CSV header: {e}")),
                ),
            };
            Inner::Csv {
                reader: Box::new(reader),
                columns,
                record: csv::StringRecord::new(),
                header_error,
                done: false,
            }
        } else {
            Inner::Jsonl {
                reader: input.reader,
                line: 0,
                max: max_line,
                buf: Vec::new(),
            }
        };
        Records {
            inner,
            bytes_read: 0,
        }
    }

    /// Up to `n` more records, read into `out` (a spent batch, so its
    /// buffers are reused); empty at the end. I/O failures are returned.
    pub fn next_batch(&mut self, n: usize, mut out: Batch) -> io::Result<Batch> {
        out.text.clear();
        out.items.clear();
        while out.items.len() < n {
            match self.next_item(&mut out.text)? {
                Some(item) => out.items.push(item),
                None => break,
            }
        }
        Ok(out)
    }

    /// The next record; a JSONL line's text goes onto the end of `text`.
    fn next_item(&mut self, out_text: &mut String) -> io::Result<Option<Item>> {
        match &mut self.inner {
            Inner::Jsonl {
                reader,
                line,
                max,
                buf,
            } => {
                buf.clear();
                let (n, too_long) = read_line_limited(reader, buf, *max)?;
                if n == 0 {
                    return Ok(None);
                }
                self.bytes_read += n as u64;
                *line += 1;
                if too_long {
                    return Ok(Some(Item::Bad(
                        *line,
                        String::new(),
                        format!("line {line} is longer than the limit of {max} bytes (see --max-line-bytes)"),
                    )));
                }
                while buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
                    buf.pop();
                }
                let text = match std::str::from_utf8(buf) {
                    Ok(t) => t,
                    Err(e) => {
                        return Ok(Some(Item::Bad(
                            *line,
                            String::new(),
                            format!("line {line} is not valid UTF-8 (byte {})", e.valid_up_to()),
                        )))
                    }
                };
                let text = text.trim_start_matches('\u{feff}');
                if text.trim().is_empty() {
                    return Ok(Some(Item::Bad(
                        *line,
                        String::new(),
                        format!("line {line} is empty"),
                    )));
                }
                let at = out_text.len();
                out_text.push_str(text);
                Ok(Some(Item::Line(at..out_text.len(), *line)))
            }
            Inner::Csv {
                reader,
                columns,
                record,
                header_error,
                done,
            } => {
                if *done {
                    return Ok(None);
                }
                if let Some(e) = header_error.take() {
                    *done = true;
                    return Ok(Some(Item::Bad(1, String::new(), format!("line 1: {e}"))));
                }
                match reader.read_record(record) {
                    Ok(false) => Ok(None),
                    Ok(true) => {
                        let line = record.position().map(|p| p.line()).unwrap_or(0);
                        self.bytes_read = record.position().map(|p| p.byte()).unwrap_or(0);
                        Ok(Some(columns.activity(record, line)))
                    }
                    Err(e) => {
                        let line = e.position().map(|p| p.line()).unwrap_or(0);
                        if let csv::ErrorKind::Io(io) = e.kind() {
                            return Err(io::Error::new(io.kind(), io.to_string()));
                        }
                        Ok(Some(Item::Bad(
                            line,
                            String::new(),
                            format!("line {line}: invalid CSV: {e}"),
                        )))
                    }
                }
            }
        }
    }
}

/// Reads one line into `buf`, keeping at most `max` bytes; returns bytes
/// consumed and whether the line was cut.
fn read_line_limited(
    r: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> io::Result<(usize, bool)> {
    let mut consumed = 0;
    let mut too_long = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok((consumed, too_long));
        }
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if !too_long {
            let room = max.saturating_sub(buf.len());
            if take > room + usize::from(done) {
                too_long = true;
                buf.clear();
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        r.consume(take);
        consumed += take;
        if done {
            return Ok((consumed, too_long));
        }
    }
}

/// The `id` of a line that failed to parse, if it can still be seen.
pub fn id_of(text: &str) -> String {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v.get("id").and_then(|i| i.as_str()).map(str::to_string))
        .unwrap_or_default()
}

/// Records read together: their items, and one buffer holding the text of
/// every JSONL line among them (one allocation per batch, not per line).
#[derive(Default)]
pub struct Batch {
    pub text: String,
    pub items: Vec<Item>,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Which CSV column holds which field.
#[derive(Default)]
struct Columns {
    id: Option<usize>,
    kind: Option<usize>,
    text: Option<usize>,
    target_author: Option<usize>,
    target_text: Option<usize>,
    created_at: Option<usize>,
    actor_id: Option<usize>,
    actor_name: Option<usize>,
    agency: Option<usize>,
    platform: Option<usize>,
    alt_text: Option<usize>,
    ocr_text: Option<usize>,
    tags: Option<usize>,
}

impl Columns {
    fn from_header(h: &csv::StringRecord) -> (Columns, Option<String>) {
        let mut c = Columns::default();
        for (i, name) in h.iter().enumerate() {
            let n = name
                .trim()
                .trim_start_matches('\u{feff}')
                .to_ascii_lowercase()
                .replace(['.', ' ', '-'], "_");
            let slot = match n.as_str() {
                "id" => &mut c.id,
                "kind" | "type" => &mut c.kind,
                "text" | "body" | "content" => &mut c.text,
                "target_author" | "author" => &mut c.target_author,
                "target_text" => &mut c.target_text,
                "created_at" | "date" | "timestamp" => &mut c.created_at,
                "actor_id" => &mut c.actor_id,
                "actor_name" | "name" => &mut c.actor_name,
                "agency" | "actor_agency" => &mut c.agency,
                "platform" => &mut c.platform,
                "alt_text" | "media_alt_text" => &mut c.alt_text,
                "ocr_text" | "media_ocr_text" => &mut c.ocr_text,
                "tags" | "media_tags" => &mut c.tags,
                _ => continue,
            };
            *slot = Some(i);
        }
        let err = match (c.id, c.kind) {
            (None, _) => Some("the header has no `id` column".to_string()),
            (_, None) => Some("the header has no `kind` column".to_string()),
            _ => None,
        };
        (c, err)
    }

    fn activity(&self, r: &csv::StringRecord, line: u64) -> Item {
        let get = |i: Option<usize>| {
            i.and_then(|i| r.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let id = get(self.id).unwrap_or_default();
        if id.is_empty() {
            return Item::Bad(
                line,
                id,
                format!("line {line}: missing required field `id`"),
            );
        }
        let kind = match get(self.kind).as_deref().map(Kind::parse) {
            Some(Some(k)) => k,
            Some(None) | None => {
                return Item::Bad(
                    line,
                    id,
                    format!("line {line}: `kind` must be post, comment, share, like or follow"),
                )
            }
        };
        let target = Target {
            author: get(self.target_author),
            text: get(self.target_text),
        };
        let media = Media {
            alt_text: get(self.alt_text),
            ocr_text: get(self.ocr_text),
            tags: get(self.tags)
                .map(|t| {
                    t.split([';', '|'])
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
        };
        let has_media =
            media.alt_text.is_some() || media.ocr_text.is_some() || !media.tags.is_empty();
        let actor = Actor {
            id: get(self.actor_id),
            name: get(self.actor_name),
            agency: get(self.agency),
        };
        let has_actor = actor.id.is_some() || actor.name.is_some() || actor.agency.is_some();
        Item::Activity(
            Box::new(Activity {
                id,
                kind,
                text: get(self.text),
                target: (target.author.is_some() || target.text.is_some()).then_some(target),
                media: if has_media { vec![media] } else { Vec::new() },
                created_at: get(self.created_at),
                actor: has_actor.then_some(actor),
                platform: get(self.platform),
            }),
            line,
        )
    }
}

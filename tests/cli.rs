//! The `netral` binary driven over real files, as batch jobs and rule authors use it.

use assert_cmd::Command;
use std::io::{Read, Write};
use std::process::Stdio;

fn netral() -> Command {
    Command::cargo_bin("netral").expect("binary built")
}

fn reports(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

const GOOD: &str = r#"{"id":"a","kind":"post","text":"Selamat pagi"}
{"id":"b","kind":"post","text":"14 Feb coblos PKB nomor 1!"}
{"id":"c","kind":"like","target":{"author":"@gerindra","text":"Coblos nomor 2"}}
"#;

#[test]
fn scan_writes_one_report_per_line_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("in.jsonl");
    std::fs::write(&f, GOOD).unwrap();
    let out = netral().args(["scan", "--quiet"]).arg(&f).output().unwrap();
    assert!(out.status.success());
    let r = reports(&out.stdout);
    let ids: Vec<&str> = r.iter().map(|x| x["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(r[0]["level"], "none");
    assert_eq!(r[1]["level"], "high");
    assert_eq!(r[2]["level"], "high");
}

#[test]
fn bad_lines_become_error_reports_with_line_numbers() {
    let mut input: Vec<u8> = Vec::new();
    input.extend_from_slice(b"\xef\xbb\xbf{\"id\":\"bom\",\"kind\":\"post\",\"text\":\"halo\"}\n"); // 1: BOM
    input.extend_from_slice(b"{not json\n"); // 2
    input.extend_from_slice(b"{\"kind\":\"post\",\"text\":\"no id\"}\n"); // 3
    input.extend_from_slice(b"{\"id\":\"nokind\",\"text\":\"x\"}\n"); // 4
    input.extend_from_slice(b"\n"); // 5: empty
    input.extend_from_slice(b"{\"id\":\"utf\",\"kind\":\"post\",\"text\":\"\xff\xfe\"}\n"); // 6
    input.extend_from_slice(
        format!(
            "{{\"id\":\"long\",\"kind\":\"post\",\"text\":\"{}\"}}\n",
            "a".repeat(5000)
        )
        .as_bytes(),
    ); // 7
    input.extend_from_slice(b"{\"id\":\"ok\",\"kind\":\"post\",\"text\":\"coblos 02\"}"); // 8: no final newline
    let out = netral()
        .args(["scan", "-", "--max-line-bytes", "1000"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r = reports(&out.stdout);
    assert_eq!(r.len(), 8, "inputs in = reports out");
    assert_eq!(r[0]["id"], "bom");
    assert_eq!(r[0]["level"], "none");
    for (i, needle) in [
        (1, "invalid JSON"),
        (2, "`id`"),
        (3, "`kind`"),
        (4, "empty"),
        (5, "UTF-8"),
        (6, "longer than"),
    ] {
        let e = r[i]["error"]
            .as_str()
            .unwrap_or_else(|| panic!("line {} has no error", i + 1));
        assert!(e.contains(needle), "line {}: {e}", i + 1);
        assert_eq!(r[i]["line"], (i + 1) as u64);
    }
    assert_eq!(r[7]["id"], "ok");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("6 unreadable lines"), "{stderr}");
}

#[test]
fn strict_stops_at_the_first_bad_line() {
    let out = netral()
        .args(["scan", "--strict", "-"])
        .write_stdin("{\"id\":\"a\",\"kind\":\"post\"}\nnope\n{\"id\":\"b\",\"kind\":\"post\"}\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2"));
}

#[test]
fn csv_and_gzip_inputs_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "id,kind,text,target_author,target_text,agency\n\
               c1,post,\"Ayo coblos Gerindra, nomor 2!\",,,Dinas A\n\
               c2,like,,@psi_id,\"Coblos PSI nomor 15\",Dinas B\n\
               c3,poke,hmm,,,\n";
    let csv_path = dir.path().join("export.csv");
    std::fs::write(&csv_path, csv).unwrap();
    let gz_path = dir.path().join("export.jsonl.gz");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(GOOD.as_bytes()).unwrap();
    std::fs::write(&gz_path, gz.finish().unwrap()).unwrap();
    let out = netral()
        .args(["scan", "-q"])
        .arg(&csv_path)
        .arg(&gz_path)
        .output()
        .unwrap();
    assert!(out.status.success());
    let r = reports(&out.stdout);
    let ids: Vec<&str> = r.iter().map(|x| x["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["c1", "c2", "c3", "a", "b", "c"]);
    assert_eq!(r[0]["level"], "high");
    assert_eq!(r[1]["level"], "high");
    assert!(r[2]["error"].as_str().unwrap().contains("kind"));
    assert_eq!(r[2]["line"], 4);
}

#[test]
fn output_file_is_written_whole_and_filters_apply() {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join("flagged.jsonl");
    let st = netral()
        .args(["scan", "-q", "--min-level", "medium", "-o"])
        .arg(&out_path)
        .arg("-")
        .write_stdin(GOOD)
        .assert();
    st.success();
    let text = std::fs::read_to_string(&out_path).unwrap();
    let r = reports(text.as_bytes());
    assert_eq!(r.len(), 2);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind");
}

#[test]
fn summary_and_csv_formats() {
    let out = netral()
        .args(["scan", "-q", "--format", "summary", "-"])
        .write_stdin(GOOD)
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("reports: 3"), "{s}");
    assert!(s.contains("high"), "{s}");
    assert!(s.contains("party.pkb"), "{s}");
    let out = netral()
        .args(["scan", "-q", "--format", "csv", "-"])
        .write_stdin(GOOD)
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert_eq!(s.lines().count(), 4);
    assert!(s.starts_with("id,line,level,score"));
}

#[test]
fn a_closed_pipe_ends_the_job_quietly() {
    let mut input = String::new();
    for i in 0..60_000 {
        input.push_str(&format!(
            "{{\"id\":\"p{i}\",\"kind\":\"post\",\"text\":\"coblos nomor {}\"}}\n",
            i % 3 + 1
        ));
    }
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("netral"))
        .args(["scan", "-q", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let status = child.wait().unwrap();
    let _ = writer.join();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(0), "stderr: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn rules_check_and_test_on_good_and_broken_directories() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good");
    std::fs::create_dir(&good).unwrap();
    std::fs::write(
        good.join("kukar.toml"),
        r#"
[[rule]]
id = "pilkada.kukar.darmawan"
category = "candidate"
description = "Calon bupati Kukar nomor 1"
reference = "ASN-E2-SOCMED-CAMPAIGN"
number = 1
terms = ["Pak Darmawan"]
examples.match = ["dukung Pak Darmawan"]
"#,
    )
    .unwrap();
    netral()
        .args(["rules", "check"])
        .arg(&good)
        .assert()
        .success();
    netral()
        .args(["rules", "test"])
        .arg(&good)
        .assert()
        .success();

    let broken = dir.path().join("broken");
    std::fs::create_dir(&broken).unwrap();
    std::fs::write(
        broken.join("bad.toml"),
        r#"
[[rule]]
id = "x.one"
category = "weather"
description = "bad category"
reference = "ASN-E2-SOCMED-CAMPAIGN"
terms = ["hujan"]

[[rule]]
id = "x.two"
category = "party"
description = "bad regex and empty term"
reference = "ASN-E2-SOCMED-CAMPAIGN"
terms = ["  "]
patterns = ["(unclosed"]
"#,
    )
    .unwrap();
    let out = netral()
        .args(["rules", "check"])
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("bad.toml:4:12"), "{s}");
    assert!(s.contains("unknown category `weather`"), "{s}");
    assert!(s.contains("x.two"), "{s}");
    assert!(s.contains("empty"), "{s}");
    assert!(s.contains("hint:"), "{s}");

    let failing = dir.path().join("failing");
    std::fs::create_dir(&failing).unwrap();
    std::fs::write(
        failing.join("f.toml"),
        r#"
[[rule]]
id = "x.example"
category = "candidate"
description = "an example that cannot match"
reference = "ASN-E2-SOCMED-CAMPAIGN"
terms = ["Pak Budiman"]
examples.match = ["Pak Budi saja"]
"#,
    )
    .unwrap();
    let out = netral()
        .args(["rules", "test"])
        .arg(&failing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("FAIL") && s.contains("f.toml:8:"), "{s}");
    let out = netral()
        .args(["scan", "--rules"])
        .arg(&failing)
        .arg("-")
        .write_stdin(GOOD)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "scan refuses rules whose examples fail"
    );
}

#[test]
fn rules_list_and_explain() {
    let out = netral().args(["rules", "list"]).output().unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("party.gerindra") && s.contains("rules/common/parties.toml"),
        "{s}"
    );
    let out = netral()
        .args(["explain", "Ayo coblos G.e.r.i.n.d.r.a!"])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("normalized: ayo coblos gerindra"), "{s}");
    assert!(s.contains("`G.e.r.i.n.d.r.a`"), "{s}");
    assert!(s.contains("level: high"), "{s}");
    let out = netral()
        .args([
            "explain",
            "--json",
            r#"{"id":"x","kind":"like","target":{"author":"@gerindra"}}"#,
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("account.party"));
    // A photo's match that counted through its caption's words says so.
    let photo = r#"{"id":"p","kind":"post","text":"Mampir sebentar","media":[{"ocr_text":"POSKO PEMENANGAN AMIN"}]}"#;
    let out = netral()
        .args(["explain", "--json", photo])
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("counted through another field's words:"), "{s}");
    assert!(
        s.contains("media[0].ocr_text `POSKO PEMENANGAN`: its needs met in text"),
        "{s}"
    );
}

#[test]
fn eval_exits_non_zero_below_thresholds() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("l.jsonl");
    std::fs::write(
        &f,
        "{\"id\":\"1\",\"kind\":\"post\",\"text\":\"coblos PKB nomor 1\",\"label\":\"partisan\",\"stratum\":\"plain\"}\n\
         {\"id\":\"2\",\"kind\":\"post\",\"text\":\"selamat pagi\",\"label\":\"partisan\",\"stratum\":\"plain\"}\n",
    )
    .unwrap();
    let out = netral()
        .arg("eval")
        .arg(&f)
        .args(["--min-f1", "0.9"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("missed"));
    netral()
        .arg("eval")
        .arg(&f)
        .args(["--min-f1", "0.6"])
        .assert()
        .success();
}

#[test]
fn help_reads_well() {
    let out = netral().arg("--help").output().unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    for needle in ["scan", "eval", "explain", "rules", "Exit codes"] {
        assert!(s.contains(needle), "{s}");
    }
    let out = netral().args(["scan", "--help"]).output().unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.contains("--min-level") && s.contains("--strict") && s.contains("--rules"),
        "{s}"
    );
}

#[test]
fn rules_check_warns_about_the_checked_directory_and_strict_fails_on_it() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("team.toml"),
        r#"
[[rule]]
id = "team.darmawan"
category = "candidate"
description = "Pak Darmawan, a Kukar candidate"
reference = "ASN-E2-SOCMED-CAMPAIGN"
terms = ["Pak Darmawan"]
unless = ["Pak Darmawn guru"]
"#,
    )
    .unwrap();
    let out = netral()
        .args(["rules", "check"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(s.contains("team.toml:3:6: warning[W001]"), "{s}");
    assert!(s.contains("team.toml:8:11: warning[W002]"), "{s}");
    assert!(s.contains("2 warning(s)"), "{s}");
    // Only the checked directory: the built-in rules have none to show.
    assert!(!s.contains("rules/common"), "{s}");
    netral()
        .args(["rules", "check", "--strict"])
        .arg(dir.path())
        .assert()
        .code(1);
}

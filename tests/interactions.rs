//! How a comment, like or follow takes in the content it acts on.

use netral::{parse_line, Level, Screener};

fn level(json: &str) -> Level {
    let activity = parse_line(json).expect("test activity parses");
    Screener::default_rules()
        .screen(&activity)
        .level
        .expect("screened, not an error")
}

fn act(kind: &str, text: &str, author: &str, target: &str) -> String {
    serde_json::json!({
        "id": "t", "kind": kind, "text": text,
        "target": {"author": author, "text": target},
        "created_at": "2024-01-20T10:00:00+07:00",
    })
    .to_string()
}

const CAMPAIGN: &str = "Ayo rekan2 ASN dukung Ganjar-Mahfud! Sat set!";
const GET_WELL: &str = "Mohon doanya, bapak sedang dirawat di RS";

#[test]
fn an_approving_comment_takes_in_campaign_content() {
    let l = level(&act(
        "comment",
        "Setuju bgt 👍",
        "@relawan.ganjar",
        CAMPAIGN,
    ));
    assert!(l >= Level::Medium, "{l:?}");
}

#[test]
fn a_comment_that_objects_with_neutrality_words_does_not() {
    let l = level(&act(
        "comment",
        "Gak setuju, ASN hrs netral, jgn ikut2an begini",
        "@relawan.ganjar",
        CAMPAIGN,
    ));
    assert!(l < Level::Medium, "{l:?}");
}

#[test]
fn a_candidate_account_alone_is_not_campaign_content_for_a_comment() {
    let author = "@h.rudi_caleg_dprd";
    let prayer = act(
        "comment",
        "Aamiin, semoga lekas sembuh pak 🙏",
        author,
        GET_WELL,
    );
    assert!(level(&prayer) < Level::Medium);
    // A follow acts on the account itself, and a comment that takes a side
    // brings the account in.
    assert!(level(&act("follow", "", author, GET_WELL)) >= Level::Medium);
    let support = act("comment", "Siap menangkan caleg kita!", author, GET_WELL);
    assert!(level(&support) >= Level::Medium);
}

#[test]
fn a_comment_stance_can_be_about_what_the_post_names() {
    let post = "Paslon 1 janjikan lapangan kerja 100 ribu utk anak muda NTB";
    let praise = act(
        "comment",
        "Bener, paling cocok jadi gubernur 👍",
        "@info_ntb",
        post,
    );
    assert!(level(&praise) >= Level::Medium);
    // Thanks for the information take no side.
    let thanks = act(
        "comment",
        "Info yg bermanfaat, makasih min",
        "@info_ntb",
        post,
    );
    assert!(level(&thanks) < Level::Medium);
}

#[test]
fn a_share_caption_can_praise_whom_the_shared_news_names() {
    let news = "Cagub Jatim nomor 3 blusukan ke pasar Keputran, dengarkan keluhan pedagang";
    let praise = act(
        "share",
        "Ini baru calon pemimpin yg peduli rakyat kecil 👍",
        "@kabarsurabaya",
        news,
    );
    assert!(level(&praise) >= Level::Medium);
    let reading = act(
        "share",
        "Bahan bacaan sebelum ke TPS",
        "@kabarsurabaya",
        news,
    );
    assert!(level(&reading) < Level::Medium);
}

#[test]
fn following_a_party_account_counts_the_account() {
    for handle in ["@pdiperjuangan", "@pdip", "@gerindra", "@partaigolkar"] {
        let follow = act("follow", "", handle, "Akun resmi DPP partai");
        assert!(level(&follow) >= Level::Medium, "{handle}");
    }
}

/// A post with a photo of the given words (OCR) and caption.
fn photo(caption: &str, ocr: &str) -> String {
    serde_json::json!({
        "id": "p", "kind": "post", "text": caption,
        "media": [{"alt_text": "baliho di pinggir jalan", "ocr_text": ocr}],
        "created_at": "2024-01-25T10:00:00+07:00",
    })
    .to_string()
}

#[test]
fn a_caption_says_what_its_photo_is() {
    let banner = "ANIES - MUHAIMIN 01 | AMIN";
    // Taking a banner down is enforcement, not campaigning...
    assert!(level(&photo("Dokumentasi penertiban APK bersama Bawaslu", banner)) < Level::Medium);
    // ...but the same banner under a cheer is.
    assert!(level(&photo("Mantap, tinggal seminggu lagi 🔥", banner)) >= Level::Medium);
}

#[test]
fn a_caption_and_its_photo_meet_each_others_needs() {
    // A campaign post's banner needs someone there: the caption says so.
    let posko = "POSKO PEMENANGAN AMIN KEC. CILEDUG";
    assert!(level(&photo("Mampir sebentar 😁", posko)) >= Level::Medium);
    // With a caption that says nothing of being there, the banner alone is
    // a mention at most...
    assert!(level(&photo("Pemandangan jalan raya", posko)) < Level::Medium);
    // ...and a caption framed as enforcement lends its words to nothing.
    let caption = "Kami dari Satpol PP membongkar baliho yg melanggar";
    assert!(level(&photo(caption, posko)) < Level::Medium);
}

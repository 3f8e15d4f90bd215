//! The input contract: one social-media activity of a civil servant.
//!
//! These types mirror the JSON line format in `DESIGN.md`. Unknown fields are
//! ignored so that exports with extra columns still load.

use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// What the actor did.
///
/// The 2022 joint decree treats every one of these as a possible act of
/// support: posting, commenting, sharing, liking and following.
///
/// ```
/// use netral::Kind;
/// let kind: Kind = serde_json::from_str("\"share\"").unwrap();
/// assert_eq!(kind, Kind::Share);
/// assert_eq!(kind.as_str(), "share");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The actor's own post.
    Post,
    /// A comment on `target`.
    Comment,
    /// A share (repost) of `target`, possibly with a caption in `text`.
    Share,
    /// A like of `target`.
    Like,
    /// A follow of the account `target.author` (its bio in `target.text`).
    Follow,
}

impl Kind {
    /// The lowercase name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Comment => "comment",
            Kind::Share => "share",
            Kind::Like => "like",
            Kind::Follow => "follow",
        }
    }

    /// Parses the lowercase name used in JSON and CSV (`post`, `comment`, ...).
    ///
    /// ```
    /// assert_eq!(netral::Kind::parse("Like"), Some(netral::Kind::Like));
    /// assert_eq!(netral::Kind::parse("poke"), None);
    /// ```
    pub fn parse(s: &str) -> Option<Kind> {
        match s.trim().to_ascii_lowercase().as_str() {
            "post" => Some(Kind::Post),
            "comment" => Some(Kind::Comment),
            "share" => Some(Kind::Share),
            "like" => Some(Kind::Like),
            "follow" => Some(Kind::Follow),
            _ => None,
        }
    }
}

/// The content or account acted on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// The author of the liked/shared/commented post, or the followed account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The text of the post acted on, or the followed account's bio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// Text seen in an image and labels from an upstream detector.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Media {
    /// A description of the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt_text: Option<String>,
    /// Text read from the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_text: Option<String>,
    /// Detector labels such as `gesture:two_fingers` or `logo:gerindra`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// Who acted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// An opaque id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The government agency the actor works for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
}

/// One activity: the unit `netral` screens.
///
/// ```
/// use netral::{Activity, Kind};
/// let line = r#"{"id":"a1","kind":"like","target":{"author":"@gerindra"},"extra":1}"#;
/// let activity: Activity = serde_json::from_str(line).unwrap();
/// assert_eq!(activity.kind, Kind::Like);
/// assert_eq!(activity.target.unwrap().author.as_deref(), Some("@gerindra"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    /// Required, copied to the report.
    pub id: String,
    /// Required.
    pub kind: Kind,
    /// The actor's own words: post body, comment, share caption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The content or account acted on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// Images attached to the activity.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub media: Vec<Media>,
    /// RFC 3339 time; only the date is used (to weigh election-specific rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// Who acted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<Actor>,
    /// Where, e.g. `instagram`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
}

impl Activity {
    /// A post with the given id and text, the common case in tests and examples.
    ///
    /// ```
    /// let a = netral::Activity::post("p1", "Selamat pagi");
    /// assert_eq!(a.text.as_deref(), Some("Selamat pagi"));
    /// ```
    pub fn post(id: impl Into<String>, text: impl Into<String>) -> Activity {
        Activity {
            id: id.into(),
            kind: Kind::Post,
            text: Some(text.into()),
            target: None,
            media: Vec::new(),
            created_at: None,
            actor: None,
            platform: None,
        }
    }

    /// Every text field with the name it has in findings (`text`,
    /// `target.text`, `media[0].ocr_text`, `media[1].tags[0]`, ...).
    ///
    /// ```
    /// let mut a = netral::Activity::post("p1", "halo");
    /// a.media.push(netral::Media { tags: vec!["gesture:two_fingers".into()], ..Default::default() });
    /// let names: Vec<String> = a.fields().map(|f| f.name.into_owned()).collect();
    /// assert_eq!(names, ["text", "media[0].tags[0]"]);
    /// ```
    pub fn fields(&self) -> impl Iterator<Item = Field<'_>> {
        let mut out = Vec::new();
        if let Some(t) = self.text.as_deref() {
            out.push(Field::new(Cow::Borrowed("text"), Scope::Own, t));
        }
        if let Some(target) = &self.target {
            if let Some(t) = target.author.as_deref() {
                out.push(Field::new(Cow::Borrowed("target.author"), Scope::Target, t));
            }
            if let Some(t) = target.text.as_deref() {
                out.push(Field::new(Cow::Borrowed("target.text"), Scope::Target, t));
            }
        }
        for (i, m) in self.media.iter().enumerate() {
            if let Some(t) = m.alt_text.as_deref() {
                out.push(Field::new(
                    Cow::Owned(format!("media[{i}].alt_text")),
                    Scope::Own,
                    t,
                ));
            }
            if let Some(t) = m.ocr_text.as_deref() {
                out.push(Field::new(
                    Cow::Owned(format!("media[{i}].ocr_text")),
                    Scope::Own,
                    t,
                ));
            }
            for (j, tag) in m.tags.iter().enumerate() {
                out.push(Field::new(
                    Cow::Owned(format!("media[{i}].tags[{j}]")),
                    Scope::Own,
                    tag,
                ));
            }
        }
        out.into_iter().filter(|f| !f.text.is_empty())
    }
}

/// Whose words a field holds: the actor's own, or the content acted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The actor's text and the media they attached.
    Own,
    /// `target.author` and `target.text`.
    Target,
}

/// One named text field of an activity.
#[derive(Debug, Clone)]
pub struct Field<'a> {
    /// The field's name in findings, e.g. `target.text` (borrowed for the
    /// fixed names, so screening allocates nothing for them).
    pub name: Cow<'static, str>,
    /// Whose words these are.
    pub scope: Scope,
    /// The original text.
    pub text: &'a str,
}

impl<'a> Field<'a> {
    fn new(name: Cow<'static, str>, scope: Scope, text: &'a str) -> Field<'a> {
        Field { name, scope, text }
    }
}

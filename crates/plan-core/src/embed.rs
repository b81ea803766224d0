//! Being shown in another site's page: which parent origins the app may talk
//! to, the message it sends them, and the one it accepts from them, checked
//! field by field.
//!
//! The app and the host script (`public/embed.js`) speak through
//! `postMessage`, version [`MESSAGE_VERSION`]:
//!
//! | from → to | message |
//! |---|---|
//! | app → host | `{"type": "plan-explorer:height", "version": 1, "height": 1234}` |
//! | host → app | `{"type": "plan-explorer:hello", "version": 1, "theme": {"font": "Georgia, serif", "accent": "#7a1f5c", "background": "#fffdf8", "radius": "8px"}}` |
//!
//! [`HeightReporter`] decides which heights are posted, so that content sized
//! by the frame (`100vh`) cannot grow the frame without end.
//!
//! The app posts its height only to an origin listed in `config.json`
//! (`embed.allowed_parent_origins`, checked by [`check_parent_origin`]), and
//! reads a hello only from such an origin. Whatever a page sends is read here
//! as JSON text: any text gives a [`HostMessage`] or a reason, never a panic.
//! Theme values pass a whitelist (font family names, `#rgb`, `#rrggbb` or
//! `rgb()` colours, lengths in `px` or `rem`) and keep the text readable
//! (WCAG AA contrast); a value that fails is dropped with a reason, the rest
//! still apply.
//!
//! ```
//! use plan_core::embed::{parse_host_message, HostMessage};
//! let text = r##"{"type": "plan-explorer:hello", "version": 1, "theme": {"accent": "#7a1f5c", "radius": "1rem; color: red"}}"##;
//! let HostMessage::Hello { theme, rejected } = parse_host_message(text).unwrap();
//! assert_eq!(theme.custom_properties()[1], ("--pe-accent", Some("#7a1f5c".to_string())));
//! assert_eq!(theme.radius, None);
//! assert!(rejected[0].starts_with("theme.radius: "));
//! assert!(parse_host_message(r#"{"type": "plan-explorer:height", "version": 1, "height": 5}"#).is_err());
//! ```

use crate::model::shorten_for_message;
use serde_json::{Map, Value};

/// The version of the messages; a message with another version is ignored.
pub const MESSAGE_VERSION: u32 = 1;

/// The `type` of the app's height message.
pub const HEIGHT_MESSAGE_TYPE: &str = "plan-explorer:height";

/// The `type` of the host's hello, which may carry a theme.
pub const HELLO_MESSAGE_TYPE: &str = "plan-explorer:hello";

/// The longest message text read: a hello with a full theme is a few hundred characters.
pub const MAX_MESSAGE_CHARS: usize = 4_000;

/// The most origins `embed.allowed_parent_origins` may list.
pub const MAX_PARENT_ORIGINS: usize = 50;

/// The custom properties a theme sets on `<html>`, which `style/main.css` reads.
pub const THEME_PROPERTIES: [&str; 4] =
    ["--pe-font", "--pe-accent", "--pe-background", "--pe-radius"];

/// Whether `origin` (as the browser writes it: `event.origin`,
/// `location.ancestorOrigins`) is one of the `allowed` parent origins.
pub fn is_allowed_parent(allowed: &[String], origin: &str) -> bool {
    allowed.iter().any(|listed| listed == origin)
}

/// Checks one entry of `embed.allowed_parent_origins`: an origin exactly as
/// browsers write it, so that it can be compared with `event.origin` as text.
/// `https://` and a host name in lowercase, with a port only if it is not
/// 443; `http://` only for `localhost` and `127.0.0.1`, for testing.
pub fn check_parent_origin(origin: &str) -> Result<(), String> {
    let shown = shorten_for_message(origin);
    if origin.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "\"{shown}\" innehåller mellanslag eller styrtecken; ta bort dem"
        ));
    }
    if origin.contains('*') {
        return Err(format!(
            "\"{shown}\" har ett jokertecken; lista varje webbplats för sig, till exempel https://www.example.se"
        ));
    }
    let Some((scheme, rest)) = origin.split_once("://") else {
        return Err(format!(
            "\"{shown}\" är ingen webbplatsadress; skriv till exempel https://www.example.se"
        ));
    };
    if let Some(slash) = rest.find(['/', '?', '#']) {
        return Err(if slash + 1 == rest.len() && rest.ends_with('/') {
            format!("\"{shown}\" slutar med /; en webbplats anges utan sökväg, skriv till exempel https://www.example.se")
        } else {
            format!("\"{shown}\" har en sökväg; skriv bara adresstyp och värdnamn, till exempel https://www.example.se")
        });
    }
    let (host, port) = match rest.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    let default_port = match scheme {
        "https" => 443,
        "http" if matches!(host, "localhost" | "127.0.0.1") => 80,
        "http" => {
            return Err(format!(
                "\"{shown}\" använder http://, som bara är tillåtet för localhost och 127.0.0.1 (för test); använd https://"
            ))
        }
        _ => {
            return Err(format!(
                "\"{shown}\" börjar inte med https:// i små bokstäver; skriv till exempel https://www.example.se"
            ))
        }
    };
    check_host(host).map_err(|problem| format!("\"{shown}\" {problem}"))?;
    if let Some(port) = port {
        let number = port.parse::<u16>().ok().filter(|&n| {
            n > 0 && port.bytes().all(|b| b.is_ascii_digit()) && !port.starts_with('0')
        });
        match number {
            None => {
                return Err(format!(
                    "\"{shown}\" har porten \"{}\"; en port är ett tal från 1 till 65535",
                    shorten_for_message(port)
                ))
            }
            Some(n) if n == default_port => {
                return Err(format!(
                    "\"{shown}\" anger standardporten :{n}; utelämna den, som webbläsare gör"
                ))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// A host name as browsers write it in an origin: lowercase ASCII labels.
fn check_host(host: &str) -> Result<(), &'static str> {
    if host.is_empty() {
        return Err("saknar värdnamn; skriv till exempel https://www.example.se");
    }
    if !host.is_ascii() {
        return Err("har bokstäver utanför ASCII; skriv ett internationellt domännamn i sin xn---form, som webbläsare gör");
    }
    if host.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err("har stora bokstäver; skriv värdnamnet med små bokstäver, som webbläsare gör");
    }
    let labels_ok = host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
    if labels_ok {
        Ok(())
    } else {
        Err("är inget värdnamn; skriv till exempel https://www.example.se")
    }
}

/// What to do with one measurement of the content: see [`HeightReporter`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeightReport {
    /// Post this height to the parent.
    Post(u32),
    /// Nothing to post: the parent already has this height (or there is no content yet).
    Unchanged,
    /// The content grew at least as much as the frame just did: it is sized by
    /// the frame (a `vh` or `100%` height). Posting would grow the frame, which
    /// would grow the content, without end; so the frame keeps its height.
    FollowsFrame,
}

/// Decides which content heights the app posts to the embedding page.
///
/// Fed every measurement: each time the content's height changes and each time
/// the frame's own height (the viewport) changes, with both heights as they are
/// then. Content that grows, in the same measurement, by one to two times what
/// the frame just grew is sized by the frame (`100vh`, `100%`, `200vh`), not by
/// what it shows; its growth is not posted. Growth by less (say `60vh`) still
/// converges, growth by far more is the content's own and is posted, and
/// shrinking is always posted.
///
/// ```
/// use plan_core::embed::{HeightReport, HeightReporter};
/// let mut reporter = HeightReporter::default();
/// assert_eq!(reporter.measured(900, 600), HeightReport::Post(900));
/// // The host applies 900; the content stays 900.
/// assert_eq!(reporter.measured(900, 900), HeightReport::Unchanged);
/// // Filters narrow the results.
/// assert_eq!(reporter.measured(500, 900), HeightReport::Post(500));
/// // The host applies 500, and content sized by the frame (100vh + 40) follows it down...
/// assert_eq!(reporter.measured(540, 500), HeightReport::Post(540));
/// // ...and up, by as much as the frame grew: not posted.
/// assert_eq!(reporter.measured(580, 540), HeightReport::FollowsFrame);
/// ```
#[derive(Clone, Debug, Default)]
pub struct HeightReporter {
    /// The previous measurement: (content, frame).
    previous: Option<(u32, u32)>,
    /// The height last posted.
    posted: Option<u32>,
}

impl HeightReporter {
    /// What to do with the content's height `content` measured while the frame
    /// is `frame` pixels tall.
    pub fn measured(&mut self, content: u32, frame: u32) -> HeightReport {
        // The same measurement twice (the observer and the resize event may
        // both report one change) must not look like a change of the content alone.
        if self.previous == Some((content, frame)) {
            return HeightReport::Unchanged;
        }
        let follows_frame = match self.previous {
            Some((previous_content, previous_frame)) if frame > previous_frame => {
                let frame_growth = frame - previous_frame;
                let content_growth = content.saturating_sub(previous_content);
                // One to two times the frame's growth: content of 100vh, 100% or 200vh.
                // Far more is the content's own growth that happened at the same time
                // (the plan arriving while the host applies the loading notice's height).
                (frame_growth..=2 * frame_growth + 1).contains(&content_growth)
            }
            Some(_) => false,
            None => false,
        };
        self.previous = Some((content, frame));
        if follows_frame {
            HeightReport::FollowsFrame
        } else if content == 0 || self.posted == Some(content) {
            HeightReport::Unchanged
        } else {
            self.posted = Some(content);
            HeightReport::Post(content)
        }
    }

    /// Forgets what was posted, so that the next measurement is posted even if
    /// unchanged: the host has said hello and wants the height now.
    pub fn forget_posted(&mut self) {
        self.posted = None;
        self.previous = None;
    }
}

/// A message from the embedding page that passed every check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostMessage {
    /// The host script introduces itself: the app answers with its height and
    /// applies the theme (an empty theme removes an earlier one).
    Hello {
        /// The values that passed the whitelist.
        theme: Theme,
        /// Why each other value was dropped, as `theme.<name>: <reason>`.
        rejected: Vec<String>,
    },
}

/// The host page's look, as far as the app takes it on. Each value is one that
/// passed the whitelist, written the way the app sets it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Theme {
    /// Font family names, such as `"Open Sans", Arial, sans-serif`.
    pub font: Option<String>,
    /// Links, buttons and the header; readable on white and on the background.
    pub accent: Option<Rgb>,
    /// The page's background; the text stays readable on it.
    pub background: Option<Rgb>,
    /// Corner radius, such as `8px` or `0.5rem`.
    pub radius: Option<String>,
}

impl Theme {
    /// Each of [`THEME_PROPERTIES`] with its value, or `None` to remove it.
    pub fn custom_properties(&self) -> [(&'static str, Option<String>); 4] {
        let [font, accent, background, radius] = THEME_PROPERTIES;
        [
            (font, self.font.clone()),
            (accent, self.accent.map(Rgb::to_css)),
            (background, self.background.map(Rgb::to_css)),
            (radius, self.radius.clone()),
        ]
    }
}

/// A colour without transparency.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub fn to_css(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG 2.1 relative luminance, 0 (black) to 1 (white).
    fn luminance(self) -> f64 {
        let channel = |value: u8| {
            let c = f64::from(value) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// WCAG 2.1 contrast ratio with `other`, 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// The contrast text needs (WCAG 2.1 AA, normal text).
pub const MIN_CONTRAST: f64 = 4.5;

/// Colours of `style/main.css` that a theme must stay readable with.
const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
/// `--color-muted`, the palest text, which sits on the background.
const MUTED_TEXT: Rgb = Rgb(0x4a, 0x4a, 0x4a);
/// `--color-surface`, on which links (the accent) also sit.
const SURFACE: Rgb = Rgb(0xf4, 0xf6, 0xf8);

/// Reads a message an embedding page posted, as JSON text. Every field is
/// checked: an object with `type` [`HELLO_MESSAGE_TYPE`], `version`
/// [`MESSAGE_VERSION`] and optionally `theme`, an object of strings named
/// `font`, `accent`, `background` and `radius`, and nothing else. The reason
/// why a message is ignored comes back as the error.
pub fn parse_host_message(text: &str) -> Result<HostMessage, String> {
    if text.chars().count() > MAX_MESSAGE_CHARS {
        return Err(format!(
            "the message is longer than {MAX_MESSAGE_CHARS} characters"
        ));
    }
    let value: Value =
        serde_json::from_str(text).map_err(|_| "the message is not a JSON object".to_string())?;
    let Value::Object(message) = value else {
        return Err("the message is not an object".into());
    };
    only_known_fields(&message, &["type", "version", "theme"], "")?;
    match message.get("type") {
        Some(Value::String(kind)) if kind == HELLO_MESSAGE_TYPE => {}
        Some(Value::String(kind)) => {
            return Err(format!(
                "type is \"{}\", not \"{HELLO_MESSAGE_TYPE}\"",
                shorten_for_message(kind)
            ))
        }
        _ => return Err("type is missing or not a string".into()),
    }
    match message.get("version").and_then(Value::as_u64) {
        Some(version) if version == u64::from(MESSAGE_VERSION) => {}
        _ => return Err(format!("version is missing or not {MESSAGE_VERSION}")),
    }
    let mut fields = Map::new();
    match message.get("theme") {
        None => {}
        Some(Value::Object(theme)) => fields = theme.clone(),
        Some(_) => return Err("theme is not an object".into()),
    }
    only_known_fields(
        &fields,
        &["font", "accent", "background", "radius"],
        "theme.",
    )?;
    let mut strings = Vec::new();
    for (name, value) in &fields {
        match value {
            Value::String(text) => strings.push((name.as_str(), text.as_str())),
            _ => return Err(format!("theme.{name} is not a string")),
        }
    }
    let text_of = |name: &str| strings.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);

    let mut rejected = Vec::new();
    let font = keep(&mut rejected, "font", text_of("font").map(check_font));
    let background = keep(
        &mut rejected,
        "background",
        text_of("background").map(|text| {
            let colour = parse_colour(text)?;
            readable("the text", MUTED_TEXT, colour)?;
            Ok(colour)
        }),
    );
    let accent = keep(
        &mut rejected,
        "accent",
        text_of("accent").map(|text| {
            let colour = parse_colour(text)?;
            readable("white text", WHITE, colour)?;
            readable("the surfaces", SURFACE, colour)?;
            if let Some(background) = background {
                readable("the background", background, colour)?;
            }
            Ok(colour)
        }),
    );
    let radius = keep(&mut rejected, "radius", text_of("radius").map(check_radius));
    Ok(HostMessage::Hello {
        theme: Theme {
            font,
            accent,
            background,
            radius,
        },
        rejected,
    })
}

/// A theme value that passed its check, or `None`, its reason noted in `rejected`.
fn keep<T>(
    rejected: &mut Vec<String>,
    name: &str,
    checked: Option<Result<T, String>>,
) -> Option<T> {
    match checked? {
        Ok(value) => Some(value),
        Err(reason) => {
            rejected.push(format!("theme.{name}: {reason}"));
            None
        }
    }
}

fn only_known_fields(
    object: &Map<String, Value>,
    known: &[&str],
    prefix: &str,
) -> Result<(), String> {
    match object.keys().find(|key| !known.contains(&key.as_str())) {
        Some(unknown) => Err(format!(
            "{prefix}{} is not a field of the message (known: {})",
            shorten_for_message(unknown),
            known.join(", ")
        )),
        None => Ok(()),
    }
}

/// Whether `colour` and `other` (named `other_name` in the message) have
/// enough contrast for text.
fn readable(other_name: &str, other: Rgb, colour: Rgb) -> Result<(), String> {
    let ratio = colour.contrast(other);
    if ratio >= MIN_CONTRAST {
        Ok(())
    } else {
        // Tenths by hand: `{:.1}` would bring float formatting into the app's wasm (#10).
        // Rounded down, so that a ratio just under 4.5 never reads as 4.5.
        let tenths = (ratio * 10.0) as u32;
        Err(format!(
            "{} gives {other_name} too little contrast ({}.{}:1, at least 4.5:1 is needed)",
            colour.to_css(),
            tenths / 10,
            tenths % 10
        ))
    }
}

/// CSS-wide keywords, which are not font names.
const CSS_WIDE_KEYWORDS: [&str; 6] = [
    "inherit",
    "initial",
    "unset",
    "revert",
    "revert-layer",
    "default",
];

/// A `font-family` list of names: each either quoted (`"Open Sans"`) or words
/// of letters, digits, `-` and `_` (`Open Sans`, `sans-serif`). Nothing else:
/// no `;`, `(`, `\`, `/` or `:`. Comes back with the names joined by `, `.
fn check_font(text: &str) -> Result<String, String> {
    const MAX_CHARS: usize = 200;
    const MAX_FAMILIES: usize = 10;
    let shown = shorten_for_message(text);
    if text.chars().count() > MAX_CHARS {
        return Err(format!("\"{shown}\" is longer than {MAX_CHARS} characters"));
    }
    let families: Vec<&str> = text.split(',').map(str::trim).collect();
    if families.len() > MAX_FAMILIES {
        return Err(format!("\"{shown}\" names more than {MAX_FAMILIES} fonts"));
    }
    let name_char = |c: char| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_');
    for family in &families {
        let quoted = [('"', '"'), ('\'', '\'')].iter().any(|&(open, close)| {
            family.len() >= 3
                && family.starts_with(open)
                && family.ends_with(close)
                && family[1..family.len() - 1].chars().all(name_char)
                && !family[1..family.len() - 1].trim().is_empty()
        });
        let words = !family.is_empty()
            && family.split(' ').all(|word| {
                word.chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_')
                    && word
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_'))
            })
            && !CSS_WIDE_KEYWORDS.contains(&family.to_ascii_lowercase().as_str());
        if !(quoted || words) {
            return Err(format!(
                "\"{shown}\" is not a list of font names; write it like \"Open Sans\", Arial, sans-serif"
            ));
        }
    }
    Ok(families.join(", "))
}

/// `#rgb`, `#rrggbb` or `rgb(r, g, b)` (commas or spaces, each 0 to 255).
pub fn parse_colour(text: &str) -> Result<Rgb, String> {
    let problem = || {
        format!(
            "\"{}\" is not a colour; write it like #7a1f5c, #c06 or rgb(122, 31, 92)",
            shorten_for_message(text)
        )
    };
    let text = text.trim();
    if let Some(hex) = text.strip_prefix('#') {
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(problem());
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..=i], 16).map_err(|_| problem());
        let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| problem());
        return match hex.len() {
            3 => Ok(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            6 => Ok(Rgb(pair(0)?, pair(2)?, pair(4)?)),
            _ => Err(problem()),
        };
    }
    let inner = text
        .strip_prefix("rgb(")
        .and_then(|rest| rest.strip_suffix(')'))
        .ok_or_else(problem)?;
    let channels: Vec<&str> = if inner.contains(',') {
        inner.split(',').map(str::trim).collect()
    } else {
        inner.split_whitespace().collect()
    };
    let channel = |part: &str| {
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(problem());
        }
        part.parse::<u8>().map_err(|_| problem())
    };
    match channels.as_slice() {
        [r, g, b] => Ok(Rgb(channel(r)?, channel(g)?, channel(b)?)),
        _ => Err(problem()),
    }
}

/// A corner radius: a number with `px` (at most 32) or `rem` (at most 2).
/// Read digit by digit: a float parser would add kilobytes to the app.
fn check_radius(text: &str) -> Result<String, String> {
    let problem = || {
        format!(
            "\"{}\" is not a radius; write a length such as 8px or 0.5rem (at most 32px or 2rem)",
            shorten_for_message(text)
        )
    };
    let text = text.trim();
    let (number, max) = if let Some(number) = text.strip_suffix("rem") {
        (number, 2)
    } else if let Some(number) = text.strip_suffix("px") {
        (number, 32)
    } else {
        return Err(problem());
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, "0"));
    let digits = |part: &str| {
        !part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(whole) && digits(fraction)) {
        return Err(problem());
    }
    let whole: u32 = whole.parse().map_err(|_| problem())?;
    let within = whole < max || (whole == max && fraction.bytes().all(|b| b == b'0'));
    if within {
        Ok(text.to_string())
    } else {
        Err(problem())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_in_each_written_form() {
        assert_eq!(parse_colour("#c06"), Ok(Rgb(0xcc, 0x00, 0x66)));
        assert_eq!(parse_colour("#7A1F5C"), Ok(Rgb(0x7a, 0x1f, 0x5c)));
        assert_eq!(parse_colour("rgb(122, 31, 92)"), Ok(Rgb(122, 31, 92)));
        assert_eq!(parse_colour("rgb(122 31 92)"), Ok(Rgb(122, 31, 92)));
        for bad in [
            "",
            "#",
            "#12",
            "#1234",
            "#ggg",
            "red",
            "rgb(256, 0, 0)",
            "rgb(1,2)",
            "rgb(1, 2, 3, 4)",
            "rgba(0,0,0,0)",
            "rgb(-1, 0, 0)",
            "rgb(1.5, 0, 0)",
            "#é12",
            "rgb(1,,2)",
            "url(x)",
        ] {
            assert!(parse_colour(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn contrast_follows_wcag() {
        assert!((WHITE.contrast(Rgb(0, 0, 0)) - 21.0).abs() < 1e-9);
        assert!((WHITE.contrast(WHITE) - 1.0).abs() < 1e-9);
        // The stylesheet's own colours pass.
        assert!(Rgb(0x00, 0x4a, 0x80).contrast(WHITE) >= MIN_CONTRAST);
        assert!(Rgb(0x00, 0x4a, 0x80).contrast(SURFACE) >= MIN_CONTRAST);
        assert!(MUTED_TEXT.contrast(WHITE) >= MIN_CONTRAST);
    }
}

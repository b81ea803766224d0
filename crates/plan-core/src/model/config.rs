//! `config.json`: settings a hosting site can change without a rebuild.
//! The format is documented in `public/data/README.md`.

use serde::{Deserialize, Serialize};

/// Runtime settings, read from `config.json` beside `index.html`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(not(feature = "json-paths"), serde(deny_unknown_fields))]
pub struct AppConfig {
    /// Version of the file format; this app reads version 1.
    pub format_version: u32,
    /// Where answers to "Hjälpte informationen dig?" go.
    pub feedback: FeedbackConfig,
    /// Touch-screen settings.
    pub kiosk: KioskConfig,
    /// Being shown in another site's page (`?mode=embedded`).
    pub embed: EmbedConfig,
    /// The accessibility statement's settings.
    pub accessibility: AccessibilityConfig,
}

/// The accessibility statement (DOS-lagen): where to report a problem.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(not(feature = "json-paths"), serde(deny_unknown_fields))]
pub struct AccessibilityConfig {
    /// Where a visitor reports an accessibility problem (an e-mail address, a form).
    /// Without one, the statement points to the region's website, the plan's source.
    pub report_to: Option<super::Link>,
}

/// The feedback collector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(not(feature = "json-paths"), serde(deny_unknown_fields))]
pub struct FeedbackConfig {
    /// Whether the app asks for feedback at all.
    pub enabled: bool,
    /// `POST` address of the collector: a path relative to the app
    /// (`api/feedback`) or a full `https://` address. The summary is read from
    /// `<endpoint>/summary`, comments from `<endpoint>/comments` and the
    /// export from `<endpoint>/export.csv`.
    pub endpoint: String,
}

/// The kiosk mode.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(not(feature = "json-paths"), serde(deny_unknown_fields))]
pub struct KioskConfig {
    /// After this many seconds without a touch, a kiosk asks "Är du kvar?".
    pub idle_reset_seconds: u32,
    /// How many seconds "Är du kvar?" counts down before the kiosk starts over.
    pub idle_countdown_seconds: u32,
}

/// The shortest and longest idle time `config.json` may set, in seconds.
pub const IDLE_RESET_SECONDS: std::ops::RangeInclusive<u32> = 10..=3600;

/// The shortest and longest countdown of "Är du kvar?", in seconds: at least
/// 20, so that someone still there has time to read it and answer.
pub const IDLE_COUNTDOWN_SECONDS: std::ops::RangeInclusive<u32> = 20..=300;

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            format_version: 1,
            feedback: FeedbackConfig::default(),
            kiosk: KioskConfig::default(),
            embed: EmbedConfig::default(),
            accessibility: AccessibilityConfig::default(),
        }
    }
}

impl Default for FeedbackConfig {
    fn default() -> Self {
        FeedbackConfig {
            enabled: true,
            endpoint: "api/feedback".into(),
        }
    }
}

impl Default for KioskConfig {
    fn default() -> Self {
        KioskConfig {
            idle_reset_seconds: 120,
            idle_countdown_seconds: 30,
        }
    }
}

/// The embedded mode: which pages may frame the app and hear from it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(not(feature = "json-paths"), serde(deny_unknown_fields))]
pub struct EmbedConfig {
    /// Origins (`https://www.example.se`, no path) of the pages that embed the
    /// app: only these are told its height and may send it a theme. Empty (the
    /// default): the app posts nothing to any page. Checked by
    /// [`crate::embed::check_parent_origin`].
    pub allowed_parent_origins: Vec<String>,
}

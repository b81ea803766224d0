//! The closed sets of the contract: the answer, the UI language and the display mode.

use serde::{Deserialize, Serialize};

/// The visitor's answer to "Hjälpte informationen dig?".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    /// "Ja": the information helped. Serialised as `"yes"`.
    Yes,
    /// "Nej": it did not. Serialised as `"no"`.
    No,
}

impl Answer {
    /// The wire and database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
        }
    }

    /// Reads the wire spelling; anything else (including `"Yes"`) is `None`.
    pub fn from_wire(s: &str) -> Option<Answer> {
        match s {
            "yes" => Some(Answer::Yes),
            "no" => Some(Answer::No),
            _ => None,
        }
    }
}

/// The UI language the visitor was using.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Swedish.
    Sv,
    /// English.
    En,
    /// German.
    De,
}

impl Lang {
    /// The wire and database spelling, one of [`LANGS`](crate::LANGS).
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// Reads the wire spelling; anything else (including `"SV"` or `"sv-SE"`) is `None`.
    pub fn from_wire(s: &str) -> Option<Lang> {
        match s {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            "de" => Some(Lang::De),
            _ => None,
        }
    }
}

/// How the app was being shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Its own page.
    Standalone,
    /// Inside another page (iframe).
    Embedded,
    /// A public screen.
    Kiosk,
}

impl Mode {
    /// The wire and database spelling, one of [`MODES`](crate::MODES).
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Standalone => "standalone",
            Mode::Embedded => "embedded",
            Mode::Kiosk => "kiosk",
        }
    }

    /// Reads the wire spelling; anything else is `None`.
    pub fn from_wire(s: &str) -> Option<Mode> {
        match s {
            "standalone" => Some(Mode::Standalone),
            "embedded" => Some(Mode::Embedded),
            "kiosk" => Some(Mode::Kiosk),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{LANGS, MODES};
    use serde_json::json;

    #[test]
    fn spellings_round_trip_and_match_the_lists() {
        for a in [Answer::Yes, Answer::No] {
            assert_eq!(Answer::from_wire(a.as_str()), Some(a));
            assert_eq!(serde_json::to_value(a).unwrap(), json!(a.as_str()));
        }
        for (l, s) in [Lang::Sv, Lang::En, Lang::De].into_iter().zip(LANGS) {
            assert_eq!((l.as_str(), Lang::from_wire(s)), (s, Some(l)));
        }
        for (m, s) in [Mode::Standalone, Mode::Embedded, Mode::Kiosk]
            .into_iter()
            .zip(MODES)
        {
            assert_eq!((m.as_str(), Mode::from_wire(s)), (s, Some(m)));
        }
        assert!(serde_json::from_value::<Answer>(json!("Yes")).is_err());
        assert_eq!(Answer::from_wire("ja"), None);
        assert_eq!(Lang::from_wire("SV"), None);
        assert_eq!(Mode::from_wire("Kiosk"), None);
    }
}

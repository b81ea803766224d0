//! What a kiosk shows over time: the attract screen, the app in use, and
//! "Är du kvar?" counting down before everything starts over for the next
//! visitor. Plain state and durations; the app feeds it the clock and the
//! visitor's touches, and does what [`Tick`] says.
//!
//! ```text
//! Attract ──start──▶ InUse ──idle for idle_reset_seconds──▶ StillThere (counts down)
//!    ▲                 ▲                                        │       │
//!    │                 └────────────── keep_going ──────────────┘       │
//!    └──────────────── Tick::Reset ◀── countdown over ──────────────────┘
//! ```
//!
//! ```
//! use plan_core::kiosk::{IdleTimes, KioskScreen, KioskSession, Tick};
//! let times = IdleTimes { idle_ms: 120_000, countdown_ms: 30_000 };
//! let mut session = KioskSession::new(0);
//! session.start(0);
//! assert_eq!(session.tick(119_000, times), Tick::Show(KioskScreen::InUse));
//! assert_eq!(
//!     session.tick(120_000, times),
//!     Tick::Show(KioskScreen::StillThere { seconds_left: 30 })
//! );
//! assert_eq!(session.tick(150_000, times), Tick::Reset);
//! ```

use crate::model::KioskConfig;

/// How long a kiosk waits, in milliseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdleTimes {
    /// Untouched for this long, the kiosk asks "Är du kvar?".
    pub idle_ms: u64,
    /// The question counts down this long before the kiosk starts over.
    pub countdown_ms: u64,
}

impl From<&KioskConfig> for IdleTimes {
    fn from(config: &KioskConfig) -> Self {
        IdleTimes {
            idle_ms: u64::from(config.idle_reset_seconds) * 1000,
            countdown_ms: u64::from(config.idle_countdown_seconds) * 1000,
        }
    }
}

impl Default for IdleTimes {
    fn default() -> Self {
        IdleTimes::from(&KioskConfig::default())
    }
}

/// What the kiosk shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KioskScreen {
    /// "Tryck för att börja", with the language choice.
    Attract,
    /// The app, in use.
    InUse,
    /// "Är du kvar?", with this many whole seconds left (rounded up, so it
    /// never shows 0 while time is left).
    StillThere {
        /// Seconds until the reset.
        seconds_left: u32,
    },
}

/// What the app does after a tick of the clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tick {
    /// Show this screen.
    Show(KioskScreen),
    /// Start over: forget this visitor (view, search, filters, scroll,
    /// language, open dialogs) and show the attract screen.
    Reset,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Attract,
    InUse,
    Asking { since_ms: u64 },
}

/// One kiosk's state. Times are milliseconds on a clock that only moves
/// forward (the browser's `performance.now()`); a clock that jumps back is
/// read as no time passing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KioskSession {
    phase: Phase,
    last_activity_ms: u64,
    /// Whether anyone touched the kiosk since it last started over: an
    /// untouched attract screen has nothing to reset.
    touched_since_reset: bool,
}

impl KioskSession {
    /// A kiosk that has just started: the attract screen, nothing to reset.
    pub fn new(now_ms: u64) -> Self {
        KioskSession {
            phase: Phase::Attract,
            last_activity_ms: now_ms,
            touched_since_reset: false,
        }
    }

    /// The visitor touched "Tryck för att börja".
    pub fn start(&mut self, now_ms: u64) {
        self.phase = Phase::InUse;
        self.activity(now_ms);
    }

    /// The visitor touched, typed or scrolled. While "Är du kvar?" is shown
    /// only its own answer counts ([`KioskSession::keep_going`]): the
    /// question is modal, so anything else is not an answer to it.
    pub fn activity(&mut self, now_ms: u64) {
        if !matches!(self.phase, Phase::Asking { .. }) {
            self.last_activity_ms = now_ms;
            self.touched_since_reset = true;
        }
    }

    /// "Fortsätt" (or Escape): the visitor is still there; nothing is reset.
    pub fn keep_going(&mut self, now_ms: u64) {
        if matches!(self.phase, Phase::Asking { .. }) {
            self.phase = Phase::InUse;
        }
        self.activity(now_ms);
    }

    /// What to show at `now_ms`, moving on when a wait is over. A reset
    /// returns the session to the attract screen.
    ///
    /// The question always counts down the whole `countdown_ms` from when it
    /// is first shown, even when the tick comes late. On the attract screen,
    /// a reset comes after `idle_ms` only if someone touched it (chose a
    /// language, say), and then once.
    pub fn tick(&mut self, now_ms: u64, times: IdleTimes) -> Tick {
        let idle_ms = now_ms.saturating_sub(self.last_activity_ms);
        match self.phase {
            Phase::Attract if self.touched_since_reset && idle_ms >= times.idle_ms => {
                self.reset(now_ms);
                Tick::Reset
            }
            Phase::Attract => Tick::Show(KioskScreen::Attract),
            Phase::InUse if idle_ms >= times.idle_ms => {
                self.phase = Phase::Asking { since_ms: now_ms };
                Tick::Show(still_there(times.countdown_ms))
            }
            Phase::InUse => Tick::Show(KioskScreen::InUse),
            Phase::Asking { since_ms } => {
                let asked_ms = now_ms.saturating_sub(since_ms);
                if asked_ms >= times.countdown_ms {
                    self.reset(now_ms);
                    Tick::Reset
                } else {
                    Tick::Show(still_there(times.countdown_ms - asked_ms))
                }
            }
        }
    }

    fn reset(&mut self, now_ms: u64) {
        *self = KioskSession::new(now_ms);
    }
}

fn still_there(left_ms: u64) -> KioskScreen {
    KioskScreen::StillThere {
        seconds_left: u32::try_from(left_ms.div_ceil(1000)).unwrap_or(u32::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIMES: IdleTimes = IdleTimes {
        idle_ms: 120_000,
        countdown_ms: 30_000,
    };

    fn in_use_at(now_ms: u64) -> KioskSession {
        let mut session = KioskSession::new(0);
        session.start(now_ms);
        session
    }

    #[test]
    fn the_times_come_from_the_config_in_seconds() {
        let config = KioskConfig {
            idle_reset_seconds: 10,
            idle_countdown_seconds: 20,
        };
        assert_eq!(
            IdleTimes::from(&config),
            IdleTimes {
                idle_ms: 10_000,
                countdown_ms: 20_000
            }
        );
        assert_eq!(IdleTimes::default(), TIMES);
    }

    #[test]
    fn a_new_kiosk_shows_the_attract_screen_and_never_resets_untouched() {
        let mut session = KioskSession::new(0);
        for now in [0, 119_999, 120_000, 10 * 3_600_000] {
            assert_eq!(session.tick(now, TIMES), Tick::Show(KioskScreen::Attract));
        }
    }

    #[test]
    fn touching_the_attract_screen_resets_it_once_after_the_idle_time() {
        // A visitor chose English and walked away without starting.
        let mut session = KioskSession::new(0);
        session.activity(5_000);
        assert_eq!(
            session.tick(124_999, TIMES),
            Tick::Show(KioskScreen::Attract)
        );
        assert_eq!(session.tick(125_000, TIMES), Tick::Reset);
        assert_eq!(
            session.tick(1_000_000, TIMES),
            Tick::Show(KioskScreen::Attract)
        );
    }

    #[test]
    fn in_use_until_idle_then_the_question_counts_down_the_whole_countdown() {
        let mut session = in_use_at(1_000);
        assert_eq!(session.tick(120_999, TIMES), Tick::Show(KioskScreen::InUse));
        assert_eq!(
            session.tick(121_000, TIMES),
            Tick::Show(KioskScreen::StillThere { seconds_left: 30 })
        );
        assert_eq!(
            session.tick(121_001, TIMES),
            Tick::Show(KioskScreen::StillThere { seconds_left: 30 })
        );
        assert_eq!(
            session.tick(122_000, TIMES),
            Tick::Show(KioskScreen::StillThere { seconds_left: 29 })
        );
        assert_eq!(
            session.tick(150_999, TIMES),
            Tick::Show(KioskScreen::StillThere { seconds_left: 1 })
        );
        assert_eq!(session.tick(151_000, TIMES), Tick::Reset);
        assert_eq!(
            session.tick(151_250, TIMES),
            Tick::Show(KioskScreen::Attract)
        );
    }

    #[test]
    fn activity_in_use_postpones_the_question() {
        let mut session = in_use_at(0);
        session.activity(100_000);
        assert_eq!(session.tick(219_999, TIMES), Tick::Show(KioskScreen::InUse));
        assert!(matches!(
            session.tick(220_000, TIMES),
            Tick::Show(KioskScreen::StillThere { .. })
        ));
    }

    #[test]
    fn a_late_first_tick_still_shows_the_whole_countdown() {
        // The machine was busy (or asleep) for ten minutes.
        let mut session = in_use_at(0);
        assert_eq!(
            session.tick(600_000, TIMES),
            Tick::Show(KioskScreen::StillThere { seconds_left: 30 })
        );
        assert_eq!(
            session.tick(629_000, TIMES),
            Tick::Show(KioskScreen::StillThere { seconds_left: 1 })
        );
        assert_eq!(session.tick(630_000, TIMES), Tick::Reset);
    }

    #[test]
    fn only_keep_going_answers_the_question() {
        let mut session = in_use_at(0);
        session.tick(120_000, TIMES);
        // A touch beside the dialog, a scroll, a key: not an answer.
        session.activity(125_000);
        assert_eq!(
            session.tick(126_000, TIMES),
            Tick::Show(KioskScreen::StillThere { seconds_left: 24 })
        );
        session.keep_going(130_000);
        assert_eq!(session.tick(130_000, TIMES), Tick::Show(KioskScreen::InUse));
        // The idle time starts again from the answer.
        assert_eq!(session.tick(249_999, TIMES), Tick::Show(KioskScreen::InUse));
        assert!(matches!(
            session.tick(250_000, TIMES),
            Tick::Show(KioskScreen::StillThere { seconds_left: 30 })
        ));
    }

    #[test]
    fn keep_going_elsewhere_is_only_activity() {
        let mut session = KioskSession::new(0);
        session.keep_going(1_000);
        assert_eq!(session.tick(1_000, TIMES), Tick::Show(KioskScreen::Attract));
        assert_eq!(session.tick(121_000, TIMES), Tick::Reset);
    }

    #[test]
    fn a_clock_that_jumps_back_counts_as_no_time_passing() {
        let mut session = in_use_at(500_000);
        assert_eq!(session.tick(1_000, TIMES), Tick::Show(KioskScreen::InUse));
        session.tick(620_000, TIMES);
        assert_eq!(
            session.tick(10, TIMES),
            Tick::Show(KioskScreen::StillThere { seconds_left: 30 })
        );
    }

    #[test]
    fn the_shortest_times_config_allows_still_give_a_twenty_second_question() {
        let times = IdleTimes {
            idle_ms: 10_000,
            countdown_ms: 20_000,
        };
        let mut session = in_use_at(0);
        let mut shown = Vec::new();
        let mut now = 0;
        loop {
            now += 250;
            match session.tick(now, times) {
                Tick::Reset => break,
                Tick::Show(KioskScreen::StillThere { seconds_left }) => shown.push(seconds_left),
                Tick::Show(_) => {}
            }
        }
        assert_eq!(now, 30_000);
        assert_eq!(shown.first(), Some(&20));
        assert_eq!(shown.last(), Some(&1));
        let mut distinct = shown.clone();
        distinct.dedup();
        assert_eq!(distinct, (1..=20).rev().collect::<Vec<_>>());
    }
}

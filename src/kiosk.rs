//! The kiosk (`?mode=kiosk`): the attract screen with the language choice,
//! "Är du kvar?" when the visitor has left it alone, and starting over for
//! the next visitor. What to show when is `plan_core::kiosk`; the clock,
//! the touches, the wake lock and the guards are hooks in [`crate::browser`].
//!
//! ```text
//! let kiosk = provide_kiosk();                     // in the shell, in every mode
//! view! {
//!     <div hidden=move || is_kiosk() && kiosk.shows_attract()>…the app…</div>
//!     <Show when=is_kiosk><KioskScreens idle_times /></Show>
//! }
//! ```
//!
//! Starting over forgets everything of this visitor: the view, search and
//! filters (the address), the language (back to Swedish), the scroll
//! position, the visit's feedback answers, and the state inside the views
//! (an open comment form, the filter panel, "show more"), which are drawn
//! afresh. Answers still waiting in the outbox's queue are kept and sent.

use crate::browser::clock::monotonic_ms;
use crate::browser::context_menu::use_prevent_context_menu;
use crate::browser::focus::{focus_by_id, scroll_to_top};
use crate::browser::interval::use_interval;
use crate::browser::modal_dialog::use_modal_dialog;
use crate::browser::stay_on_page::use_stay_on_page;
use crate::browser::user_activity::use_user_activity;
use crate::browser::wake_lock::use_wake_lock;
use crate::components::{LanguageSwitcher, VisitFeedback};
use crate::i18n::{t, t_string, use_i18n};
use crate::language::{lang_of, locale_of, save_lang};
use crate::navigation::{use_navigator, AddressWrite};
use leptos::html;
use leptos::prelude::*;
use plan_core::kiosk::{IdleTimes, KioskScreen, KioskSession, Tick};
use plan_core::model::Lang;
use plan_core::url_state::{AppMode, UrlState};
use std::time::Duration;

/// How often the idle clock is read: the countdown's second changes at most
/// this much late.
const TICK: Duration = Duration::from_millis(250);

/// The id of "Tryck för att börja", where focus goes when the kiosk starts over.
const START_BUTTON_ID: &str = "kiosk-start";

/// The id of the app's `<main>`, where focus goes when a visitor starts.
const MAIN_ID: &str = "main";

/// What the kiosk shows, shared through context. `Copy`.
#[derive(Clone, Copy)]
pub struct Kiosk {
    screen: RwSignal<KioskScreen>,
    /// Counts the fresh starts: the views are drawn anew on each.
    fresh_starts: RwSignal<u32>,
}

/// Provides the kiosk's state to everything below (the shell calls it in
/// every mode; only a kiosk ever leaves the attract screen).
pub fn provide_kiosk() -> Kiosk {
    let kiosk = Kiosk {
        screen: RwSignal::new(KioskScreen::Attract),
        fresh_starts: RwSignal::new(0),
    };
    provide_context(kiosk);
    kiosk
}

impl Kiosk {
    /// Whether the attract screen is up (tracked).
    pub fn shows_attract(&self) -> bool {
        self.screen.with(|screen| *screen == KioskScreen::Attract)
    }

    /// Tracks the fresh starts: whatever reads this is drawn anew on each.
    pub fn track_fresh_starts(&self) {
        self.fresh_starts.track();
    }

    fn show(&self, screen: KioskScreen) {
        if self.screen.get_untracked() != screen {
            self.screen.set(screen);
        }
    }
}

/// Whether the app runs as a kiosk. Only the address makes one (a kiosk is
/// never detected), and every link keeps the mode.
pub fn in_kiosk() -> bool {
    use_navigator()
        .lang_and_mode()
        .with_untracked(|(_, mode)| *mode == Some(AppMode::Kiosk))
}

/// The kiosk's own screens and everything that runs only in a kiosk: the
/// idle clock, the screen wake lock, no context menu, no link leaving.
#[component]
pub fn KioskScreens(
    /// From `config.json` once it is in; the defaults until then.
    #[prop(into)]
    idle_times: Signal<IdleTimes>,
) -> impl IntoView {
    let kiosk = expect_context::<Kiosk>();
    let i18n = use_i18n();
    let navigator = use_navigator();
    let visit = expect_context::<VisitFeedback>();
    let session = StoredValue::new(KioskSession::new(monotonic_ms()));

    let start_over = move || {
        visit.clear();
        let swedish = Lang::default();
        if lang_of(i18n.get_locale_untracked()) != swedish {
            i18n.set_locale(locale_of(swedish));
        }
        save_lang(swedish);
        let start = UrlState {
            mode: Some(AppMode::Kiosk),
            ..UrlState::default()
        };
        if untrack(|| navigator.with(|state| *state != start)) {
            navigator.update(AddressWrite::NewEntry, |state| *state = start);
        }
        kiosk
            .fresh_starts
            .update(|count| *count = count.wrapping_add(1));
        kiosk.show(KioskScreen::Attract);
        scroll_to_top();
        focus_by_id(START_BUTTON_ID.to_string());
    };
    use_interval(TICK, move || {
        let times = idle_times.get_untracked();
        match session.try_update_value(|session| session.tick(monotonic_ms(), times)) {
            Some(Tick::Show(screen)) => kiosk.show(screen),
            Some(Tick::Reset) => start_over(),
            None => {}
        }
    });
    use_user_activity(move || session.update_value(|session| session.activity(monotonic_ms())));
    use_wake_lock();
    use_prevent_context_menu();
    use_stay_on_page();

    let start = move |_| {
        session.update_value(|session| session.start(monotonic_ms()));
        kiosk.show(KioskScreen::InUse);
        // Where the skip link leads: the start of the content, whichever the view.
        focus_by_id(MAIN_ID.to_string());
    };
    let keep_going = move || {
        session.update_value(|session| session.keep_going(monotonic_ms()));
        kiosk.show(KioskScreen::InUse);
    };

    view! {
        <Show when=move || kiosk.shows_attract()>
            <main class="attract">
                <div class="attract__inner">
                    <p class="attract__owner">{t!(i18n, site_name)}</p>
                    <h1 class="attract__heading">{t!(i18n, kiosk_attract_heading)}</h1>
                    <p class="attract__intro">{t!(i18n, kiosk_attract_intro)}</p>
                    <button type="button" id=START_BUTTON_ID class="attract__start" autofocus on:click=start>
                        {t!(i18n, kiosk_start)}
                    </button>
                    <LanguageSwitcher />
                </div>
            </main>
        </Show>
        <StillThereDialog screen=kiosk.screen keep_going=Callback::new(move |()| keep_going()) />
    }
}

/// "Är du kvar?": a modal alert dialog that counts down beside a big
/// "Fortsätt". Escape answers it too.
#[component]
fn StillThereDialog(screen: RwSignal<KioskScreen>, keep_going: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let seconds_left = Memo::new(move |_| match screen.get() {
        KioskScreen::StillThere { seconds_left } => Some(seconds_left),
        _ => None,
    });
    let dialog = NodeRef::<html::Dialog>::new();
    use_modal_dialog(dialog, move || seconds_left.get().is_some());
    view! {
        <dialog
            node_ref=dialog
            class="still-there"
            role="alertdialog"
            aria-labelledby="still-there-heading"
            aria-describedby="still-there-text still-there-countdown"
            on:cancel=move |event: leptos::ev::Event| {
                // Escape: the visitor is there. The dialog closes when the screen changes.
                event.prevent_default();
                keep_going.run(());
            }
            on:close=move |_| {
                // Closed by the browser rather than by us (a second Escape, say). The event
                // comes in a task of its own: one that arrives while the dialog is open again
                // is an earlier question's, late, and no answer to this one.
                let open_again = dialog.get_untracked().is_some_and(|dialog| dialog.open());
                if seconds_left.get_untracked().is_some() && !open_again {
                    keep_going.run(());
                }
            }
        >
            <h2 id="still-there-heading" class="still-there__heading">{t!(i18n, kiosk_still_there)}</h2>
            <p id="still-there-text">{t!(i18n, kiosk_still_there_text)}</p>
            <p id="still-there-countdown" class="still-there__countdown">
                {move || seconds_left.get().map(|seconds| t_string!(i18n, kiosk_seconds_left, seconds = seconds).to_string())}
            </p>
            <button type="button" class="button still-there__continue" autofocus on:click=move |_| keep_going.run(())>
                {t!(i18n, kiosk_continue)}
            </button>
        </dialog>
    }
}

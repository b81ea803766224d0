//! The partner directory, loaded after the first paint: the plan's views do not show it, so
//! fetching, parsing and validating `partners.json` (and building the catalog from it) waits
//! until the browser is idle, or until a view that needs it opens, whichever comes first.
//!
//! ```text
//! let directory = provide_directory(site);          // once the plan and settings are in
//! use_idle_callback(move || directory.load());
//! with_directory(move |data| view! { <PartnerList data /> })  // a notice until it is in
//! ```

use crate::browser::fetch::fetch_partners;
use crate::components::{LoadErrorPanel, LoadingNotice};
use leptos::prelude::*;
use leptos::task::spawn_local;
use plan_core::data_source::{AppData, LoadState, SiteData};
use std::sync::Arc;

/// The directory's load: not started, on its way, in, or failed. `Copy`.
#[derive(Clone, Copy)]
pub struct Directory {
    site: StoredValue<Arc<SiteData>>,
    /// `None` until [`Directory::load`] is first called.
    state: RwSignal<Option<LoadState<AppData>>>,
}

/// Makes the directory for `site` available to the views below; nothing is fetched yet.
pub fn provide_directory(site: Arc<SiteData>) -> Directory {
    let directory = Directory {
        site: StoredValue::new(site),
        state: RwSignal::new(None),
    };
    provide_context(directory);
    directory
}

/// The directory provided by [`provide_directory`].
pub fn use_directory() -> Directory {
    expect_context::<Directory>()
}

impl Directory {
    /// Starts loading unless it has started: on its way, in, or failed (then only the
    /// retry button tries again, so that the idle warm-up never hides a shown error).
    pub fn load(&self) {
        if self.state.with_untracked(Option::is_none) {
            self.reload();
        }
    }

    /// Loads (again, after a failure).
    fn reload(&self) {
        let state = self.state;
        state.set(Some(LoadState::Loading));
        let site = self.site.get_value();
        spawn_local(async move {
            let loaded = match fetch_partners(&site).await {
                Ok(data) => LoadState::Ready(Arc::new(data)),
                Err(error) => LoadState::Failed(error),
            };
            // The view that asked may be gone (a new load after a retry at the top).
            state.try_set(Some(loaded));
        });
    }

    /// The load as it stands; not started counts as on its way.
    fn state(&self) -> LoadState<AppData> {
        self.state.get().unwrap_or(LoadState::Loading)
    }
}

/// `render` with all the data once the directory is in; until then a loading notice, and
/// if it fails, what went wrong with a retry button. Starts the load if it has not started.
pub fn with_directory<V: IntoView + 'static>(
    render: impl Fn(Arc<AppData>) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let directory = use_directory();
    directory.load();
    move || match directory.state() {
        LoadState::Loading => view! { <LoadingNotice partners=true /> }.into_any(),
        LoadState::Failed(error) => {
            let on_retry = Callback::new(move |()| directory.reload());
            view! { <LoadErrorPanel error on_retry partners=true /> }.into_any()
        }
        LoadState::Ready(data) => render(data).into_any(),
    }
}

//! Small reusable views. They read data and i18n, and never parse, rank or count.

mod language_switcher;
mod load_error;
mod loading;
mod localized;
mod site_footer;

pub use language_switcher::LanguageSwitcher;
pub use load_error::LoadErrorPanel;
pub use loading::LoadingNotice;
pub use localized::{format_date, use_lang, Localized};
pub use site_footer::SiteFooter;

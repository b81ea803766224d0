//! Small reusable views. They read data and i18n, and never parse, rank or count.

mod activity_list;
mod feedback_widget;
mod full_page_link;
mod highlighted;
mod in_next_task;
mod language_switcher;
mod load_error;
mod loading;
mod localized;
mod outbound_link;
mod partner_card;
mod site_footer;
mod take_away;

pub use activity_list::ActivityList;
pub use feedback_widget::{provide_visit_feedback, FeedbackWidget, VisitFeedback};
pub use full_page_link::FullPageLink;
pub use highlighted::Highlighted;
pub use in_next_task::InNextTask;
pub use language_switcher::LanguageSwitcher;
pub use load_error::LoadErrorPanel;
pub use loading::LoadingNotice;
pub use localized::{format_date, localized_text, use_lang, Localized};
pub use outbound_link::OutboundLink;
pub use partner_card::PartnerCard;
pub use site_footer::SiteFooter;
pub use take_away::TakeAway;

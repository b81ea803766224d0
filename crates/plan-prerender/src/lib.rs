//! The start page as static HTML: the app's shell (skip link, header, footer)
//! around the plan page, in Swedish, written from the same validated model
//! (`plan_core`) the app shows. The trunk post_build hook puts it into
//! `index.html`, so the plan paints before the wasm arrives and is readable
//! without JavaScript; the app removes it when its own, identical view is
//! ready (see `src/browser/prerendered.rs`).
//!
//! Why a generator of its own instead of rendering the Leptos components to a
//! string natively (`RenderHtml::to_html`): in tachys 0.2 an `AnyView`
//! (`into_any()`, which the shell, the feedback widget and outbound links use)
//! panics in `to_html` unless leptos has its `ssr` feature, which the app's
//! `csr` build does not have and which `cargo clippy --workspace` would then
//! unify into every native build; and the shell and the plan page read the
//! browser's history (the navigator), the i18n context and the feedback outbox,
//! none of which exist outside the browser without reworking the shell. This
//! keeps the hook's build to plan-core: seconds, not a native build of leptos.
//! The markup mirrors
//! `src/lib.rs` (Shell), `src/pages/plan_page.rs` and the components they use,
//! element for element and class for class; the browser test
//! `tests/e2e/prerender.test.mjs` fails when the two drift apart.

use plan_core::model::{AppConfig, IsoDate, Lang, LocalizedText, Plan};
use plan_core::url_state::{UrlState, View};
use std::collections::HashMap;
use std::fmt::Write;

/// The id of the element around the static page, which the app removes.
pub const PRERENDERED_ID: &str = "prerendered";

/// The UI texts of one language (`locales/sv.json`), with `{{ name }}` placeholders.
pub struct Texts(HashMap<String, String>);

impl Texts {
    /// Reads a leptos_i18n locale file: an object of key → text.
    pub fn from_json(json: &str) -> Result<Texts, String> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|error| format!("locale file: {error}"))?;
        let object = value
            .as_object()
            .ok_or("locale file: expected an object of key → text")?;
        Ok(Texts(
            object
                .iter()
                .filter_map(|(key, text)| Some((key.clone(), text.as_str()?.to_string())))
                .collect(),
        ))
    }

    /// A text with its placeholders filled in, as `t_string!` does.
    pub fn get(&self, key: &str, values: &[(&str, &str)]) -> Result<String, String> {
        let mut text = self
            .0
            .get(key)
            .cloned()
            .ok_or_else(|| format!("locale file: no text for `{key}`"))?;
        for (name, value) in values {
            text = text.replace(&format!("{{{{ {name} }}}}"), value);
        }
        Ok(text)
    }

    /// A date written out, as `format_date` in `src/components/localized.rs` does.
    fn date(&self, date: IsoDate) -> Result<String, String> {
        let months = self.get("months", &[])?;
        let month = months
            .split_whitespace()
            .nth(usize::from(date.month).saturating_sub(1))
            .unwrap_or_default();
        self.get(
            "date_format",
            &[
                ("day", &date.day.to_string()),
                ("month", month),
                ("year", &date.year.to_string()),
            ],
        )
    }
}

/// Text for an HTML text node or a quoted attribute value.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `<span lang=…>` around a data text, as the `Localized` component writes it.
fn localized(text: &LocalizedText) -> String {
    let (shown, actual) = text.resolve(Lang::Sv);
    format!(r#"<span lang="{}">{}</span>"#, actual.code(), escape(shown))
}

/// The `href` an `AppLink` writes (see `href_of` in `src/navigation.rs`).
fn href_of(state: &UrlState) -> String {
    let query = state.to_query();
    if query.is_empty() {
        "./".to_string()
    } else {
        query
    }
}

/// The static start page: `<div class="app" id="prerendered">` with the
/// shell and the plan page inside, and a loading notice that
/// `public/boot.js` shows instead when the address asks for something else.
///
/// `loading_lines` is each language's `loading` text, for that notice.
pub fn render_start_page(
    plan: &Plan,
    config: &AppConfig,
    t: &Texts,
    loading_lines: &[(Lang, String)],
) -> Result<String, String> {
    let mut html = String::new();
    let _ = write!(html, r#"<div class="app" id="{PRERENDERED_ID}">"#);
    html.push_str(&boot_notice(loading_lines));
    let _ = write!(
        html,
        r##"<a class="skip-link" href="#main">{}</a>"##,
        escape(&t.get("skip_to_content", &[])?)
    );
    html.push_str(&header(t)?);
    // No JavaScript: the plan reads fine, but the views that search and filter need the app.
    html.push_str(
        r#"<noscript><p class="container noscript-note">Sökning och filter kräver JavaScript. / Search and filters need JavaScript.</p></noscript>"#,
    );
    let _ = write!(
        html,
        r#"<main id="main" class="container site-main" tabindex="-1" aria-busy="false">{}</main>"#,
        plan_page(plan, config, t)?
    );
    html.push_str(&footer(plan, t)?);
    html.push_str("</div>");
    Ok(html)
}

/// What a visitor sees before the app runs when the address asks for another
/// view, language or mode: one line in the language asked for (boot.js marks
/// `<html data-boot-lang>`; the stylesheet shows the matching line).
fn boot_notice(lines: &[(Lang, String)]) -> String {
    let mut html = String::from(
        r#"<div class="container site-main boot-notice"><p class="loading" role="status">"#,
    );
    html.push_str(r#"<span class="loading__spinner" aria-hidden="true"></span>"#);
    for (lang, line) in lines {
        let _ = write!(
            html,
            r#"<span class="boot-notice__line" lang="{}">{}</span>"#,
            lang.code(),
            escape(line)
        );
    }
    html.push_str("</p></div>");
    html
}

fn header(t: &Texts) -> Result<String, String> {
    let plan_link = href_of(&UrlState::default());
    let explore_link = href_of(&UrlState {
        view: View::Explore,
        ..UrlState::default()
    });
    let overview_link = href_of(&UrlState {
        view: View::Overview,
        ..UrlState::default()
    });
    let full_page = UrlState {
        lang: Some(Lang::Sv),
        ..UrlState::default()
    }
    .to_query();
    let mut buttons = String::new();
    for lang in Lang::ALL {
        let _ = write!(
            buttons,
            r#"<button type="button" class="language-switcher__button" lang="{}" aria-pressed="{}">{}</button>"#,
            lang.code(),
            lang == Lang::Sv,
            escape(lang.native_name())
        );
    }
    Ok(format!(
        concat!(
            r#"<header class="site-header"><div class="container site-header__inner">"#,
            r#"<p class="site-header__name">{name}</p>"#,
            r#"<nav class="site-nav" aria-label="{nav_label}">"#,
            r#"<a href="{plan_link}" class="site-nav__link" aria-current="page">{nav_plan}</a>"#,
            r#"<a href="{explore_link}" class="site-nav__link">{nav_explore}</a>"#,
            r#"<a href="{overview_link}" class="site-nav__link">{nav_overview}</a>"#,
            r#"</nav>"#,
            r#"<div class="language-switcher" role="group" aria-label="{switcher_label}">{buttons}</div>"#,
            r#"<a class="site-nav__link full-page-link" href="{full_page}" target="_blank" rel="noopener">{open_full}<span class="visually-hidden"> {new_tab}</span></a>"#,
            r#"</div></header>"#,
        ),
        name = escape(&t.get("site_name", &[])?),
        nav_label = escape(&t.get("nav_label", &[])?),
        plan_link = escape(&plan_link),
        nav_plan = escape(&t.get("nav_plan", &[])?),
        explore_link = escape(&explore_link),
        nav_explore = escape(&t.get("nav_explore", &[])?),
        overview_link = escape(&overview_link),
        nav_overview = escape(&t.get("nav_overview", &[])?),
        switcher_label = escape(&t.get("language_switcher", &[])?),
        buttons = buttons,
        full_page = escape(&full_page),
        open_full = escape(&t.get("embed_open_full_page", &[])?),
        new_tab = escape(&t.get("embed_opens_in_new_tab", &[])?),
    ))
}

/// `PlanPage` in `src/pages/plan_page.rs`.
fn plan_page(plan: &Plan, config: &AppConfig, t: &Texts) -> Result<String, String> {
    let mut html = String::from(r#"<article class="plan">"#);
    let _ = write!(
        html,
        r#"<header class="plan__intro"><p class="plan__owner">{}</p><h1>{}</h1></header>"#,
        localized(plan.owner()),
        localized(plan.title())
    );
    let _ = write!(
        html,
        r#"<section class="plan__section" aria-labelledby="goal-heading"><h2 id="goal-heading">{}</h2><p class="plan__goal">{}</p></section>"#,
        escape(&t.get("goal_heading", &[])?),
        localized(plan.goal())
    );
    let _ = write!(
        html,
        r#"<section class="plan__section" aria-labelledby="process-heading"><h2 id="process-heading">{}</h2>"#,
        escape(&t.get("process_heading", &[])?)
    );
    for paragraph in plan.process() {
        let _ = write!(html, "<p>{}</p>", localized(paragraph));
    }
    let decided = t.get("decided_on", &[("date", &t.date(plan.decided_on())?)])?;
    let _ = write!(
        html,
        r#"<p class="plan__decided">{}</p></section>"#,
        escape(&decided)
    );
    let _ = write!(
        html,
        r#"<section class="plan__section" aria-labelledby="focus-areas-heading"><h2 id="focus-areas-heading">{}</h2><ol class="focus-areas">"#,
        escape(&t.get("focus_areas_heading", &[])?)
    );
    for (focus_area, _) in plan.indexed_focus_areas() {
        let _ = write!(
            html,
            "<li>{}</li>",
            focus_area_section(plan, focus_area, t)?
        );
    }
    html.push_str("</ol></section>");
    let _ = write!(
        html,
        r#"<section class="plan__section" aria-labelledby="partnership-heading"><h2 id="partnership-heading">{}</h2>"#,
        localized(&plan.partnership().name)
    );
    for paragraph in &plan.partnership().paragraphs {
        let _ = write!(html, "<p>{}</p>", localized(paragraph));
    }
    html.push_str("</section>");
    let _ = write!(
        html,
        r#"<section class="plan__section" aria-labelledby="contacts-heading"><h2 id="contacts-heading">{}</h2><ul class="contacts">"#,
        escape(&t.get("contacts_heading", &[])?)
    );
    for contact in plan.contacts() {
        let _ = write!(
            html,
            r#"<li class="contact"><span class="contact__name">{}</span><span class="contact__role">{}</span></li>"#,
            escape(&contact.name),
            localized(&contact.role)
        );
    }
    html.push_str("</ul></section>");
    if config.feedback.enabled {
        html.push_str(&feedback_question(t)?);
    }
    html.push_str("</article>");
    Ok(html)
}

/// `FocusAreaSection` in `src/pages/plan_page.rs` with `ActivityList`.
fn focus_area_section(
    plan: &Plan,
    focus_area: plan_core::model::FocusAreaIx,
    t: &Texts,
) -> Result<String, String> {
    let area = plan.focus_area(focus_area);
    let id = area.id.to_string();
    let number = area.number.to_string();
    let link = href_of(&UrlState {
        view: View::FocusArea(id.clone()),
        ..UrlState::default()
    });
    let mut html = format!(
        r#"<section class="focus-area" id="{id}" aria-labelledby="{id}-heading"><h3 id="{id}-heading"><span class="focus-area__number">{}</span>{}</h3>"#,
        escape(&t.get("focus_area_number", &[("number", &number)])?),
        localized(&area.title),
        id = escape(&id),
    );
    let _ = write!(
        html,
        r#"<h4 class="focus-area__activities-heading">{}</h4><ul class="activities">"#,
        escape(&t.get("activities_heading", &[])?)
    );
    let tags_label = escape(&t.get("tags_label", &[])?);
    for activity in plan.activities_in(focus_area) {
        let _ = write!(
            html,
            r#"<li class="activity" id="{}"><p class="activity__text">{}</p><div class="activity__tags"><span class="activity__tags-label">{tags_label}</span><ul class="tags">"#,
            escape(&activity.id.to_string()),
            localized(&activity.text)
        );
        for &tag in &activity.tags {
            let _ = write!(
                html,
                r#"<li class="tag">{}</li>"#,
                localized(&plan.tag(tag).label)
            );
        }
        html.push_str("</ul></div></li>");
    }
    let _ = write!(
        html,
        r#"</ul><p class="focus-area__more"><a href="{}">{}</a></p></section>"#,
        escape(&link),
        escape(&t.get("focus_area_open", &[("number", &number)])?)
    );
    Ok(html)
}

/// `FeedbackWidget` for the plan, before an answer (`src/components/feedback_widget.rs`).
fn feedback_question(t: &Texts) -> Result<String, String> {
    Ok(format!(
        concat!(
            r#"<section class="feedback" aria-labelledby="feedback-heading-plan">"#,
            r#"<h2 id="feedback-heading-plan" class="feedback__question">{}</h2>"#,
            r#"<div class="feedback__answers">"#,
            r#"<button type="button" class="button feedback__answer" aria-pressed="false">{}</button>"#,
            r#"<button type="button" class="button feedback__answer" aria-pressed="false">{}</button>"#,
            r#"</div><p class="feedback__thanks" tabindex="-1" role="status"></p></section>"#,
        ),
        escape(&t.get("feedback_question", &[])?),
        escape(&t.get("feedback_yes", &[])?),
        escape(&t.get("feedback_no", &[])?),
    ))
}

/// `SiteFooter` in `src/components/site_footer.rs`, once the plan is in.
fn footer(plan: &Plan, t: &Texts) -> Result<String, String> {
    let mut html = String::from(r#"<footer class="site-footer"><div class="container">"#);
    let updated = t.get("last_updated", &[("date", &t.date(plan.updated_on())?)])?;
    let _ = write!(html, "<p>{}</p>", escape(&updated));
    if let Some(source) = plan.source() {
        let _ = write!(
            html,
            r#"<p>{} <a href="{}">{}</a></p>"#,
            escape(&t.get("source", &[])?),
            escape(&source.url),
            localized(&source.label)
        );
    }
    let statement = href_of(&UrlState {
        view: View::Accessibility,
        ..UrlState::default()
    });
    let _ = write!(
        html,
        r#"<p class="site-footer__statement"><a href="{}">{}</a></p>"#,
        escape(&statement),
        escape(&t.get("footer_accessibility", &[])?)
    );
    html.push_str("</div></footer>");
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use plan_core::validate::{parse_config, parse_plan};

    fn bundled() -> (Plan, AppConfig, Texts) {
        let plan = parse_plan("plan.json", include_str!("../../../public/data/plan.json"))
            .expect("the bundled plan is valid");
        let config = parse_config("config.json", include_str!("../../../public/config.json"))
            .expect("the bundled config is valid");
        let texts = Texts::from_json(include_str!("../../../locales/sv.json")).unwrap();
        (plan, config, texts)
    }

    #[test]
    fn the_start_page_has_every_activity_and_focus_area_of_the_bundled_plan() {
        let (plan, config, texts) = bundled();
        let lines = [(Lang::Sv, "Laddar".to_string())];
        let html = render_start_page(&plan, &config, &texts, &lines).unwrap();
        for activity in plan.activities() {
            assert!(html.contains(&escape(activity.text.get(Lang::Sv))));
        }
        for area in plan.focus_areas() {
            assert!(html.contains(&format!(r#"id="{}""#, area.id)));
        }
        assert_eq!(html.matches("<h1>").count(), 1);
        assert_eq!(html.matches("<main ").count(), 1);
        assert!(!html.contains("{{"), "a placeholder was left unfilled");
    }

    #[test]
    fn data_text_is_escaped_never_markup() {
        assert_eq!(
            escape(r#"<img src=x onerror="a">&'"#),
            "&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn dates_are_written_out_as_the_app_writes_them() {
        let (_, _, texts) = bundled();
        let date = IsoDate {
            year: 2022,
            month: 11,
            day: 29,
        };
        assert_eq!(texts.date(date).unwrap(), "29 november 2022");
    }

    #[test]
    fn a_missing_text_is_an_error_not_a_blank() {
        let texts = Texts::from_json("{}").unwrap();
        assert!(texts.get("goal_heading", &[]).is_err());
        assert!(Texts::from_json("[]").is_err());
    }
}

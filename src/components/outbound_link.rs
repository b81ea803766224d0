//! A link that leaves the app: a partner's website, an e-mail address, a
//! phone number, the plan's source. A kiosk never navigates away, so there
//! it is a QR code to scan with one's own phone, with the short address beside it.

use crate::i18n::{t_string, use_i18n};
use crate::kiosk::in_kiosk;
use leptos::prelude::*;
use plan_core::outbound::{qr_code_svg, short_address};

/// `<a href=url>` with `children` as its text; in a kiosk, the children
/// beside a QR code of `url` and its short address, and nothing to click.
#[component]
pub fn OutboundLink(
    /// A checked `https:`, `http:`, `mailto:` or `tel:` address.
    #[prop(into)]
    url: String,
    children: Children,
) -> impl IntoView {
    if !in_kiosk() {
        return view! { <a href=url>{children()}</a> }.into_any();
    }
    let i18n = use_i18n();
    let address = short_address(&url);
    let code = qr_code_svg(&url).map(|svg| {
        let address = address.clone();
        // The markup is the qrcode crate's: an <svg> of numbers only (see plan_core::outbound).
        view! {
            <span
                class="qr__code"
                role="img"
                aria-label=move || t_string!(i18n, qr_code_label, address = address.clone()).to_string()
                inner_html=svg
            ></span>
        }
    });
    view! {
        <span class="qr">
            {code}
            <span class="qr__text">
                <span class="qr__label">{children()}</span>
                <span class="qr__address">{address}</span>
            </span>
        </span>
    }
    .into_any()
}

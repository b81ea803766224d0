//! Links that leave the app (a partner's website, an e-mail address, a phone
//! number), as a kiosk shows them: a QR code to scan with one's own phone and
//! the short address beside it, since a kiosk must never navigate away.
//!
//! ```
//! use plan_core::outbound::{qr_code_svg, short_address};
//! assert_eq!(short_address("https://www.example.se/om-oss/"), "example.se/om-oss");
//! assert_eq!(short_address("mailto:info@example.se?subject=Hej"), "info@example.se");
//! let svg = qr_code_svg("https://www.example.se/").unwrap();
//! assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
//! ```

use qrcode::render::svg;
use qrcode::QrCode;

/// The address as a person would type it: no scheme, no `www.`, no `/` at
/// the end; an e-mail address or a phone number without `mailto:`, `tel:`
/// and anything after `?`.
pub fn short_address(url: &str) -> String {
    let lower = url.to_ascii_lowercase();
    let rest = if lower.starts_with("mailto:") || lower.starts_with("tel:") {
        let after_scheme = &url[url.find(':').map_or(0, |colon| colon + 1)..];
        after_scheme.split('?').next().unwrap_or_default()
    } else if let Some(scheme_end) = lower.find("://") {
        let after_scheme = &url[scheme_end + 3..];
        let after_scheme = after_scheme.split('#').next().unwrap_or_default();
        let without_www = if after_scheme.to_ascii_lowercase().starts_with("www.") {
            &after_scheme[4..]
        } else {
            after_scheme
        };
        without_www.trim_end_matches('/')
    } else {
        url
    };
    if rest.is_empty() {
        url.to_string()
    } else {
        rest.to_string()
    }
}

/// `text` (the whole link, so a phone opens it as a website, a new e-mail or
/// a call) as a QR code: an `<svg aria-hidden="true">` element (the element
/// around it names it) with one `<rect>` for the light background and one
/// `<path>` for the dark modules, one unit a module, with the quiet zone
/// around it; its size is left to the stylesheet. It has
/// neither `style` attributes nor text from `text`, only numbers. `None` if
/// `text` is too long for any QR code (about 2,900 bytes).
pub fn qr_code_svg(text: &str) -> Option<String> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let image = code
        .render::<svg::Color>()
        .module_dimensions(1, 1)
        .quiet_zone(true)
        .build();
    // The renderer writes a whole file; inside an HTML page only the element
    // belongs, hidden from assistive technology: the element around it names it.
    let start = image.find("<svg ")?;
    Some(format!("<svg aria-hidden=\"true\" {}", &image[start + 5..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_lose_scheme_www_fragment_and_final_slash() {
        assert_eq!(short_address("https://www.example.se/"), "example.se");
        assert_eq!(short_address("https://example.se"), "example.se");
        assert_eq!(
            short_address("http://WWW.Example.se/a/b/"),
            "Example.se/a/b"
        );
        assert_eq!(
            short_address("https://regionorebrolan.se/sv/x?y=1#top"),
            "regionorebrolan.se/sv/x?y=1"
        );
        assert_eq!(short_address("https://www2.example.se/"), "www2.example.se");
    }

    #[test]
    fn mail_and_phone_keep_only_the_address_or_number() {
        assert_eq!(short_address("mailto:info@example.se"), "info@example.se");
        assert_eq!(
            short_address("MAILTO:info@example.se?subject=Fr%C3%A5ga"),
            "info@example.se"
        );
        assert_eq!(short_address("tel:+46191234567"), "+46191234567");
    }

    #[test]
    fn anything_else_is_shown_as_it_is() {
        assert_eq!(short_address("example.se"), "example.se");
        assert_eq!(short_address("https://"), "https://");
        assert_eq!(short_address("tel:"), "tel:");
        assert_eq!(short_address(""), "");
        assert_eq!(short_address("https://www.åäö.se/"), "åäö.se");
    }

    #[test]
    fn the_qr_code_is_a_bare_svg_element_without_styles() {
        let svg = qr_code_svg("https://www.example.se/").unwrap();
        assert!(svg.starts_with("<svg aria-hidden=\"true\" xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>"));
        assert!(!svg.contains("style"));
        assert!(!svg.contains("<?xml"));
        assert!(!svg.contains("example"));
        assert_eq!(svg.matches("<rect").count(), 1);
        assert_eq!(svg.matches("<path").count(), 1);
        // Version 2 (25 modules) for this address, with 4 modules of quiet zone each side.
        assert!(svg.contains("viewBox=\"0 0 33 33\""), "{svg}");
    }

    #[test]
    fn the_qr_code_carries_the_whole_link() {
        // Longer content needs a bigger code.
        let short = qr_code_svg("tel:+46191234567").unwrap();
        let long = qr_code_svg(&format!("https://example.se/{}", "a".repeat(200))).unwrap();
        let size = |svg: &str| {
            let view_box = svg.split("viewBox=\"0 0 ").nth(1).unwrap();
            view_box.split(' ').next().unwrap().parse::<u32>().unwrap()
        };
        assert!(size(&short) < size(&long));
    }

    #[test]
    fn text_too_long_for_a_qr_code_gives_none() {
        assert_eq!(qr_code_svg(&"x".repeat(4_000)), None);
    }
}

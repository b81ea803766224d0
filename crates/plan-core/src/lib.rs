//! plan-core: everything plan-explorer knows, as plain Rust.
//!
//! The app (the root crate) is views over this crate plus a few browser edges;
//! nothing here touches the DOM, the network, storage or a clock, so it all
//! builds and tests natively. Data flows one way:
//!
//! JSON text → [`data_source`] / [`validate`] → the validated [`model`] →
//! [`filter`] (the catalog and facet counts, over the [`facet`] vocabulary) and [`search`] → [`explore`] (one step
//! of the explore view) → the app's views.
//!
//! Beside that flow: [`url_state`] (the address as state and back),
//! [`language`] (which language to start in), [`feedback`] (the offline queue
//! of "Hjälpte informationen dig?" answers), [`results`] (the staff summary
//! of those answers), [`kiosk`] (the kiosk's screens over time),
//! [`outbound`] (links that leave the app, as a kiosk shows them), [`overview`]
//! (the partnership as a whole, counted) and
//! [`embed`] (the messages between the app and a page that embeds it).

pub mod data_source;
pub mod embed;
pub mod explore;
pub mod explore_csv;
pub mod facet;
pub mod feedback;
pub mod filter;
pub mod kiosk;
pub mod language;
pub mod model;
pub mod outbound;
pub mod overview;
pub mod partners_csv;
pub mod preview;
pub mod results;
pub mod search;
pub mod url_state;
pub mod validate;

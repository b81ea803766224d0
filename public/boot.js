// Runs before the first paint: a classic script in <head>, served from 'self' (no inline
// script under the site's CSP). index.html carries the start page, the plan in Swedish, as
// static HTML (crates/plan-prerender). This marks <html> so that the stylesheet shows it only
// where the app will show the same page, and a loading line in the visitor's language
// instead where the address, a saved language choice or a frame asks for something else.
// It only sets attributes to fixed values; nothing from the address reaches the page.
(function () {
  var root = document.documentElement;
  root.setAttribute('data-js', '');
  var known = /^(sv|en|de)$/;
  // As plan_core reads them: the address's last `lang`, else the saved choice, else Swedish.
  var params = new URLSearchParams(location.search);
  var fromAddress = params.getAll('lang').pop();
  var saved = null;
  try {
    saved = localStorage.getItem('plan-explorer.lang');
  } catch (e) {
    // Storage blocked: Swedish unless the address says otherwise.
  }
  var lang = known.test(fromAddress) ? fromAddress : known.test(saved) ? saved : 'sv';
  var framed = true;
  try {
    framed = window.self !== window.top;
  } catch (e) {
    // A cross-origin top throws: we are framed.
  }
  // The mode's class, as the app will set it (src/modes.rs), so that the loading line is
  // laid out in the mode's style from the first paint and does not move when the app starts.
  var fromMode = params.getAll('mode').pop();
  var mode = /^(standalone|embedded|kiosk)$/.test(fromMode) ? fromMode : framed ? 'embedded' : 'standalone';
  root.className = 'mode-' + mode;
  // An editors' preview shows the files they picked (src/browser/preview_session.rs).
  var preview = false;
  try {
    preview = sessionStorage.getItem('plan-explorer.preview') !== null;
  } catch (e) {
    // Storage blocked: no preview can be running.
  }
  // Any other view, search, filter or mode: the static Swedish plan is not what comes.
  if (location.search.length > 1 || lang !== 'sv' || framed || preview) root.setAttribute('data-boot', '');
  root.setAttribute('data-boot-lang', lang);
})();

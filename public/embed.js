/*! plan-explorer embed.js: shows the action plan app in an iframe on your page and
 * keeps the iframe as tall as the app's content.
 *
 * MIT License
 *
 * Copyright (c) 2026 Region Örebro län and the plan-explorer contributors
 *
 * Permission is hereby granted, free of charge, to any person obtaining a copy of this
 * software and associated documentation files (the "Software"), to deal in the Software
 * without restriction, including without limitation the rights to use, copy, modify,
 * merge, publish, distribute, sublicense, and/or sell copies of the Software, and to
 * permit persons to whom the Software is furnished to do so, subject to the following
 * conditions:
 *
 * The above copyright notice and this permission notice shall be included in all copies
 * or substantial portions of the Software.
 *
 * THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
 * INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A
 * PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT
 * HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF
 * CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE
 * OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
 */

// Usage (see README.md, "Embedding"): where the app should appear,
//
//   <script src="https://plan.example.se/embed.js" defer></script>
//
// creates the iframe right after the script tag. Or mark an iframe of your own
//
//   <iframe data-plan-explorer src="https://plan.example.se/?lang=en" title="…"></iframe>
//
// and this script adopts it instead. Optional attributes, on the script or the iframe
// (the iframe's win): data-src (the app's address; default: where embed.js came from),
// data-title, and the theme: data-font, data-accent, data-background, data-radius.
//
// The app posts {type: "plan-explorer:height", version: 1, height} to this page's
// origin only if the app's config.json lists it (embed.allowed_parent_origins). This
// script believes only messages whose event.source is the app's iframe and whose
// event.origin is the origin of the iframe's src; it answers with a hello that carries
// the theme. Anything else claiming to be ours is ignored with one console.warn per
// origin; other messages (other widgets on the page) are left alone. No dependencies;
// nothing is added to the page but the iframe, and only the iframe's own style is set.
(function () {
  'use strict';

  var HEIGHT = 'plan-explorer:height';
  var HELLO = 'plan-explorer:hello';
  var VERSION = 1;
  var MAX_HEIGHT = 100000;
  var THEME = ['font', 'accent', 'background', 'radius'];
  var DEFAULT_TITLE = 'Handlingsplan för civilsamhälle och social ekonomi – Region Örebro län';
  // Until the app answers, a hello is repeated (the app may not be listening yet).
  var HELLO_RETRY_MS = 1000;
  var HELLO_TRIES = 10;

  var script = document.currentScript;
  var frames = [];
  var warned = {};

  function warnOnce(key, text) {
    if (warned[key]) return;
    warned[key] = true;
    if (window.console && console.warn) console.warn('plan-explorer embed.js: ' + text);
  }

  function attribute(element, name) {
    var value = element && element.getAttribute('data-' + name);
    return value ? value : null;
  }

  function setting(iframe, name) {
    return attribute(iframe, name) || attribute(script, name);
  }

  // An http(s) address, resolved against `base`, or null.
  function webAddress(text, base) {
    try {
      var url = new URL(text, base);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
    } catch (error) {
      return null;
    }
  }

  function themeOf(iframe) {
    var theme = {};
    for (var i = 0; i < THEME.length; i += 1) {
      var value = setting(iframe, THEME[i]);
      if (value) theme[THEME[i]] = value;
    }
    return theme;
  }

  function sayHello(frame) {
    var target = frame.iframe.contentWindow;
    if (target) target.postMessage({ type: HELLO, version: VERSION, theme: themeOf(frame.iframe) }, frame.origin);
  }

  // After each load of the frame: hello now, and again until the app answers.
  function greet(frame) {
    clearTimeout(frame.timer);
    frame.heard = false;
    var tries = 0;
    (function again() {
      if (frame.heard || tries >= HELLO_TRIES) return;
      tries += 1;
      sayHello(frame);
      frame.timer = setTimeout(again, HELLO_RETRY_MS);
    })();
  }

  function adopt(iframe) {
    if (iframe.hasAttribute('data-plan-explorer-sized')) return;
    var url = webAddress(iframe.getAttribute('src') || '', document.baseURI);
    if (!url) {
      warnOnce('src', 'an iframe marked data-plan-explorer has no http(s) src; it is left alone');
      return;
    }
    iframe.setAttribute('data-plan-explorer-sized', '');
    if (!iframe.getAttribute('title')) iframe.setAttribute('title', setting(iframe, 'title') || DEFAULT_TITLE);
    var frame = { iframe: iframe, origin: url.origin, heard: false, timer: 0 };
    iframe.addEventListener('load', function () {
      greet(frame);
    });
    frames.push(frame);
    // The frame may have loaded before this script ran (a frame in the page's HTML with
    // this script after it): say hello now too. The app answers with its height; if it
    // is not listening yet, the hello is repeated until it is.
    greet(frame);
  }

  function create() {
    var fallback = script && script.src ? new URL('./', script.src).href : null;
    var url = webAddress(attribute(script, 'src') || fallback || '', script ? script.src : document.baseURI);
    if (!script || !script.parentNode || !url) {
      warnOnce('script', 'cannot tell where the app is; load this script with a plain <script src> tag');
      return;
    }
    var iframe = document.createElement('iframe');
    iframe.setAttribute('src', url.href);
    iframe.setAttribute('data-plan-explorer', '');
    // The iframe's own style only, through the CSSOM (allowed by a strict style-src).
    iframe.style.display = 'block';
    iframe.style.width = '100%';
    iframe.style.border = '0';
    iframe.style.height = '40rem';
    adopt(iframe);
    script.parentNode.insertBefore(iframe, script.nextSibling);
  }

  function frameOf(source) {
    for (var i = 0; i < frames.length; i += 1) {
      if (frames[i].iframe.contentWindow === source) return frames[i];
    }
    return null;
  }

  function isHeightMessage(message) {
    return (
      message !== null &&
      typeof message === 'object' &&
      Object.keys(message).length === 3 &&
      message.type === HEIGHT &&
      message.version === VERSION &&
      typeof message.height === 'number' &&
      Math.floor(message.height) === message.height &&
      message.height >= 0 &&
      message.height <= MAX_HEIGHT
    );
  }

  window.addEventListener('message', function (event) {
    var message = event.data;
    var claimsToBeOurs =
      message !== null && typeof message === 'object' && typeof message.type === 'string' &&
      message.type.indexOf('plan-explorer:') === 0;
    var frame = frameOf(event.source);
    if (!frame) {
      if (claimsToBeOurs) warnOnce(event.origin, 'ignored a message from ' + event.origin + ': it does not come from the app\'s iframe');
      return;
    }
    if (event.origin !== frame.origin) {
      warnOnce(event.origin, 'ignored a message from ' + event.origin + ': the app\'s iframe is at ' + frame.origin);
      return;
    }
    if (!isHeightMessage(message)) {
      warnOnce(event.origin, 'ignored a message from ' + event.origin + ': not a version ' + VERSION + ' height message');
      return;
    }
    frame.iframe.style.height = message.height + 'px';
    if (!frame.heard) {
      // The app is listening now: the hello with the theme reaches it.
      frame.heard = true;
      clearTimeout(frame.timer);
      sayHello(frame);
    }
  });

  function start() {
    var marked = document.querySelectorAll('iframe[data-plan-explorer]');
    for (var i = 0; i < marked.length; i += 1) adopt(marked[i]);
    if (marked.length === 0) create();
  }

  // A plain <script> without defer runs before the rest of the page is parsed.
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();

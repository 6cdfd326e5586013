// Renders the workshop's Mermaid diagrams with the mermaid.min.js that scripts/site copies next to
// this file: no CDN, so the site and the handout work offline. The theme's own Mermaid support
// would fetch the library from a CDN, so scripts/site marks the diagrams with a class the theme
// does not know (rl-mermaid). When every diagram is drawn (or failed), <html data-mermaid> says
// so: headless Chromium waits for it before it prints the handout, and the site test reads it.
(function () {
  // mermaid.min.js is 5 MB: only pages with a diagram load it, from beside this script.
  var here = document.currentScript.src;
  function done(state) {
    document.documentElement.dataset.mermaid = state;
  }
  function start() {
    // scripts/site draws them at build time when it has Chromium: nothing left to do then.
    var diagrams = document.querySelectorAll("div.rl-mermaid:not([data-rendered])");
    if (diagrams.length === 0) {
      done(document.querySelector("div.rl-mermaid") ? "rendered" : "none");
      return;
    }
    var script = document.createElement("script");
    script.src = here.replace(/site\.js([?#].*)?$/, "mermaid.min.js");
    script.onload = function () {
      draw(diagrams);
    };
    script.onerror = function () {
      console.error("racelab site: mermaid.min.js did not load; diagrams stay as source");
      done("failed");
    };
    document.head.appendChild(script);
  }
  function draw(diagrams) {
    mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "default" });
    mermaid
      .run({ nodes: diagrams })
      .then(function () {
        done("rendered");
      })
      .catch(function (err) {
        console.error("racelab site: a diagram failed to render: " + err);
        done("failed");
      });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

/* Kunang dashboard: when the session has ended (expired, logged out elsewhere, password changed),
   Dash's requests get 401: go to the login page instead of leaving a stale page. */
(function () {
  const original = window.fetch;
  window.fetch = function (...args) {
    return original.apply(this, args).then(function (response) {
      const url = String((args[0] && args[0].url) || args[0] || "");
      if (response.status === 401 && url.indexOf("/_dash") !== -1) {
        window.location.assign("/login?next=" + encodeURIComponent(window.location.pathname + window.location.search));
      }
      return response;
    });
  };
  /* The language switch comes back to the page shown now, with its choices: pages change without
     reloading (and the address follows a page's site and period), so its link is completed on click. */
  document.addEventListener("click", function (event) {
    const link = event.target && event.target.closest ? event.target.closest("#switch-language") : null;
    if (!link) return;
    const url = new URL(link.getAttribute("href"), window.location.origin);
    url.searchParams.set("next", window.location.pathname + window.location.search);
    link.setAttribute("href", url.pathname + url.search);
  }, true);
})();

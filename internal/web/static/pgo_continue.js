// The reference PGO's hand-over to a DVA's authorize page: follow the
// link at once. A redirect from the form post cannot do this, because the
// Content-Security-Policy limits form submissions (and their redirects) to
// ketentest itself; a script navigation is not a form submission.
(function () {
  var a = document.querySelector("a[data-continue]");
  if (a) { window.location.assign(a.href); }
})();

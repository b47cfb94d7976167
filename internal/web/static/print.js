// Print buttons: <button data-print>. Kept out of the page because the
// Content-Security-Policy allows no inline script.
document.querySelectorAll("[data-print]").forEach(function (b) {
  b.addEventListener("click", function () { window.print(); });
});

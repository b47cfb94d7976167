// A form with data-confirm asks before it is sent: for actions that cannot
// be undone, such as deleting a participant's personal data.
document.addEventListener('submit', function (e) {
  var msg = e.target.getAttribute && e.target.getAttribute('data-confirm');
  if (msg && !window.confirm(msg)) {
    e.preventDefault();
  }
});

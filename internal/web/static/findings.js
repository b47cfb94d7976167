// The findings list: "select all" for the triage bulk actions. Without
// this script each finding is checked by hand.
(function () {
  "use strict";
  var all = document.getElementById("select-all");
  var form = document.getElementById("bulk-form");
  if (!all || !form) {
    return;
  }
  all.hidden = false;
  all.addEventListener("change", function () {
    var boxes = form.querySelectorAll('input[name="ids"]');
    for (var i = 0; i < boxes.length; i++) {
      boxes[i].checked = all.checked;
    }
  });
})();

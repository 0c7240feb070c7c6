// The ledger's filters fold away on a phone so the assets come first.
// The <details> is open in the HTML (desktop, no script, filters in use); on a
// screen narrower than Bootstrap's md breakpoint and with no filter in use, it
// starts folded: its summary opens it.
(function () {
  var narrow = window.matchMedia("(max-width: 767.98px)");
  document.querySelectorAll("details[data-fold-narrow]").forEach(function (details) {
    if (narrow.matches) { details.open = false; }
  });
})();

/* The sector filter of a graphmap barometer report (no network, no library). Every aggregate is
   drawn once for all sectors and once per sector (div.view[data-view]); the choice shows the one
   view and, in the folded per-case tables and the case list, the rows of that sector. */
(function () {
  "use strict";
  var select = document.getElementById("sector-filter");
  if (!select) { return; }
  function apply() {
    var chosen = select.value;
    Array.prototype.forEach.call(document.querySelectorAll(".view[data-view]"), function (v) {
      v.hidden = v.getAttribute("data-view") !== chosen;
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-sector]"), function (row) {
      row.hidden = chosen !== "*" && row.getAttribute("data-sector") !== chosen;
    });
    document.body.setAttribute("data-sector-shown", chosen);
  }
  select.addEventListener("change", apply);
  apply();
  window.graphmapBarometer = { show: function (sector) { select.value = sector; apply(); } };
})();

// The evidence page's filters (inlined by src/report/html.rs). Without JavaScript the form stays
// hidden and every finding is shown; with it, unchecked severities and review states and the
// chosen code and source hide the findings (and their entries in the contents) that do not match.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  form.hidden = false;
  var findings = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var shown = document.getElementById("shown");
  function checkedValues(name) {
    var out = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[name='" + name + "']"), function (input) {
      out[input.value] = input.checked;
    });
    return out;
  }
  function apply() {
    var severity = checkedValues("severity");
    var review = checkedValues("review");
    var code = form.elements.code.value;
    var source = form.elements.source.value;
    var count = 0;
    findings.forEach(function (finding) {
      var data = finding.dataset;
      var visible = severity[data.severity] === true && review[data.review] === true &&
        (code === "" || data.code === code) &&
        (source === "" || data.sources.split("\t").indexOf(source) >= 0);
      finding.hidden = !visible;
      var entry = document.getElementById("toc-" + data.fingerprint);
      if (entry) { entry.hidden = !visible; }
      if (visible) { count += 1; }
    });
    shown.textContent = count + " of " + findings.length + " findings shown";
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply();
}());

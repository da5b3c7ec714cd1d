// The simulator recomputes as its values change: the form's own address is asked for in the
// background and its results (and the hidden copy of the values the « Enregistrer » form sends)
// replace those on the page. Without JavaScript, « Calculer » does the same by reloading the page.
(function () {
  var form = document.querySelector("form[data-recompute]");
  var results = document.getElementById("simulation-results");
  var status = document.getElementById("simulation-status");
  if (!form || !results || !status || !window.fetch) return;
  var timer = null;
  var asked = 0;

  function recompute() {
    var number = ++asked;
    var address = form.action.split("?")[0] + "?" + new URLSearchParams(new FormData(form)).toString();
    status.textContent = "Calcul en cours…";
    fetch(address, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        if (number !== asked) return; // a later change already asked again
        var page = new DOMParser().parseFromString(html, "text/html");
        var found = page.getElementById("simulation-results");
        if (!found) throw new Error("no results");
        results.replaceChildren.apply(results, Array.from(found.childNodes));
        window.history.replaceState(null, "", address);
        status.textContent = page.querySelector("form[data-recompute] .fr-error-text, form[data-recompute] .fr-alert--error")
          ? "La formule contient une erreur : « Calculer » l'affiche."
          : "Résultats recalculés.";
      })
      .catch(function () {
        if (number === asked) status.textContent = "Le calcul n'a pas pu être fait : utilisez « Calculer ».";
      });
  }

  form.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(recompute, 400);
  });
})();

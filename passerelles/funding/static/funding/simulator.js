// The simulator recomputes as its values change: its results alone are asked for in the background
// (the address in data-source, with the form's values) and replace those on the page, the hidden copy
// of the values the « Enregistrer » form sends included. Without JavaScript, « Calculer » does the
// same by reloading the page.
(function () {
  var form = document.querySelector("form[data-recompute]");
  var results = document.getElementById("simulation-results");
  var status = document.getElementById("simulation-status");
  if (!form || !results || !status || !window.fetch) return;
  var timer = null;
  var asked = 0;

  function recompute() {
    var number = ++asked;
    var query = new URLSearchParams(new FormData(form)).toString();
    status.textContent = "Calcul en cours…";
    fetch(results.getAttribute("data-source") + "?" + query, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        if (number !== asked) return; // a later change already asked again
        results.innerHTML = html; // our own server's markup, as the page itself has it
        window.history.replaceState(null, "", form.action.split("?")[0] + "?" + query);
        status.textContent = results.querySelector("[data-form-errors]")
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

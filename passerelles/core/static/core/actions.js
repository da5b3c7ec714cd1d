// What templates ask for with data attributes, since the Content-Security-Policy forbids inline
// handlers (onclick, onsubmit):
// - a form with data-confirm="Question ?" is sent only once the question is accepted;
// - a button with data-print prints the page.
(function () {
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });
})();

// Fills the <datalist> of any field marked data-autocomplete (communes, or the network search:
// titles, thesaurus labels, communes) from its data-autocomplete-url.
// The form works without it: the server resolves what was typed.
(function () {
  document.querySelectorAll('input[data-autocomplete]').forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.dataset.autocompleteUrl;
    var timer = null;
    var last = "";
    if (!list || !url) return;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2 || query === last) return;
      timer = setTimeout(function () {
        last = query;
        fetch(url + "?q=" + encodeURIComponent(query), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.results.map(function (item) {
              var option = document.createElement("option");
              option.value = item.query || item.label;
              if (item.kind) option.label = item.kind + " : " + item.label;
              return option;
            }));
          })
          .catch(function () {});
      }, 150);
    });
  });
})();

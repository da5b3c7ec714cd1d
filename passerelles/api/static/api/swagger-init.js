/* Starts Swagger UI on the API's documentation page. Its settings come from a data attribute of the
   page, so the page holds no inline script (Content-Security-Policy: script-src 'self'). */
(function () {
  "use strict";
  const root = document.getElementById("swagger-ui");
  const settings = JSON.parse(root.dataset.settings);
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  SwaggerUIBundle(settings);
})();

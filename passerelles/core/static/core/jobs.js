// Follows a background job on its page (core/jobs/job.html): reads its state every two seconds
// until it finishes. Without JavaScript, reloading the page gives the same figures.
(function () {
  "use strict";
  const box = document.querySelector("[data-job-state]");
  if (!box) return;
  const field = (name) => box.querySelector(`[data-job-field="${name}"]`);
  const progress = box.querySelector("progress");
  async function refresh() {
    let state;
    try {
      const response = await fetch(box.dataset.jobState, { credentials: "same-origin" });
      if (!response.ok) return setTimeout(refresh, 5000);
      state = await response.json();
    } catch (error) {
      return setTimeout(refresh, 5000);
    }
    field("state_label").textContent = state.state_label;
    field("done").textContent = state.done;
    if (field("total") && state.total !== null) field("total").textContent = state.total;
    field("message").textContent = state.message;
    if (state.percent !== null) {
      progress.value = state.percent;
      progress.textContent = `${state.percent} %`;
    }
    if (state.finished) {
      const result = box.querySelector("[data-job-result]");
      if (state.result_url) {
        result.querySelector("a").href = state.result_url;
        result.hidden = false;
      }
      const stop = document.querySelector("[data-job-stop]");
      if (stop) stop.hidden = true;
      return;
    }
    setTimeout(refresh, 2000);
  }
  setTimeout(refresh, 2000);
})();

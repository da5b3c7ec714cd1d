"""Helpers of the journeys in Chromium."""

from urllib.parse import urljoin

from django.conf import settings

AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_PATH = "/__axe-core.js"  # never served by the site: the test answers it in the browser


def serious_violations(page):
    """axe-core's serious and critical accessibility violations on the page. axe is loaded as a
    script of the page's own origin, since the Content-Security-Policy refuses inline scripts."""
    url = urljoin(page.url, AXE_PATH)
    page.route(url, lambda route: route.fulfill(path=AXE, content_type="text/javascript"))
    page.add_script_tag(url=url)
    page.unroute(url)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    assert result["passes"], "axe-core did not run"
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]

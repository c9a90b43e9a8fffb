"""What the browser tests check on a page: axe-core's WCAG rules, reflow, focus, zoom."""

import re
from pathlib import Path

from django.conf import settings

AXE_PATH = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"

# The WCAG 2.0 and 2.1 level A and AA rules: what the Swedish law asks for.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
NARROW = {"width": 320, "height": 640}

_RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary})),
  }));
}"""


def axe_violations(page, axe_source):
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the site's CSP does not govern
        # (an inline <script> would rightly be refused).
        page.evaluate(axe_source)
    return page.evaluate(_RUN_AXE, WCAG_TAGS)


def describe_violations(violations, where):
    lines = [f"axe-core found {len(violations)} WCAG 2.1 A/AA violation(s) on {where}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:8]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    at {node['target']}: {summary}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more elements")
    return "\n".join(lines)


def horizontal_overflow(page):
    """How many CSS pixels the page is wider than the viewport (0 is none)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


# What a visitor uses or reads on a narrow screen: every control and every table cell.
CONTROLS_AND_CELLS = "a, button, input, select, textarea, summary, th, td"

_OUTSIDE = """(selector) => {
  const width = document.documentElement.clientWidth;
  return Array.from(document.querySelectorAll(selector))
    .filter((el) => el.checkVisibility({visibilityProperty: true}))
    .map((el) => ({el, box: el.getBoundingClientRect()}))
    .filter(({box}) => box.width > 0 && box.height > 0)
    .filter(({box}) => box.left < -0.5 || box.right > width + 0.5)
    .map(({el, box}) => {
      const text = (el.innerText || el.value || el.name || el.id || "").trim();
      return `${el.tagName.toLowerCase()} "${text.slice(0, 40)}" at ${Math.round(box.left)}`
        + `..${Math.round(box.right)} px (viewport ${width} px)`;
    });
}"""


def outside_viewport(page, selector=CONTROLS_AND_CELLS):
    """The visible controls and table cells that do not lie wholly inside the
    viewport's width, described ([] when all do). Catches what the page's scroll
    width does not: a table scrolled inside its own box, a button cut off by an
    ``overflow: hidden`` parent."""
    return page.evaluate(_OUTSIDE, selector)


def zoom_text(page, percent=200):
    """Enlarge the text only (WCAG 1.4.4), as a browser's text zoom does."""
    page.evaluate(f"() => {{ document.documentElement.style.fontSize = '{percent}%'; }}")


def focus_indicator(page):
    """The focused element and whether it shows its focus (outline or box-shadow)."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const style = getComputedStyle(el);
          const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1;
          const shadow = style.boxShadow !== "none" && style.boxShadow !== "";
          const label = el.labels && el.labels.length ? el.labels[0].innerText
            : (el.getAttribute("aria-label") || el.innerText || el.name || "");
          return {
            tag: el.tagName.toLowerCase(),
            type: el.type || "",
            id: el.id,
            name: el.name || "",
            label: label.trim().slice(0, 60),
            visible: outline || shadow,
          };
        }"""
    )


def show_signup_sent_to(context, base_url, event, addresses):
    """Give the browser the cookie the signup leaves for its "sent" page, as if
    ``addresses`` had just been signed up for ``event``."""
    from django.core import signing
    from django.urls import reverse

    from registrations.views.signup import SENT_COOKIE

    value = signing.dumps([event.slug, list(addresses)], salt=SENT_COOKIE)
    url = base_url + reverse("registrations:signup_sent", args=[event.slug])
    context.add_cookies([{"name": SENT_COOKIE, "value": value, "url": url}])


def screenshot_path(test_name, width, label=""):
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", test_name).strip("-")
    if label:
        name = f"{name}-{label}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}-{width}.png"

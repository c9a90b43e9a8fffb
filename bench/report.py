"""The results as a Markdown table (printed, and pasted into README.md)."""

HEADER = (
    "| measurement | Anmälan | bare Django baseline | ratio (of CPU time) | target | met |",
    "|---|---|---|---|---|---|",
)
LABELS = {
    "event_page": "Event page",
    "signup": "Complete signups",
    "rush": "Rush",
    "export": "Export",
    "workers": "Event page by workers",
}
FAILED = "| {label} | failed: {error} | – | – | – | **no** |"


def _rate(result, unit):
    """'412 req/s; p50 38 ms, p99 95 ms; CPU 9.1 + 0.8 ms' (server + PostgreSQL, per item)."""
    text = f"{result['per_second']:,.0f} {unit}/s"
    if result.get("p50_ms") is not None:
        text += f"; p50 {result['p50_ms']:,.0f} ms, p99 {result['p99_ms']:,.0f} ms"
    if result.get("server_cpu_ms") is not None:
        text += f"; CPU {result['server_cpu_ms']:.1f} + {result['database_cpu_ms']:.1f} ms"
    if result.get("errors"):
        text += f"; {result['errors']} errors"
    return text


def _met(value):
    return {True: "yes", False: "**no**", None: "–"}[value]


def _ratio(section):
    """'6.6% (CPU 6.4%)': the throughput ratio, and the CPU-time ratio beside it."""
    ratio, cpu_ratio = section.get("ratio"), section.get("cpu_ratio")
    if ratio is None:
        return "–"
    return f"{ratio:.1%}" + ("" if cpu_ratio is None else f" (CPU {cpu_ratio:.1%})")


def rows(results):
    lines = list(HEADER)
    for name, label in LABELS.items():
        section = results.get(name)
        if isinstance(section, dict) and "error" in section:
            lines.append(FAILED.format(label=label, error=section["error"].replace("|", "/")))
    page = results.get("event_page") or {}
    if page and "error" not in page:
        lines.append(
            f"| Event page (demo conference, {page.get('clients')} clients) "
            f"| {_rate(page.get('app'), 'req')} | {_rate(page.get('baseline'), 'req')} "
            f"| {_ratio(page)} | ≥ {page.get('target', 0):.0%} | {_met(page.get('met'))} |"
        )
    signup = results.get("signup") or {}
    if signup and "error" not in signup:
        lines.append(
            f"| Complete signups (form, POST, confirmation; {signup.get('clients')} clients) "
            f"| {_rate(signup.get('app'), 'signups')} "
            f"| {_rate(signup.get('baseline'), 'INSERT req')} "
            f"| {_ratio(signup)} | ≥ {signup.get('target', 0):.0%} | {_met(signup.get('met'))} |"
        )
    rush = results.get("rush") or {}
    if rush and "error" not in rush:
        found = (
            f"{rush['confirmed']} confirmed, {rush['waitlisted']} waitlisted, "
            f"{rush['errors']} errors, in {rush['seconds']} s"
        )
        lines.append(
            f"| Rush: {rush.get('signups')} signups for {rush.get('seats')} seats, "
            f"{rush.get('clients')} clients | {found} | – | – "
            f"| {rush.get('seats')} / {rush.get('signups', 0) - rush.get('seats', 0)} / 0 "
            f"| {_met(rush.get('met'))} |"
        )
    lines.extend(lock_rows(results))
    export = results.get("export") or {}
    for kind, label in (("csv", "CSV"), ("xlsx", "XLSX")):
        item = export.get(kind)
        if not item:
            continue
        found = f"{item['seconds']:.1f} s, peak {item['peak_rss_mb']:.0f} MB"
        if item.get("cpu_seconds") is not None:
            found += f"; CPU {item['cpu_seconds']:.1f} s"
        if item.get("returncode"):
            found = f"failed (exit status {item['returncode']})"
        target = item.get("target")
        target_text = (
            f"< {target['seconds']} s, < {target['peak_rss_mb']} MB" if target else "none set"
        )
        lines.append(
            f"| Export {export.get('rows', 0):,} registrations to {label} | {found} | – | – "
            f"| {target_text} | {_met(item.get('met'))} |"
        )
    workers = results.get("workers") or []
    for item in workers if isinstance(workers, list) else []:
        lines.append(
            f"| Event page, {item['workers']} worker{'s' if item['workers'] > 1 else ''} "
            f"| {_rate(item.get('app'), 'req')} | {_rate(item.get('baseline'), 'req')} "
            f"| {_ratio(item)} | – | – |"
        )
    return lines


def lock_rows(results):
    """How long signups held their event's lock, in the signup run and in the rush."""
    for name, label in (("signup", "complete signups"), ("rush", "the rush")):
        lock = (results.get(name) or {}).get("lock")
        if lock:
            yield (
                f"| Event lock held per signup, {label} ({lock['signups']:,} signups) "
                f"| p50 {lock['p50_ms']:.2f} ms, p99 {lock['p99_ms']:.2f} ms | – | – "
                f"| p99 < {lock['target_p99_ms']} ms | {_met(lock.get('met'))} |"
            )


def machine_line(machine):
    return (
        f"{machine.get('cpu')}, {machine.get('cores')} cores, {machine.get('ram_gb')} GB RAM; "
        f"Python {machine.get('python')}, PostgreSQL {machine.get('postgresql')}, "
        f"Django {machine.get('django')}, gunicorn {machine.get('gunicorn')}; "
        f"{machine.get('date')}, commit {machine.get('commit')}"
    )


def table(results):
    return "\n".join(rows(results))


def load_line(machine):
    """How busy the machine was: other work lowers throughput, not CPU per request."""
    samples = machine.get("load_average_1min_during") or []
    if not samples:
        return ""
    line = (
        f"Load average (1 min) during the run: {min(samples)}–{max(samples)} "
        f"on {machine['cores']} cores"
    )
    if max(samples) > machine["cores"] / 2:
        line += "; the machine was busy: compare the CPU ratios rather than the throughput"
    return line

"""Drawing the charts: data in (:mod:`.data`), SVG text out. No database, no request.

Hand-built SVG, because what is needed is small and must be exactly this: static (no
script, no event attribute, no style element or attribute, which the CSP would refuse
inline), self-contained (no external reference: patterns are ``url(#…)`` of the same
document), scalable (a ``viewBox``), accessible (``role="img"`` with a ``<title>`` and a
``<desc>`` that say what the chart shows in words) and readable in greyscale (every
series has a pattern or a shape of its own besides its colour, and a legend or a number
in words). Every piece of text passes through :func:`esc` (markupsafe), titles typed by
people included, and long titles are wrapped and cut (:func:`wrap`) with the whole title
kept in the element's tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date

from flask_babel import gettext as _
from markupsafe import escape

from ..commitments.models import COMPLETION_LABELS, CompletionLevel
from ..i18n import format_day
from ..meetings.models import ORG_KIND_LABELS, OrgKind
from ..text import strip_controls
from .data import AttendanceData, CompletionData, OverdueData, TimelineData

INK = "#1a1a1a"
MUTED = "#595959"
GRID = "#d0d0d0"
DARK = "#1f3a5f"
LIGHT = "#dce6f1"
ALERT = "#a4001d"
FONT = "'Noto Sans Georgian', 'DejaVu Sans', 'Segoe UI', sans-serif"
#: An estimate of a Georgian letter's width, in ems, to wrap text without measuring it.
LETTER_EM = 0.62
#: The longest text a tooltip repeats (a title is at most 300 characters).
TOOLTIP_CHARS = 320


def esc(value: object) -> str:
    """Text or an attribute's value, XML-escaped (``& < > " '``), without the control
    characters XML 1.0 forbids (a row stored before the text cleaner may hold one)."""
    return str(escape(strip_controls(str(value))))


def chars_for(width: float, size: float) -> int:
    return max(4, int(width / (size * LETTER_EM)))


def wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """``text`` in at most ``lines`` lines of at most ``width`` characters, on spaces where
    it can; what does not fit ends in "…"."""
    words = " ".join(text.split()).split(" ") if text.strip() else []
    out: list[str] = []
    current = ""
    for word in words:
        while len(word) > width:  # a word longer than a line is cut
            if current:
                out.append(current)
                current = ""
            out.append(word[:width])
            word = word[width:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width:
            current = candidate
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    if len(out) > lines:
        last = out[lines - 1]
        out = [*out[:lines - 1], last[:width - 1].rstrip() + "…"]
    return out


def attrs(**values: object) -> str:
    """``stroke_width=2`` → ``stroke-width="2"``; ``None`` leaves an attribute out."""
    return " ".join(
        f'{name.rstrip("_").replace("_", "-")}="{esc(value)}"'
        for name, value in values.items() if value is not None
    )


def el(tag: str, body: str | None = None, /, **values: object) -> str:
    """One element: ``el("rect", x=1)`` → ``<rect x="1"/>``; with a body (markup already
    escaped), ``<tag …>body</tag>``."""
    start = f"<{tag} {attrs(**values)}".rstrip()
    return f"{start}/>" if body is None else f"{start}>{body}</{tag}>"


def opening(tag: str, **values: object) -> str:
    """An element's start tag (its children and end tag follow)."""
    return f"<{tag} {attrs(**values)}>"


def num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


class Canvas:
    """One SVG document, built in order."""

    def __init__(self, name: str, width: int, title: str, desc: str) -> None:
        self.name = name
        self.width = width
        self.title = title
        self.desc = desc
        self.parts: list[str] = []

    def add(self, *parts: str) -> None:
        self.parts.extend(parts)

    def text(self, x: float, y: float, content: str, *, size: float = 12,
             anchor: str | None = None, weight: str | None = None, fill: str = INK,
             cls: str | None = None) -> str:
        return el("text", esc(content), x=num(x), y=num(y), font_size=num(size),
                  text_anchor=anchor, font_weight=weight, fill=fill, class_=cls)

    def lines(self, x: float, y: float, rows: list[str], *, size: float = 12,
              fill: str = INK, weight: str | None = None) -> str:
        """Several lines of text, the first one's baseline at ``y``."""
        return "".join(self.text(x, y + i * size * 1.25, row, size=size, fill=fill,
                                 weight=weight) for i, row in enumerate(rows))

    def pattern_id(self, kind: str) -> str:
        return f"{self.name}-{kind}"

    def fill(self, kind: str) -> str:
        return f"url(#{self.pattern_id(kind)})"

    def render(self, height: float) -> str:
        n = self.name
        body = "".join([
            el("title", esc(self.title), id=f"{n}-title"),
            el("desc", esc(self.desc), id=f"{n}-desc"),
            el("defs", self._patterns()),
            el("rect", width=self.width, height=num(height), fill="#ffffff"),
            *self.parts,
        ])
        return el(
            "svg", body, xmlns="http://www.w3.org/2000/svg", version="1.1",
            viewBox=f"0 0 {self.width} {num(height)}", width=self.width, height=num(height),
            role="img", aria_labelledby=f"{n}-title {n}-desc", font_family=FONT,
            font_size=12, fill=INK, class_=f"chart chart--{n}",
        )

    def _patterns(self) -> str:
        """Fills that differ without colour: diagonal hatching, dots, cross-hatching."""
        def pattern(kind: str, body: str) -> str:
            return el("pattern", el("rect", width=6, height=6, fill="#ffffff") + body,
                      id=self.pattern_id(kind), width=6, height=6,
                      patternUnits="userSpaceOnUse")
        return (
            pattern("hatch", el("path", d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2", stroke=DARK,
                                stroke_width=1.4))
            + pattern("dots", el("circle", cx=3, cy=3, r=1.3, fill=DARK))
            + pattern("cross", el("path", d="M0,3 h6 M3,0 v6", stroke=MUTED, stroke_width=1))
        )

    def empty(self, message: str) -> str:
        """A chart with nothing to draw says why, in words."""
        self.add(self.text(self.width / 2, 40, message, anchor="middle", fill=MUTED, size=14,
                           cls="empty"))
        return self.render(64)


def tooltip(text: str) -> str:
    return f"<title>{esc(text[:TOOLTIP_CHARS])}</title>"


def swatch(canvas: Canvas, x: float, y: float, fill: str, label: str,
           stroke: str = DARK) -> tuple[str, float]:
    """A legend entry: a 14×14 square of the fill and its label. Returns it and its width."""
    part = el("g", el("rect", x=num(x), y=num(y), width=14, height=14, fill=fill, stroke=stroke)
              + canvas.text(x + 20, y + 11, label, size=11), class_="legend")
    return part, 20 + len(label) * 11 * LETTER_EM + 18


def legend(canvas: Canvas, y: float, entries: Iterable[tuple[str, str]]) -> float:
    """Swatches in rows across the canvas; returns the height used."""
    x, top = 12.0, y
    for fill, label in entries:
        part, width = swatch(canvas, x, y, fill, label)
        if x > 12 and x + width > canvas.width - 12:
            x, y = 12.0, y + 22
            part, width = swatch(canvas, x, y, fill, label)
        canvas.add(part)
        x += width
    return y - top + 22


def counted(pairs: Iterable[tuple[str, int]]) -> str:
    return "; ".join(f"{label}: {count}" for label, count in pairs)


# Completion -------------------------------------------------------------------------------
LEVEL_FILLS = {
    CompletionLevel.COMPLETE: "solid",
    CompletionLevel.SUBSTANTIAL: "hatch",
    CompletionLevel.LIMITED: "dots",
    CompletionLevel.NOT_STARTED: "none",
}


def _level_fill(canvas: Canvas, level: CompletionLevel) -> str:
    kind = LEVEL_FILLS[level]
    return DARK if kind == "solid" else "#ffffff" if kind == "none" else canvas.fill(kind)


def completion(data: CompletionData) -> str:
    """A bar per commitment: the share of its milestones done, filled by its IRM level,
    with the count and the level written beside it."""
    levels = [bar.level for bar in data.bars]
    summary = counted((str(COMPLETION_LABELS[level]), levels.count(level))
                      for level in reversed(list(CompletionLevel)))
    canvas = Canvas(
        "completion", 760, _("Completion level per commitment"),
        _("Action plan “%(plan)s”. Commitments: %(count)d.", plan=data.plan_title,
          count=len(data.bars)) + (" " + summary if data.bars else ""),
    )
    if not data.bars:
        return canvas.empty(_("This action plan has no commitments yet."))
    # The level and "N of M milestones" beside the bar need ~240 px of Georgian at 11–12 px.
    label_w, bar_x, bar_w, row_h, top = 260, 280, 220, 40, 40
    for share in (0, 50, 100):
        x = bar_x + bar_w * share / 100
        canvas.add(canvas.text(x, 24, f"{share}%", anchor="middle", size=11, fill=MUTED),
                   el("line", x1=num(x), y1=30, x2=num(x), y2=top + row_h * len(data.bars),
                      stroke=GRID))
    width = chars_for(label_w, 12)
    for i, bar in enumerate(data.bars):
        y = top + i * row_h
        label = f"{bar.number}. {bar.title}"
        level = str(COMPLETION_LABELS[bar.level])
        value = (_("%(done)d of %(total)d milestones", done=bar.done, total=bar.total)
                 if bar.total else _("no milestones"))
        filled = bar_w * bar.done / bar.total if bar.total else 0
        canvas.add(
            opening("g", class_="row", data_level=bar.level.value),
            tooltip(f"{label} — {value}, {level}"),
            canvas.lines(12, y + 15, wrap(label, width)),
            el("rect", x=bar_x, y=y + 7, width=bar_w, height=20, fill="#ffffff", stroke=MUTED),
            el("rect", x=bar_x, y=y + 7, width=num(filled), height=20,
               fill=_level_fill(canvas, bar.level), stroke=DARK)
            if filled else "",
            canvas.text(bar_x + bar_w + 10, y + 15, level, weight="bold", cls="level"),
            canvas.text(bar_x + bar_w + 10, y + 30, value, size=11, fill=MUTED, cls="value"),
            "</g>",
        )
    y = top + row_h * len(data.bars) + 14
    used = legend(canvas, y, [(_level_fill(canvas, level), str(COMPLETION_LABELS[level]))
                              for level in reversed(list(CompletionLevel))])
    return canvas.render(y + used + 6)


# Timeline ---------------------------------------------------------------------------------
def _month_ticks(start: date, end: date, width: float) -> list[date]:
    """First days of months across the axis, every 1, 2, 3, 6, 12… months (counted from
    January): as many as fit with 90 px between them."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = next((k for k in (1, 2, 3, 6, 12, 24, 60) if months / k * 90 <= width), 120)
    ticks = []
    year, month = start.year, start.month
    while (first := date(year, month, 1)) <= end:
        if first >= start and (year * 12 + month - 1) % step == 0:
            ticks.append(first)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ticks


def timeline(data: TimelineData) -> str:
    """A Gantt-like chart: each commitment from its start date to its deadline, its
    milestones as diamonds at their deadlines, and a line at today."""
    canvas = Canvas(
        "timeline", 900, _("Timeline of commitments and milestones"),
        _("Action plan “%(plan)s”, %(start)s – %(end)s. Commitments: %(count)d. "
          "Today: %(today)s.", plan=data.plan_title, start=format_day(data.start),
          end=format_day(data.end), count=len(data.rows), today=format_day(data.today)),
    )
    if not data.rows:
        return canvas.empty(_("This action plan has no commitments yet."))
    label_w, chart_x, row_h, top = 240, 264, 36, 48
    chart_w = canvas.width - chart_x - 24
    span = max(1, (data.end - data.start).days)

    def x_of(day: date) -> float:
        return chart_x + chart_w * (day - data.start).days / span

    bottom = top + row_h * len(data.rows)
    for tick in _month_ticks(data.start, data.end, chart_w):
        x = x_of(tick)
        canvas.add(canvas.text(x, 36, format_day(tick), anchor="middle", size=10, fill=MUTED),
                   el("line", x1=num(x), y1=40, x2=num(x), y2=bottom, stroke=GRID))
    width = chars_for(label_w, 12)
    for i, row in enumerate(data.rows):
        y = top + i * row_h
        mid = y + row_h / 2
        start, end = row.start or data.start, row.end or data.end
        late = not row.done and row.end is not None and row.end < data.today
        fill = DARK if row.done else canvas.fill("hatch") if late else LIGHT
        state = (_("completed") if row.done else _("past its deadline, not done") if late
                 else _("in progress"))
        dates = f"{format_day(row.start) or '?'} – {format_day(row.end) or '?'}"
        label = f"{row.number}. {row.title}"
        canvas.add(
            opening("g", class_="row"), tooltip(f"{label}: {dates}, {state}"),
            canvas.lines(12, mid - 3 if len(wrap(label, width)) > 1 else mid + 4,
                         wrap(label, width)),
            el("rect", x=num(x_of(start)), y=num(mid - 7),
               width=num(max(2.0, x_of(end) - x_of(start))), height=14, fill=fill, stroke=DARK,
               stroke_dasharray=None if row.start and row.end else "4 2"),
        )
        for milestone in row.milestones:
            mx = x_of(milestone.deadline)
            status = _("done") if milestone.done else _("not done")
            canvas.add(
                opening("g", class_="milestone", data_done="yes" if milestone.done else "no"),
                tooltip(f"{milestone.title}: {format_day(milestone.deadline)}, {status}"),
                el("path", d=f"M{num(mx)},{num(mid - 7)} l6,7 l-6,7 l-6,-7 z",
                   fill=INK if milestone.done else "#ffffff", stroke=INK, stroke_width=1.5),
                "</g>",
            )
        canvas.add("</g>")
    if data.start <= data.today <= data.end:
        x = x_of(data.today)
        anchor = "end" if x > chart_x + chart_w - 60 else "start" if x < chart_x + 60 else "middle"
        canvas.add(
            opening("g", class_="today"),
            el("line", x1=num(x), y1=40, x2=num(x), y2=bottom + 4, stroke=ALERT, stroke_width=2,
               stroke_dasharray="6 3"),
            canvas.text(x, 18, _("Today, %(day)s", day=format_day(data.today)), anchor=anchor,
                        size=11, weight="bold", fill=ALERT),
            "</g>",
        )
    else:
        canvas.add(canvas.text(chart_x, 18, _("Today (%(day)s) is outside the period shown.",
                                              day=format_day(data.today)),
                               size=11, fill=MUTED, cls="today-outside"))
    y = bottom + 16
    used = legend(canvas, y, [
        (LIGHT, _("Commitment: start to deadline")),
        (DARK, _("Completed")),
        (canvas.fill("hatch"), _("Past its deadline, not done")),
    ])
    y += used
    canvas.add(
        el("path", d=f"M18,{y} l6,7 l-6,7 l-6,-7 z", fill=INK),
        canvas.text(30, y + 11, _("Milestone done"), size=11),
        el("path", d=f"M178,{y} l6,7 l-6,7 l-6,-7 z", fill="#ffffff", stroke=INK),
        canvas.text(190, y + 11, _("Milestone not done"), size=11),
        el("line", x1=350, y1=y, x2=350, y2=y + 14, stroke=ALERT, stroke_width=2,
           stroke_dasharray="6 3"),
        canvas.text(358, y + 11, _("Today"), size=11),
    )
    return canvas.render(y + 26)


# Overdue over time ------------------------------------------------------------------------
def _nice_step(top: int) -> int:
    """A whole-number step giving at most ~5 grid lines up to ``top``."""
    raw = max(1, math.ceil(top / 5))
    magnitude = 10 ** int(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def overdue(data: OverdueData) -> str:
    """Two series over the plan's period: commitments (a solid line, squares) and
    milestones (a dashed line, circles) past their deadline and not done, on each day
    counted (:func:`tracker.charts.data.overdue` says the rule)."""
    points = data.points
    last = points[-1] if points else None
    every = _("weekly") if data.step == "week" else _("monthly")
    desc = _("Action plan “%(plan)s”: commitments and milestones past their deadline and "
             "not done, counted %(every)s.", plan=data.plan_title, every=every)
    if last is not None:
        desc += " " + _("On %(day)s: commitments %(commitments)d, milestones %(milestones)d. "
                        "At most: commitments %(max_c)d, milestones %(max_m)d.",
                        day=format_day(last.day), commitments=last.commitments,
                        milestones=last.milestones,
                        max_c=max(p.commitments for p in points),
                        max_m=max(p.milestones for p in points))
    canvas = Canvas("overdue", 760, _("Overdue commitments and milestones over time"), desc)
    if not points:
        return canvas.empty(_("The action plan’s period has not begun yet."))
    left, right, top, bottom = 56, canvas.width - 24, 48, 268
    highest = max(max(p.commitments, p.milestones) for p in points)
    step = _nice_step(highest)
    y_max = max(step, math.ceil(highest / step) * step)

    def x_of(i: int) -> float:
        return left + (right - left) * (i / (len(points) - 1) if len(points) > 1 else 0.5)

    def y_of(value: int) -> float:
        return bottom - (bottom - top) * value / y_max

    for value in range(0, y_max + 1, step):
        y = y_of(value)
        canvas.add(el("line", x1=left, y1=num(y), x2=right, y2=num(y), stroke=GRID),
                   canvas.text(left - 8, y + 4, str(value), anchor="end", size=11, fill=MUTED))
    labels = max(1, math.ceil(len(points) / 7))
    for i, point in enumerate(points):
        if i % labels == 0 or i == len(points) - 1:
            if i != len(points) - 1 and len(points) - 1 - i < labels / 2:
                continue  # leave room for the last day's label
            anchor = "end" if i == len(points) - 1 and len(points) > 1 else "middle"
            canvas.add(canvas.text(x_of(i), bottom + 18, format_day(point.day),
                                   anchor=anchor, size=10, fill=MUTED))
    canvas.add(el("line", x1=left, y1=bottom, x2=right, y2=bottom, stroke=INK))
    series = (
        ("commitments", _("Commitments"), None, lambda p: p.commitments),
        ("milestones", _("Milestones"), "6 4", lambda p: p.milestones),
    )
    for key, name, dashes, value_of in series:
        path = " ".join(f"{'M' if i == 0 else 'L'}{num(x_of(i))},{num(y_of(value_of(p)))}"
                        for i, p in enumerate(points))
        canvas.add(opening("g", class_=f"series series--{key}"),
                   el("path", d=path, fill="none", stroke=DARK if key == "commitments" else INK,
                      stroke_width=2.5 if key == "commitments" else 1.8, stroke_dasharray=dashes))
        size = 4 if len(points) <= 26 else 2.5  # weekly points of a long period crowd
        for i, point in enumerate(points):
            x, y = x_of(i), y_of(value_of(point))
            tip = tooltip(f"{format_day(point.day)} — {name}: {value_of(point)}")
            if key == "commitments":
                mark = el("rect", tip, x=num(x - size), y=num(y - size), width=num(2 * size),
                          height=num(2 * size), fill=DARK)
            else:
                mark = el("circle", tip, cx=num(x), cy=num(y), r=num(size), fill="#ffffff",
                          stroke=INK, stroke_width=1.5)
            canvas.add(el("g", mark, class_="point", data_day=point.day.isoformat(),
                          data_value=value_of(point)))
        canvas.add("</g>")
    canvas.add(
        el("line", x1=left, y1=20, x2=left + 28, y2=20, stroke=DARK, stroke_width=2.5),
        el("rect", x=left + 10, y=16, width=8, height=8, fill=DARK),
        canvas.text(left + 36, 24, _("Commitments"), size=11),
        el("line", x1=left + 200, y1=20, x2=left + 228, y2=20, stroke=INK, stroke_width=1.8,
           stroke_dasharray="6 4"),
        el("circle", cx=left + 214, cy=20, r=4, fill="#ffffff", stroke=INK, stroke_width=1.8),
        canvas.text(left + 236, 24, _("Milestones"), size=11),
        canvas.text(right, 24, every, anchor="end", size=11, fill=MUTED),
    )
    return canvas.render(bottom + 32)


# Attendance -------------------------------------------------------------------------------
KIND_FILLS = {
    OrgKind.GOVERNMENT.value: "solid",
    OrgKind.CIVIL_SOCIETY.value: "hatch",
    OrgKind.DONOR.value: "dots",
    OrgKind.OTHER.value: "cross",
}


def _kind_fill(canvas: Canvas, kind: str) -> str:
    fill = KIND_FILLS.get(kind, "cross")
    return DARK if fill == "solid" else canvas.fill(fill)


def attendance(data: AttendanceData) -> str:
    """A stacked bar per meeting: its present attendees by the kind of their organisation,
    each kind with its own fill and its count written on it."""
    kinds = [kind.value for kind in OrgKind]
    totals = {kind: sum(m.counts.get(kind, 0) for m in data.meetings) for kind in kinds}
    canvas = Canvas(
        "attendance", 760, _("Attendance by kind of organisation per meeting"),
        _("Meetings from %(start)s to %(end)s: %(count)d. Present attendees in all:",
          start=format_day(data.start), end=format_day(data.end), count=len(data.meetings))
        + " " + counted((str(ORG_KIND_LABELS[kind]), totals[kind]) for kind in kinds) + ".",
    )
    if not data.meetings:
        return canvas.empty(_("No meeting was held within the action plan’s period yet."))
    top = 12 + legend(canvas, 12, [(_kind_fill(canvas, kind), str(ORG_KIND_LABELS[kind]))
                                   for kind in kinds]) + 6
    label_w, bar_x, row_h = 210, 230, 36
    bar_w = canvas.width - bar_x - 60
    scale = bar_w / max(1, max(m.total for m in data.meetings))
    for i, meeting in enumerate(data.meetings):
        y = top + i * row_h
        head = _("Meeting N%(number)d", number=meeting.number) + f" · {format_day(meeting.day)}"
        breakdown = counted((str(ORG_KIND_LABELS[k]), meeting.counts.get(k, 0)) for k in kinds)
        canvas.add(opening("g", class_="row", data_meeting=meeting.meeting_id),
                   tooltip(f"{head}{' — ' + meeting.group if meeting.group else ''}: {breakdown}"),
                   canvas.text(12, y + 14, head))
        if meeting.group:
            canvas.add(canvas.text(12, y + 28, wrap(meeting.group, chars_for(label_w, 10), 1)[0],
                                   size=10, fill=MUTED))
        if not meeting.total:
            canvas.add(canvas.text(bar_x, y + 20, _("no attendees recorded as present"),
                                   size=11, fill=MUTED, cls="none"), "</g>")
            continue
        x = float(bar_x)
        for kind in kinds:
            count = meeting.counts.get(kind, 0)
            if not count:
                continue
            w = count * scale
            canvas.add(
                opening("g", class_="segment", data_kind=kind, data_count=count),
                tooltip(f"{ORG_KIND_LABELS[kind]}: {count}"),
                el("rect", x=num(x), y=y + 6, width=num(w), height=22,
                   fill=_kind_fill(canvas, kind), stroke=DARK),
            )
            if w >= 22:
                canvas.add(
                    el("rect", x=num(x + w / 2 - 9), y=y + 9, width=18, height=16, rx=3,
                       fill="#ffffff", stroke=DARK, stroke_width=0.8),
                    canvas.text(x + w / 2, y + 21, str(count), anchor="middle", size=11,
                                weight="bold"),
                )
            canvas.add("</g>")
            x += w
        canvas.add(canvas.text(x + 8, y + 21, str(meeting.total), size=11, weight="bold",
                               cls="total"), "</g>")
    y = top + row_h * len(data.meetings) + 8
    if data.left_out:
        canvas.add(canvas.text(12, y + 10, _("Earlier meetings not shown: %(count)d.",
                                             count=data.left_out), size=11, fill=MUTED))
        y += 18
    return canvas.render(y + 8)

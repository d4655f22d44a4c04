"""Geometry of a calls-per-month bar chart, computed here so the template only draws SVG shapes."""

import datetime as dt
from dataclasses import dataclass, field

WIDTH = 720
HEIGHT = 180
LEFT = 32  # room for the y-axis numbers
BOTTOM = 22  # room for the year labels
TOP = 10


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    month: dt.date
    count: int

    @property
    def label(self):
        return f"{self.month:%B %Y}: {self.count} call{'s' if self.count != 1 else ''}"


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Chart:
    width: int
    height: int
    baseline: float
    top: float
    left: int
    peak: int
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    months: list = field(default_factory=list)

    @property
    def description(self):
        first, last = self.months[0][0], self.months[-1][0]
        total = sum(count for _, count in self.months)
        return (
            f"{total} calls from {first:%B %Y} to {last:%B %Y}; at most {self.peak} in one month."
        )


def _next_month(day):
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_range(first, last):
    """Every first-of-month from `first` to `last`, both included."""
    months, current = [], first.replace(day=1)
    while current <= last:
        months.append(current)
        current = _next_month(current)
    return months


def monthly_chart(counts):
    """A Chart of {first of month: count}, every month between the first and last shown; None if empty."""
    counts = {month.replace(day=1): n for month, n in counts.items() if month and n}
    if not counts:
        return None
    months = month_range(min(counts), max(counts))
    peak = max(counts.values())
    plot_width = WIDTH - LEFT
    plot_height = HEIGHT - BOTTOM - TOP
    slot = plot_width / len(months)
    gap = min(slot * 0.2, 4)
    baseline = HEIGHT - BOTTOM
    chart = Chart(WIDTH, HEIGHT, baseline, TOP, LEFT, peak)
    for index, month in enumerate(months):
        n = counts.get(month, 0)
        chart.months.append((month, n))
        x = LEFT + index * slot
        if month.month == 1 or index == 0:
            chart.ticks.append(Tick(round(x + 1, 1), str(month.year)))
        if n:
            height = plot_height * n / peak
            chart.bars.append(
                Bar(
                    round(x + gap / 2, 2),
                    round(baseline - height, 2),
                    round(slot - gap, 2),
                    round(height, 2),
                    month,
                    n,
                )
            )
    # A year label squeezed against the first one would overprint it.
    if len(chart.ticks) > 1 and chart.ticks[1].x - chart.ticks[0].x < 36:
        del chart.ticks[0]
    return chart

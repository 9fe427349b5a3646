"""Flame graphs from `perf script` output, with no tool beyond Python.

fold() turns perf's samples into folded stacks ("thread;outer;...;inner" -> samples), the form
the usual flame graph tools read too; render() draws them as an SVG flame graph: one box per
frame, as wide as its share of the samples, callers below callees, the name and counts in each
box's tooltip.
"""
import hashlib
import re
from html import escape

ROW = 16  # pixels per stack level
WIDTH = 1200
MIN_WIDTH = 0.2  # boxes narrower than this (pixels) are left out, with their callees


# A sample's first line: "<thread name> <tid> <time>: <period> <event>:"; the name may hold
# spaces and colons ("rocksdb:low").
SAMPLE_HEAD = re.compile(r"^(.*?)\s+\d+\s+[\d.]+:")


def fold(perf_script_text):
    """Folded stacks of `perf script` text (samples with call chains, `perf record -g`): each
    stack runs from the thread's name through the outermost frame to the innermost. Kernel
    frames end in " [k]"; a frame without a symbol is named by its object ("[libc.so.6]"), and
    one with neither is left out."""
    folded = {}
    thread, frames = None, []

    def finish():
        if thread is not None and frames:
            stack = ";".join([thread] + frames[::-1])
            folded[stack] = folded.get(stack, 0) + 1

    for line in perf_script_text.splitlines():
        if not line.strip():
            finish()
            thread, frames = None, []
        elif not line[0].isspace():
            finish()
            head = SAMPLE_HEAD.match(line)
            thread, frames = (head.group(1) if head else line.split()[0]), []
        else:
            parts = line.split(None, 1)
            if len(parts) < 2:
                continue
            symbol, _, dso = parts[1].rpartition(" (")
            symbol, dso = symbol.strip(), dso.rstrip(")")
            if "+0x" in symbol:
                symbol = symbol.rsplit("+0x", 1)[0]
            if not symbol or symbol == "[unknown]":
                if dso in ("", "[unknown]"):
                    continue
                symbol = "[" + dso.rsplit("/", 1)[-1] + "]"
            elif dso.startswith("[kernel"):
                symbol += " [k]"
            frames.append(symbol.replace(";", ":"))
    finish()
    return folded


def top_functions(folded, count):
    """The `count` innermost frames with the most samples: [(name, samples)]."""
    self_samples = {}
    for stack, samples in folded.items():
        leaf = stack.rsplit(";", 1)[-1]
        self_samples[leaf] = self_samples.get(leaf, 0) + samples
    return sorted(self_samples.items(), key=lambda item: -item[1])[:count]


def _color(name):
    """A warm colour fixed by the name: the same function looks the same in every graph."""
    digest = hashlib.md5(name.encode()).digest()
    if name.endswith(" [k]"):
        return f"rgb({200 + digest[0] % 55},{130 + digest[1] % 60},{40 + digest[2] % 40})"
    return f"rgb({205 + digest[0] % 50},{70 + digest[1] % 110},{40 + digest[2] % 50})"


def render(folded, title):
    """An SVG flame graph of `folded` (fold()'s form), titled `title`."""
    root = {"count": 0, "children": {}}
    for stack, samples in folded.items():
        node = root
        root["count"] += samples
        for frame in stack.split(";"):
            node = node["children"].setdefault(frame, {"count": 0, "children": {}})
            node["count"] += samples
    total = max(root["count"], 1)
    boxes = []

    def place(name, node, x, level):
        width = node["count"] / total * WIDTH
        if width < MIN_WIDTH:
            return
        boxes.append((name, node["count"], x, level, width))
        for child_name in sorted(node["children"]):
            child = node["children"][child_name]
            place(child_name, child, x, level + 1)
            x += child["count"] / total * WIDTH

    place("all", root, 0.0, 0)
    levels = max((level for _, _, _, level, _ in boxes), default=0) + 1
    height = (levels + 3) * ROW
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH + 20}" height="{height}" '
           f'font-family="monospace" font-size="11">',
           '<rect width="100%" height="100%" fill="#fdf6e8"/>',
           f'<text x="10" y="{ROW + 2}" font-size="14">{escape(title)} '
           f'({root["count"]:,} samples)</text>']
    for name, samples, x, level, width in boxes:
        y = height - (level + 1) * ROW
        label = escape(f"{name} ({samples:,} samples, {100 * samples / total:.2f}%)")
        out.append(f'<g><title>{label}</title><rect x="{10 + x:.1f}" y="{y}" '
                   f'width="{width:.1f}" height="{ROW - 1}" fill="{_color(name)}" rx="2"/>')
        characters = int(width / 7)
        if characters >= 3:
            text = name if len(name) <= characters else name[:characters - 2] + ".."
            out.append(f'<text x="{12 + x:.1f}" y="{y + ROW - 4}">{escape(text)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"

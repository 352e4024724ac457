"""The value of a JavaScript string literal, read from a theme's bundle.

The policy step needs the text of a stylesheet that Zensical's bundle defines
as a string constant (guide/web/policy.py, script_styles); the text is hashed,
so it must be exactly what the browser gets, escapes decoded.
"""
from __future__ import annotations


def js_string(code: str, start: int) -> str:
    """The value of the JavaScript string literal that starts at code[start] (a quote)."""
    quote, out, i = code[start], [], start + 1
    simple = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
    while code[i] != quote:
        char = code[i]
        if char == "\\":
            following = code[i + 1]
            if following == "u" and code[i + 2] == "{":
                end = code.index("}", i)
                out.append(chr(int(code[i + 3 : end], 16)))
                i = end + 1
                continue
            if following in "ux":
                width = 4 if following == "u" else 2
                out.append(chr(int(code[i + 2 : i + 2 + width], 16)))
                i += 2 + width
                continue
            if following == "\n":  # a line continuation
                i += 2
                continue
            out.append(simple.get(following, following))
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)

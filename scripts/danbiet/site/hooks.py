"""mkdocs hooks (configured in mkdocs.yml): small fixes to the theme's HTML.

mkdocs-material 9.8 puts `autocomplete="off"` on its checkbox toggles (drawer, search), which
the HTML standard does not allow on checkboxes; the Nu HTML Checker reports it on every page.
"""

from __future__ import annotations

import re
from typing import Any

_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')


def on_post_page(output: str, **_: Any) -> str:
    return _CHECKBOX_AUTOCOMPLETE.sub(r"\1", output)


def on_post_template(output_content: str, **_: Any) -> str:
    """The same fix for static templates such as 404.html."""
    return _CHECKBOX_AUTOCOMPLETE.sub(r"\1", output_content)

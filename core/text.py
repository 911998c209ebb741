"""What a member's text may hold: every character they can type, none they cannot see.

Control characters arrive by pasting (Word and HWP put U+000B, a "manual line break", and
U+000C, a page break, in copied text) or from scripts. They are invisible on the page, and XML
1.0 forbids them, so a .docx holding one cannot be written at all: the member could not
download their own cover letter. The documented normalisation, applied to every member form's
input (core.forms) and again to stored text on its way into an export:

- tab, LF and CR are kept;
- U+000B (vertical tab) and U+000C (form feed) become LF: they were line or page breaks;
- every other C0 and C1 control character (U+0001–U+001F, U+007F–U+009F), the noncharacters
  U+FFFE and U+FFFF and any lone surrogate are removed.

U+0000 (NUL) is not silently dropped on input: a form refuses it with a Korean message (no one
types it; PostgreSQL cannot store it). On the way out (`xml_safe`) it is removed like the rest.
"""

import re

NUL = "\x00"
_BREAKS = re.compile("[\x0b\x0c]")
# C0 without tab/LF/CR, DEL and C1, the two noncharacters XML forbids, lone surrogates.
_REMOVED = re.compile("[\x01-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str) -> str:
    """A member's input after the normalisation above (NUL left for the form to refuse)."""
    if not _BREAKS.search(value) and not _REMOVED.search(value):
        return value
    return _REMOVED.sub("", _BREAKS.sub("\n", value))


def xml_safe(value: str | None) -> str:
    """Stored text made writable into XML (.docx) and sensible in HTML, whatever it holds."""
    if not value:
        return ""
    text = clean_text(value)
    return _XML_ILLEGAL.sub("", text)
